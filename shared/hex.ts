/**
 * Addresses in hexadecimal, as the views, the timeline and the reports print them (`0x5555555592a0`).
 *
 * Why not just `address.toString(16)`: an address of the linux-x86_64 layout lies above 2^31, so
 * to V8 it is a double, not a small integer, and a double goes through the general radix
 * conversion, digit by digit on the floating-point value: three times the cost of the two
 * 32-bit halves converted as integers (4.8 against 1.5 µs an address at load 15, 4,096 heap
 * addresses). A recorded run makes up to 5,000 heap-call markers and every step's state()
 * labels every pointer it shows (64 of an array), so it adds up.
 */

const TWO_32 = 4294967296

/** The hexadecimal digits of `n` (lowercase, no prefix): `n.toString(16)`, faster for addresses. */
export function hexDigits(n: number): string {
  // A whole number in [2^31, 2^64]: its halves are exact (n / 2^32 divides by a power of two).
  if (n >= 0x80000000 && n <= 18446744073709551616 && Number.isInteger(n)) {
    const high = Math.floor(n / TWO_32)
    const low = n - high * TWO_32
    const lowDigits =
      (low >>> 16).toString(16).padStart(4, '0') + (low & 0xffff).toString(16).padStart(4, '0')
    // With no high half, n >= 2^31 puts a digit of 8 or more first: lowDigits has no leading 0.
    return high === 0 ? lowDigits : high.toString(16) + lowDigits
  }
  return n.toString(16)
}

/** `0x` and the hexadecimal digits of an address (`0x5555555592a0`). */
export function hexAddress(n: number): string {
  return '0x' + hexDigits(n)
}
