// Placeholder until this subcommand lands; replaced by its owner.
export async function serve(_args: string[]): Promise<number> {
  console.error('memory-lane serve: not available yet in this build.')
  return 2
}
