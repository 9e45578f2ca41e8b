import { describe, expect, it } from 'vitest'
import { usage } from './index'
import { heapUsage } from './heap'
import { runUsage } from './run'

describe('memory-lane --help', () => {
  it('lists the commands in English, and in Chinese for a Chinese shell', () => {
    expect(usage('en').split('\n')).toEqual([
      'Usage:',
      '  memory-lane run FILE.c               compile and run a C program on the simulated machine',
      '  memory-lane heap replay ...          replay an allocation trace or an OSTEP op list',
      '  memory-lane pack validate|build|new  tools for lesson-pack authors',
      '  memory-lane serve [--port N]         start the browser edition on 127.0.0.1'
    ])
    // The commands stay as they are typed; what each does is said in Chinese.
    expect(usage('zh-CN').split('\n')).toEqual([
      '用法：',
      '  memory-lane run FILE.c               在模拟的机器上编译并运行一个 C 程序',
      '  memory-lane heap replay ...          重放一段分配轨迹或 OSTEP 操作列表',
      '  memory-lane pack validate|build|new  课程包作者的工具',
      '  memory-lane serve [--port N]         在 127.0.0.1 上启动浏览器版'
    ])
  })
})

describe('memory-lane run --help', () => {
  it('says each flag in English as before, and in Chinese for a Chinese shell', () => {
    const english = runUsage('en').split('\n')
    expect(english[0]).toBe('Usage: memory-lane run FILE.c [options] [-- ARG...]')
    expect(english).toContain(
      '  --layout linux-x86_64|classroom   address-space layout (default linux-x86_64)'
    )
    // A sentence over several lines continues under its first line.
    expect(english.slice(-4)).toEqual([
      "  --stdout tty|pipe|line|unbuffered how the program's stdout is buffered (linux-x86_64:",
      "                                    tty when this command's stdout is a terminal, else pipe,",
      '                                    as glibc decides; classroom: unbuffered)',
      "  --json                            print a JSON summary instead of the program's output"
    ])
    const chinese = runUsage('zh-CN').split('\n')
    expect(chinese[0]).toBe('用法：memory-lane run FILE.c [options] [-- ARG...]')
    expect(chinese).toContain(
      '  --layout linux-x86_64|classroom   地址空间布局（默认 linux-x86_64）'
    )
    expect(chinese).toContain('  --steps N                         步数预算（默认 10000000）')
    // Every flag is there, typed as in English, and no line is left in English.
    expect(chinese.length).toBe(english.length)
    for (const line of chinese.slice(1)) expect(line).toMatch(/[\u4e00-\u9fff]|^ {36}/)
  })
})

describe('memory-lane heap --help', () => {
  it("says malloc.py's flags and this command's own in English as before, and in Chinese", () => {
    const english = heapUsage('en').split('\n')
    expect(english[0]).toBe('Usage:')
    expect(english).toContain('  -C, --coalesce               coalesce the free list?')
    // The JSON example keeps its braces (a parameter, not read as one by the message syntax).
    expect(english).toContain('      --json                   print {"ops": [...]} instead of text')
    const chinese = heapUsage('zh-CN').split('\n')
    expect(chinese[0]).toBe('用法：')
    expect(chinese).toContain('  -C, --coalesce               是否合并空闲链表中的相邻块')
    expect(chinese).toContain('      --json                   输出 {"ops": [...]}，而不是文本')
    // The commands stay as typed; every flag's line says what it does in Chinese.
    expect(chinese.slice(1, 6)).toEqual(english.slice(1, 6))
    expect(chinese.length).toBe(english.length)
    for (const line of chinese.slice(6))
      expect(line).toMatch(/^ {2}(-\w, |    )--\S+.*[\u4e00-\u9fff]/)
  })
})
