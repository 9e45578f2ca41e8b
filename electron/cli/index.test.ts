import { describe, expect, it } from 'vitest'
import { usage } from './index'

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
