/**
 * How the byte inspector's rows fit the width of its pane. Measured in the app (12 px text):
 * the address, hex and ASCII columns take about 562 px for 16 bytes a row and 343 px for 8, and
 * an owner such as "padding of the block at 0x5555555592a0" needs about 250 px beside them.
 * Where the owners have no room beside the bytes they go on a line of their own under each row,
 * instead of running past the pane's edge, cut off (they did at 1024, 1280 and 1920 wide).
 */
export interface ByteRowLayout {
  /** 16 bytes a row as xxd prints them where there is room, else 8 (one word). */
  rowBytes: 8 | 16
  /** The owners in a column beside the bytes; otherwise on a line under each row. */
  ownersBeside: boolean
}

export const WIDE_ENOUGH_FOR_16 = 820
export const WIDE_ENOUGH_FOR_8 = 600

/** The layout for a pane `width` px wide; 0 (not measured, as in tests) is the widest. */
export function byteRowLayout(width: number): ByteRowLayout {
  if (width === 0 || width >= WIDE_ENOUGH_FOR_16) return { rowBytes: 16, ownersBeside: true }
  return { rowBytes: 8, ownersBeside: width >= WIDE_ENOUGH_FOR_8 }
}
