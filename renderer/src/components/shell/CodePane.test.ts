// @vitest-environment happy-dom
/**
 * The code pane shows the program at once as plain read-only text, and the code editor, loaded
 * once the first screen is up, takes its place carrying on with the learner's selection and focus.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { EditorView } from '@codemirror/view'
import CodePane from './CodePane.vue'
import { createAppI18n } from '../../i18n'
import { FIRST_PROGRAM, useRunStore } from '../../stores/run'

let pinia: Pinia
let wrapper: VueWrapper | null = null
beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
})

function mountPane(): VueWrapper {
  wrapper = mount(CodePane, {
    attachTo: document.body,
    global: { plugins: [pinia, createAppI18n('en')] }
  })
  return wrapper
}

/** Resolves once the editor has replaced the plain text (it is loaded when the page is idle). */
async function editorView(pane: VueWrapper): Promise<EditorView> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const content = pane.element.querySelector('.cm-content')
    if (content) return EditorView.findFromDOM(content as HTMLElement)!
    await new Promise((resolve) => setTimeout(resolve, 10))
    await flushPromises()
  }
  throw new Error('the code editor never took the plain text’s place')
}

describe('CodePane', () => {
  it('shows the program as read-only text before the editor has loaded', () => {
    const pane = mountPane()
    const text = pane.get<HTMLTextAreaElement>('[data-testid="program-text"]').element
    expect(text.value).toBe(FIRST_PROGRAM)
    expect(text.readOnly).toBe(true)
    expect(text.getAttribute('aria-label')).toBe('C program editor')
    expect(pane.find('.cm-content').exists()).toBe(false)
  })

  it('follows a program put in by a lesson while it is plain text', async () => {
    const pane = mountPane()
    useRunStore().loadProgram('int main(void) { return 1; }\n')
    await flushPromises()
    expect(pane.get<HTMLTextAreaElement>('[data-testid="program-text"]').element.value).toBe(
      'int main(void) { return 1; }\n'
    )
  })

  it('hands the selection and the focus over to the editor', async () => {
    const pane = mountPane()
    const text = pane.get<HTMLTextAreaElement>('[data-testid="program-text"]').element
    text.focus()
    // "counter" in `int counter = 7;` (after 19 + 20 + 1 characters of the first three lines
    // and "int "), selected.
    const start = 19 + 20 + 1 + 4
    text.setSelectionRange(start, start + 'counter'.length)
    const view = await editorView(pane)
    expect(pane.find('[data-testid="program-text"]').exists()).toBe(false)
    expect(view.state.doc.toString()).toBe(FIRST_PROGRAM)
    expect(view.state.sliceDoc(start, start + 7)).toBe('counter')
    expect(view.state.selection.main.from).toBe(start)
    expect(view.state.selection.main.to).toBe(start + 7)
    expect(view.hasFocus).toBe(true)
  })

  it('leaves the focus where it was when the plain text did not have it', async () => {
    const pane = mountPane()
    const view = await editorView(pane)
    expect(view.hasFocus).toBe(false)
    expect(view.state.selection.main.head).toBe(0)
  })
})
