/**
 * The starting point `memory-lane pack new` writes: a valid pack with one lesson of each
 * checkpoint kind, in English and Simplified Chinese, whose programs run on the simulator.
 * Authors copy from it; the validator's tests check that it stays valid.
 */

const fence = '```'

function lesson(parts: { title: string; prose: string; setup?: string; program?: string; checkpoint: string }): string {
  return [
    `# ${parts.title}`,
    '',
    parts.prose,
    '',
    ...(parts.setup ? [`${fence}setup`, parts.setup, fence, ''] : []),
    ...(parts.program ? [`${fence}c`, parts.program, fence, ''] : []),
    '---',
    '',
    `${fence}checkpoint`,
    parts.checkpoint,
    fence,
    ''
  ].join('\n')
}

const mallocProgram = `#include <stdlib.h>

int main(void) {
  int *numbers = malloc(10 * sizeof(int));
  numbers[0] = 42;
  free(numbers);
  return 0;
}`

const freeProgram = `#include <stdlib.h>

int main(void) {
  char *block = malloc(32);
  free(block);
  return 0;
}`

const leakyProgram = `#include <stdlib.h>

int main(void) {
  char *name = malloc(16);
  name[0] = 'A';
  return 0;
}`

const solution = `  #include <stdlib.h>

  int main(void) {
    char *name = malloc(16);
    name[0] = 'A';
    free(name);
    return 0;
  }`

/** The skeleton's files by path, for a pack with the given id. */
export function skeletonFiles(id: string): Record<string, string> {
  return {
    'pack.yaml': `# A Memory Lane lesson pack. Reference: docs/pack-format.md
# yaml-language-server: $schema=https://memory-lane.invalid/schemas/pack.schema.json
id: ${id}
title:
  en: My lesson pack
  zh-CN: 我的课程包
description:
  en: One lesson of each checkpoint kind, to start from.
  zh-CN: 每种检查点各一课，作为起点。
version: 0.1.0
authors: [Your Name]
licence: CC-BY-4.0
languages: [en, zh-CN]
min-app-version: 0.1.0
lessons:
  - choose
  - count
  - predict
  - fix
`,
    'choose.en.md': lesson({
      title: 'Where does malloc put memory?',
      prose: '`malloc` hands out memory from the **heap**. Step through the program and watch the heap view.',
      setup: 'layout: linux-x86_64\nallocator: first-fit\nrun-to: line 5\nshow: [heap, stack]',
      program: mallocProgram,
      checkpoint: `kind: choice
id: where
prompt: Where do the ten \`int\`s live?
options:
  - text: On the heap
    correct: true
    feedback: Right — \`malloc\` returned a heap address.
  - text: On the stack
    feedback: Only the pointer \`numbers\` is on the stack.`
    }),
    'choose.zh-CN.md': lesson({
      title: 'malloc 把内存放在哪里？',
      prose: '`malloc` 从**堆** (heap) 分配内存。单步执行程序，观察堆视图。',
      setup: 'layout: linux-x86_64\nallocator: first-fit\nrun-to: line 5\nshow: [heap, stack]',
      program: mallocProgram,
      checkpoint: `kind: choice
id: where
prompt: 这十个 \`int\` 在哪里？
options:
  - text: 在堆上
    correct: true
    feedback: 对 —— \`malloc\` 返回的是堆地址。
  - text: 在栈上
    feedback: 只有指针 \`numbers\` 在栈 (stack) 上。`
    }),
    'count.en.md': lesson({
      title: 'Counting bytes',
      prose: 'The program asks for ten `int`s. An `int` is 4 bytes.',
      setup: 'run-to: line 5',
      program: mallocProgram,
      checkpoint: `kind: number
id: requested
prompt: How many bytes did the program ask for?
expected: heap.requested
unit: bytes
hints:
  - Multiply the number of elements by the size of one.`
    }),
    'count.zh-CN.md': lesson({
      title: '数一数字节',
      prose: '程序请求十个 `int`。一个 `int` 占 4 字节。',
      setup: 'run-to: line 5',
      program: mallocProgram,
      checkpoint: `kind: number
id: requested
prompt: 程序一共请求了多少字节？
expected: heap.requested
unit: bytes
hints:
  - 元素个数乘以每个元素的大小。`
    }),
    'predict.en.md': lesson({
      title: 'What does free do?',
      prose: 'The program is paused just before `free(block)`.',
      setup: 'run-to: line 5',
      program: freeProgram,
      checkpoint: `kind: predict
id: after-free
prompt: What will be true once \`free(block)\` has run?
run-to: line 6
options:
  - text: No requested bytes remain in use
    when: heap.requested == 0
  - text: The 32 bytes stay in use
    when: heap.requested == 32`
    }),
    'predict.zh-CN.md': lesson({
      title: 'free 做了什么？',
      prose: '程序停在 `free(block)` 之前。',
      setup: 'run-to: line 5',
      program: freeProgram,
      checkpoint: `kind: predict
id: after-free
prompt: "\`free(block)\` 执行后，哪一项成立？"
run-to: line 6
options:
  - text: 不再有请求的字节在使用
    when: heap.requested == 0
  - text: 这 32 字节仍在使用
    when: heap.requested == 32`
    }),
    'fix.en.md': lesson({
      title: 'Fix the leak',
      prose: 'This program forgets to give its memory back: a **leak**.',
      program: leakyProgram,
      checkpoint: `kind: task
id: no-leak
prompt: Change the program so that nothing leaks and it exits with status 0.
condition: leaks.bytes == 0 && exit.status == 0
hints:
  - Every \`malloc\` needs a matching \`free\`.
  - Add \`free(name);\` before \`return 0;\`.
solution: |
${solution}`
    }),
    'fix.zh-CN.md': lesson({
      title: '修复内存泄漏',
      prose: '这个程序忘了归还内存：这就是**内存泄漏** (leak)。',
      program: leakyProgram,
      checkpoint: `kind: task
id: no-leak
prompt: 修改程序，使其没有泄漏并以状态 0 退出。
condition: leaks.bytes == 0 && exit.status == 0
hints:
  - 每个 \`malloc\` 都需要一个对应的 \`free\`。
  - 在 \`return 0;\` 之前加上 \`free(name);\`。
solution: |
${solution}`
    })
  }
}
