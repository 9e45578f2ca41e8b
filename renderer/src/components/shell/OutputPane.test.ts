// @vitest-environment happy-dom
/**
 * The output pane says how the program ended and what the heap checker found in the interface
 * language, from real runs of the simulator.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import OutputPane from './OutputPane.vue'
import { createAppI18n, type Language } from '../../i18n'
import { useRunStore } from '../../stores/run'
import { threeBlocks } from '../memory/fixtures'
import { compile, runC } from '../../../../shared/lang'
import { RunSession } from '../../../../shared/lang/session'

const NULL_WRITE = 'int main(void) {\n  int *p = 0;\n  *p = 1;\n  return 0;\n}'
const LEAK =
  '#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n  char *p = malloc(24);\n  printf("%p\\n", (void *)p);\n  p = 0;\n  return 0;\n}'

let pinia: Pinia
beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
})

/** Mounts the pane showing the end of a real run of `source`. */
function showRun(source: string, language: Language, checked = false) {
  const result = runC(source, {
    file: 'test.c',
    allocator: 'first-fit',
    ...(checked ? { reportUninitializedReads: true } : {})
  })
  const run = useRunStore()
  run.state = { ...threeBlocks, output: result.stdout, exit: result.exit, events: result.events }
  const wrapper = mount(OutputPane, { global: { plugins: [pinia, createAppI18n(language)] } })
  return { wrapper, result }
}

