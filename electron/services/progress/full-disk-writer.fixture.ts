/**
 * Test fixture: saves larger and larger results until saving fails, run under a file-size limit
 * (`ulimit -f`, with SIGXFSZ ignored) so that the kernel does to the progress files what a full
 * disk does: a write that does not fit writes what fits and says so, the next one fails. Prints
 * `saved N` after each save that succeeded and `failed MESSAGE` once.
 * Usage: sh -c "trap '' XFSZ; ulimit -f BLOCKS; exec node full-disk-writer.cjs DIR"
 */
import { ProgressStore } from './store'

async function main(): Promise<void> {
  const store = ProgressStore.open({ directory: process.argv[2] })
  await store.createProfile({ name: 'Ada' })
  for (let n = 1; n < 1000; n++) {
    try {
      await store.saveCheckpoint({
        packId: 'pack',
        lessonId: 'lesson',
        checkpointId: `c${n}`,
        passed: true,
        answer: `answer ${n} `.repeat(100)
      })
      process.stdout.write(`saved ${n}\n`)
    } catch (error) {
      process.stdout.write(`failed ${(error as Error).message}\n`)
      return
    }
  }
}
void main()
