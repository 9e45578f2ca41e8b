/**
 * Test fixture: a process that saves progress in a loop until it is killed. It prints
 * `saved N` after each completed save, so the test knows how far it got before SIGKILL.
 * Usage: node crash-writer.cjs DIR
 */
import { ProgressStore } from './store'

async function main(): Promise<void> {
  const directory = process.argv[2]
  const store = ProgressStore.open({ directory })
  if ((await store.listProfiles()).profiles.length === 0)
    await store.createProfile({ name: 'Crash test' })
  process.stdout.write('ready\n')
  for (let n = 1; ; n++) {
    await store.saveCheckpoint({
      packId: 'pack',
      lessonId: 'lesson',
      checkpointId: 'loop',
      passed: false,
      // A large answer makes each write long enough for the kill to land inside it.
      answer: `attempt ${n} `.repeat(2000)
    })
    process.stdout.write(`saved ${n}\n`)
  }
}
void main()
