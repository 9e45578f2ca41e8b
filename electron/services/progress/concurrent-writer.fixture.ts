/**
 * Test fixture: one app instance of a learner, saving results into a progress folder that
 * another instance uses at the same time. Creates (or takes) the profile NAME, then saves
 * COUNT checkpoints `NAME-1` … `NAME-COUNT`, one after another, and prints `done`.
 * Usage: node concurrent-writer.cjs DIR NAME COUNT
 */
import { ProgressStore } from './store'

async function main(): Promise<void> {
  const [directory, name, count] = process.argv.slice(2)
  const store = ProgressStore.open({ directory })
  const existing = (await store.listProfiles()).profiles.find((p) => p.name === name)
  if (existing) await store.switchProfile({ profileId: existing.id })
  else await store.createProfile({ name })
  for (let n = 1; n <= Number(count); n++)
    await store.saveCheckpoint({
      packId: 'pack',
      lessonId: 'lesson',
      checkpointId: `${name}-${n}`,
      passed: n % 2 === 0,
      answer: `${name} answer ${n} `.repeat(200)
    })
  process.stdout.write('done\n')
}
void main()
