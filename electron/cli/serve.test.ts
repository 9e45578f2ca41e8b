import { describe, expect, it, vi } from 'vitest'
import { serve } from './serve'
import { captureConsole } from './console-capture'

const { out, err } = captureConsole()

// Only refusals and --help: each returns before anything is started.
describe('memory-lane serve', () => {
  it('refuses a bad command line in the shell language, status 2', async () => {
    expect(await serve(['--port', 'abc'])).toBe(2)
    expect(err.join('\n').split('\n')[0]).toBe(
      'memory-lane serve: --port must be a whole number from 0 to 65535, not "abc".'
    )
    vi.stubEnv('LANG', 'zh_CN.UTF-8')
    const cases: Array<[string[], string]> = [
      [
        ['--port', '70000'],
        'memory-lane serve：--port 必须是 0 到 65535 之间的整数，而不是“70000”。'
      ],
      [['--token-file'], 'memory-lane serve：--token-file 需要一个值。'],
      [['--frob'], 'memory-lane serve：未知选项 "--frob"。']
    ]
    for (const [args, chinese] of cases) {
      err.length = 0
      expect(await serve(args), args.join(' ')).toBe(2)
      expect(err.join('\n').split('\n')[0]).toBe(chinese)
    }
  })

  it('--help says every flag, in English and in Chinese', async () => {
    expect(await serve(['--help'])).toBe(0)
    const english = out.join('\n').split('\n')
    expect(english[0]).toBe('Usage: memory-lane serve [--port N] [--open] [--token-file PATH]')
    for (const flag of ['--port N', '--open', '--token-file PATH'])
      expect(english.some((l) => l.startsWith(`  ${flag} `))).toBe(true)
    out.length = 0
    vi.stubEnv('LANG', 'zh_CN.UTF-8')
    expect(await serve(['-h'])).toBe(0)
    const chinese = out.join('\n').split('\n')
    expect(chinese[0]).toBe('用法：memory-lane serve [--port N] [--open] [--token-file PATH]')
    expect(chinese.length).toBe(english.length)
    for (const line of chinese.slice(1)) expect(line).toMatch(/[\u4e00-\u9fff]/)
  })
})
