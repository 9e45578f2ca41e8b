// Placeholder until this subcommand lands; replaced by its owner.
export async function run(_args: string[]): Promise<number> {
  console.error('memory-lane run: not available yet in this build.')
  return 2
}