describe('OutputPane', () => {
  it('explains a NULL write in Chinese when the interface is in Chinese', () => {
    const { wrapper } = showRun(NULL_WRITE, 'zh-CN')
    expect(wrapper.get('[data-testid="exit-explanation"]').text()).toBe(
      '在地址 0x0 写入时出错：地址 0（NULL）从不映射，所以不能解引用 NULL 指针。'
    )
  })

  it('keeps the same sentence in English', () => {
    const { wrapper, result } = showRun(NULL_WRITE, 'en')
    const text = wrapper.get('[data-testid="exit-explanation"]').text()
    expect(text).toBe(
      'Writing to address 0x0 faults: address 0 (NULL) is never mapped, so a NULL pointer cannot be dereferenced.'
    )
    // The English interface says what the command line says.
    expect(result.exit.explanation).toBe(text)
  })

  it('shows the C a sentence quotes between backticks as code, not as backticks', () => {
    const RECURSION =
      'void down(int n) {\n  char buf[1024];\n  buf[0] = (char)n;\n  down(n + 1);\n}\nint main(void) {\n  down(1);\n  return 0;\n}'
    for (const language of ['en', 'zh-CN'] as const) {
      const { wrapper, result } = showRun(RECURSION, language)
      // The simulator's sentence names the function as `down`, backticks and all.
      expect(result.exit.explanation).toContain('`down`')
      const explanation = wrapper.get('[data-testid="exit-explanation"]')
      expect(explanation.findAll('code').map((c) => c.text())).toContain('down')
      expect(explanation.text()).not.toContain('`')
    }
  })

  it('lists a leak in Chinese, with the address the program printed and the line of malloc', () => {
    const { wrapper, result } = showRun(LEAK, 'zh-CN')
    const address = /0x[0-9a-f]+/.exec(result.stdout)?.[0]
    expect(address).toBeDefined()
    // malloc(24) is on line 4 of the program.
    expect(wrapper.get('[data-testid="misuse-reports"] li').text()).toBe(
      `${address} 处的 24 字节块（第 4 行分配）确定泄漏：任何地方都不再有指向它的指针。`
    )
  })

  it("says many leaks from one line in one sentence, as a leak checker's loss record does", () => {
    // line 3 leaks 3 blocks: each said on its own; line 4 leaks 5 of 16..20 bytes (90 in all):
    // one sentence. A loop of 100,000 mallocs had listed 100,000 sentences.
    const MANY =
      '#include <stdlib.h>\nint main(void) {\n  for (int i = 0; i < 3; i++) malloc(8);\n  for (int i = 0; i < 5; i++) malloc(16 + i);\n  return 0;\n}'
    const { wrapper, result } = showRun(MANY, 'en')
    expect(result.events.filter((e) => e.kind === 'leak')).toHaveLength(8)
    const first = `0x${result.events[3].address.toString(16)}`
    const items = wrapper.findAll('[data-testid="misuse-reports"] li').map((li) => li.text())
    expect(items).toHaveLength(4)
    expect(
      items
        .slice(0, 3)
        .every((t) => /^The 8-byte block at 0x[0-9a-f]+ \(allocated at line 3\)/.test(t))
    ).toBe(true)
    expect(items[3]).toBe(
      `5 blocks allocated at line 4, 90 bytes in all, are definitely lost: no pointer to any of them remains anywhere. The first is at ${first}.`
    )
    const chinese = showRun(MANY, 'zh-CN').wrapper.findAll('[data-testid="misuse-reports"] li')
    expect(chinese[3].text()).toBe(
      `第 4 行分配的 5 个块（共 90 字节）确定泄漏：任何地方都不再有指向它们的指针。第一个在 ${first}。`
    )
  })

  it('says at which line each misuse happened, in both languages', () => {
    // free(p) on line 4, then p[0] written on line 5: a use after free at line 5.
    const AFTER_FREE =
      '#include <stdlib.h>\nint main(void) {\n  char *p = malloc(8);\n  free(p);\n  p[0] = 1;\n  return 0;\n}'
    const english = showRun(AFTER_FREE, 'en').wrapper.get('[data-testid="misuse-reports"] li')
    expect(english.text()).toMatch(/^line 5:\s*Writing 1 byte at 0x[0-9a-f]+ uses the 8-byte block/)
    const chinese = showRun(AFTER_FREE, 'zh-CN').wrapper.get('[data-testid="misuse-reports"] li')
    expect(chinese.text()).toMatch(/^第 5 行：/)
    // A sentence that names its line itself gets no second one.
    const local = 'int main(void) {\n  int x;\n  int y = x + 1;\n  return y - y;\n}'
    const checked = showRun(local, 'en', true).wrapper.get('[data-testid="misuse-reports"] li')
    expect(checked.text()).toMatch(/^Line 3 reads x before anything was stored in it/)
  })

  it('says "1 byte" and "2 bytes" in English, and 字节 for both in Chinese', () => {
    // malloc(8) on line 4, then line 5 writes one past its end: a char (1 byte, 1 past the end),
    // or a short at p + 8 (2 bytes, both past the end); an int at p + 7 is 4 bytes, 3 past it.
    const overflow = (store: string) =>
      `#include <stdlib.h>\nint main(void) {\n  char *p;\n  p = malloc(8);\n  ${store}\n  free(p);\n  return 0;\n}`
    const sentence = (store: string, language: Language) =>
      showRun(overflow(store), language)
        .wrapper.get('[data-testid="misuse-reports"] li')
        .text()
        .replace(/0x[0-9a-f]+/g, 'ADDR')
    // The English interface says what the command line says (the simulator's own "1 byte").
    const oneByte = showRun(overflow('p[8] = 1;'), 'en')
    expect(oneByte.wrapper.get('[data-testid="misuse-reports"] li').text()).toContain(
      oneByte.result.events[0].message
    )
    expect(sentence('p[8] = 1;', 'en')).toContain(
      'Writing 1 byte at ADDR goes 1 byte past the end of the 8-byte block at ADDR (allocated at line 4)'
    )
    expect(sentence('*(short *)(p + 8) = 1;', 'en')).toContain(
      'Writing 2 bytes at ADDR goes 2 bytes past the end of the 8-byte block at ADDR (allocated at line 4)'
    )
    expect(sentence('*(int *)(p + 7) = 1;', 'en')).toContain(
      'Writing 4 bytes at ADDR goes 3 bytes past the end'
    )
    expect(sentence('p[8] = 1;', 'zh-CN')).toContain(
      '写入 ADDR 处的 1 字节越过了 ADDR 处 8 字节块（第 4 行分配）的末尾 1 字节'
    )
    expect(sentence('*(short *)(p + 8) = 1;', 'zh-CN')).toContain(
      '写入 ADDR 处的 2 字节越过了 ADDR 处 8 字节块（第 4 行分配）的末尾 2 字节'
    )
  })

  it('places an address far above the break in the gap below the mmap area, in both languages', () => {
    // The program allocates nothing: the break is the heap start, 0x555555559000, and the mmap
    // area starts at its base, 0x7ffff7dd1000; 0x7fff00000000 is 4.2 GB below that and 46.9 TB
    // above the break.
    const WILD = 'int main(void) {\n  int *p = (int *)0x7fff00000000;\n  return *p;\n}'
    expect(showRun(WILD, 'en').wrapper.get('[data-testid="exit-explanation"]').text()).toBe(
      'Reading 0x7fff00000000 faults: it is in the unmapped gap between the heap and the mmap area, nearer the mmap area (which starts at 0x7ffff7dd1000; the stack lies above it) than the heap (which ends at the program break, 0x555555559000): neither brk nor mmap has given the program memory there.'
    )
    expect(showRun(WILD, 'zh-CN').wrapper.get('[data-testid="exit-explanation"]').text()).toBe(
      '在 0x7fff00000000 读取时出错：它位于堆和 mmap 区之间未映射的空隙里，离 mmap 区（从 0x7ffff7dd1000 开始，栈在它上方）比离堆（止于程序断点 0x555555559000）更近：brk 和 mmap 都没有在那里给程序分配内存。'
    )
  })

  it('says why the watchdog stopped a run in Chinese, with the time budget', () => {
    const run = useRunStore()
    run.notice = {
      kind: 'restarted',
      key: 'restarted.time',
      detail: 'The program was still running after 1.5 seconds, …',
      detailKey: 'restartedDetail.time',
      detailParams: { budget: 1.5 }
    }
    const wrapper = mount(OutputPane, { global: { plugins: [pinia, createAppI18n('zh-CN')] } })
    expect(wrapper.get('[data-testid="run-notice"] .detail').text()).toBe(
      '程序运行了 1.5 秒仍未结束，所以模拟器停止了它（通常是因为循环永远不会结束）。模拟器已经重启，可以进行下一次运行。'
    )
  })

  it('lists compile errors in the interface language and says them again after a switch', async () => {
    const compiled = compile('int main(void) {\n  int x = 1\n  return x;\n}\n', { file: 'test.c' })
    if (compiled.ok) throw new Error('the program should not compile')
    const run = useRunStore()
    run.diagnostics = compiled.diagnostics
    const i18n = createAppI18n('zh-CN')
    const wrapper = mount(OutputPane, { global: { plugins: [pinia, i18n] } })
    const message = () => wrapper.get('[data-testid="diagnostics"] .message')
    // The `;` is missing at the end of `int x = 1` on line 2; C is set as code, not in backticks.
    expect(message().text()).toBe('声明后面应有 ;，但这里是 return。')
    expect(
      message()
        .findAll('code')
        .map((c) => c.text())
    ).toEqual([';', 'return'])
    i18n.global.locale.value = 'en'
    await wrapper.vm.$nextTick()
    expect(message().text()).toBe('Expected ; after the declaration, but found return.')
  })
})

