// Placeholder until this subcommand lands; replaced by its owner.
export async function heap(_args: string[]): Promise<number> {
  console.error('memory-lane heap: not available yet in this build.')
  return 2
}
