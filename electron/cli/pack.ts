// Placeholder until this subcommand lands; replaced by its owner.
export async function pack(_args: string[]): Promise<number> {
  console.error('memory-lane pack: not available yet in this build.')
  return 2
}