describe('OutputPane with standard error', () => {
  const PROGRAM =
    '#include <stdio.h>\nint main(void) {\n  printf("one ");\n  fprintf(stderr, "oops\\n");\n  printf("two\\n");\n  return 0;\n}'

  /** The pane at the end of a real session of PROGRAM, stdout a terminal (the app's default). */
  function showSession(language: Language) {
    const session = new RunSession(PROGRAM, { file: 'test.c' })
    session.runToEnd()
    const run = useRunStore()
    run.state = session.state()
    return mount(OutputPane, { global: { plugins: [pinia, createAppI18n(language)] } })
  }

  it('shows stderr where the terminal shows it, before the line stdout still buffers', () => {
    const wrapper = showSession('en')
    // "one " waits in stdout's line buffer; stderr is unbuffered, so "oops" comes first.
    expect(wrapper.get('[data-testid="program-output"]').text()).toBe('oops\none two')
    const stderr = wrapper.findAll('[data-testid="stderr-run"]')
    expect(stderr.map((s) => s.text())).toEqual(['oops'])
    expect(stderr[0].classes()).toContain('stderr')
    expect(wrapper.get('[data-testid="stderr-note"]').text()).toContain('standard error (stderr)')
  })

  it('explains the colour in Chinese', () => {
    const wrapper = showSession('zh-CN')
    expect(wrapper.get('[data-testid="stderr-note"]').text()).toContain('标准错误（stderr）')
    expect(wrapper.get('[data-testid="stderr-run"]').attributes('title')).toBe('标准错误')
  })

  it('shows no note when nothing went to stderr', () => {
    const run = useRunStore()
    run.state = { ...threeBlocks, output: 'hi\n' }
    const wrapper = mount(OutputPane, { global: { plugins: [pinia, createAppI18n('en')] } })
    expect(wrapper.find('[data-testid="stderr-note"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="program-output"]').text()).toBe('hi')
  })

  it('says, in the interface language, that a program read EOF because it was given no input', async () => {
    const READ_LINE =
      '#include <stdio.h>\nint main(void) {\n  char line[32];\n  if (!fgets(line, sizeof line, stdin)) puts("nothing");\n  return 0;\n}'
    const session = new RunSession(READ_LINE, { file: 'test.c' })
    session.runToEnd()
    const run = useRunStore()
    run.state = session.state()
    expect(run.state.output).toBe('nothing\n')
    const zh = mount(OutputPane, { global: { plugins: [pinia, createAppI18n('zh-CN')] } })
    expect(zh.get('[data-testid="stdin-note"]').text()).toContain('标准输入的结尾（EOF）')
    const en = mount(OutputPane, { global: { plugins: [pinia, createAppI18n('en')] } })
    expect(en.get('[data-testid="stdin-note"]').text()).toContain('it was given none')

    // Given a line, the same program reads it and nothing needs saying.
    const given = new RunSession(READ_LINE, { file: 'test.c', stdin: 'hi\n' })
    given.runToEnd()
    run.state = given.state()
    run.input = 'hi\n'
    await en.vm.$nextTick()
    expect(run.state.output).toBe('')
    expect(en.find('[data-testid="stdin-note"]').exists()).toBe(false)
  })

  it('names the heap the memory limit ended beside the memory written, in both languages', () => {
    // malloc(4096) and one byte written per block: each block costs about one 512-byte
    // simulated page (its header and p[0] share one), so a 1 MiB limit (2,048 pages) ends it
    // near 2,048 blocks of 4,112 bytes (glibc: 4,096 + 8 rounded to 16): about 8 MiB of heap.
    const session = new RunSession(
      '#include <stdlib.h>\nint main(void) {\n  while (1) {\n    char *p = malloc(4096);\n    p[0] = 1;\n  }\n}\n',
      { file: 'test.c', memoryLimit: 1024 * 1024 }
    )
    session.runToEnd()
    const run = useRunStore()
    run.state = session.state()
    expect(run.state.exit?.signal).toBe('SIGKILL')
    const en = mount(OutputPane, { global: { plugins: [pinia, createAppI18n('en')] } })
    const sentence = en.get('[data-testid="exit-explanation"]').text()
    expect(sentence).toContain('The program had written 1 MiB of memory by line')
    const reserved = /malloc reserved for it: ([\d.]+) MiB\./.exec(sentence)
    expect(Number(reserved?.[1])).toBeGreaterThan(7.5)
    expect(Number(reserved?.[1])).toBeLessThan(8.5)
    const zh = mount(OutputPane, { global: { plugins: [pinia, createAppI18n('zh-CN')] } })
    expect(zh.get('[data-testid="exit-explanation"]').text()).toContain(
      `malloc 为它预留的内存：${reserved?.[1]} MiB。`
    )
  })

  describe('a NULL dereference after malloc returned NULL', () => {
    /** Runs `source` to its end with `allocator` and shows it, its timeline as the store has it. */
    function showFault(source: string, allocator: string, language: Language) {
      const session = new RunSession(source, { file: 'test.c', allocator })
      session.runToEnd()
      const run = useRunStore()
      run.state = session.state()
      run.timeline = session.timeline()
      const wrapper = mount(OutputPane, { global: { plugins: [pinia, createAppI18n(language)] } })
      return wrapper.get('[data-testid="exit-explanation"]').text()
    }
    // The pool's slots are 32 bytes (its default object size): 100 bytes is more than one holds.
    const TOO_BIG =
      '#include <stdlib.h>\nint main(void) {\n  int *p = malloc(100);\n  p[0] = 1;\n  return 0;\n}\n'

    it('says the last malloc returned NULL, with its line, in both languages', () => {
      expect(showFault(TOO_BIG, 'pool', 'en')).toBe(
        'Writing to address 0x0 faults: address 0 (NULL) is never mapped, so a NULL pointer cannot be dereferenced. ' +
          "The program's last malloc, at line 3, returned NULL: the allocator had no block for that request (a pool allocator has none bigger than its slot), and the program used the pointer without checking it for NULL."
      )
      expect(showFault(TOO_BIG, 'pool', 'zh-CN')).toBe(
        '在地址 0x0 写入时出错：地址 0（NULL）从不映射，所以不能解引用 NULL 指针。' +
          '程序最后一次调用 malloc（第 3 行）返回了 NULL：分配器没有能满足这次请求的块（池分配器没有比它的槽更大的块），而程序没有检查指针是否为 NULL 就使用了它。'
      )
    })

    it('says it for any allocator whose malloc returned NULL, a field of NULL too', () => {
      // 2^50 bytes is more than any of them can give (glibc's mmap fails, the others' brk).
      const HUGE =
        '#include <stdlib.h>\nstruct pair { long a; long b; };\nint main(void) {\n  struct pair *p = malloc(1UL << 50);\n  p->b = 1;\n  return 0;\n}\n'
      for (const allocator of ['glibc', 'first-fit', 'segregated']) {
        expect(showFault(HUGE, allocator, 'en'), allocator).toContain(
          "faults: it is just above NULL, in the lowest pages that are never mapped; this usually means a NULL pointer plus an offset (a field or element of NULL). The program's last malloc, at line 4, returned NULL"
        )
      }
    })

    it('says nothing of malloc when the NULL did not come from it', () => {
      // The last malloc gave a block; the NULL is the program's own.
      const OWN_NULL =
        '#include <stdlib.h>\nint main(void) {\n  int *q = malloc(100);\n  int *p = 0;\n  q[0] = 2;\n  *p = 1;\n  return 0;\n}\n'
      expect(showFault(OWN_NULL, 'glibc', 'en')).toBe(
        'Writing to address 0x0 faults: address 0 (NULL) is never mapped, so a NULL pointer cannot be dereferenced.'
      )
      // A NULL from malloc earlier, but a later malloc succeeded.
      const EARLIER =
        '#include <stdlib.h>\nint main(void) {\n  int *p = malloc(100);\n  int *q = malloc(8);\n  q[0] = 2;\n  p[0] = 1;\n  return 0;\n}\n'
      expect(showFault(EARLIER, 'pool', 'en')).not.toContain('returned NULL')
    })
  })
})
