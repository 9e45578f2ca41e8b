/**
 * The message catalogue as written (each message a string that vue-i18n compiles when first
 * used). The app's build replaces this module with the same catalogue compiled ahead of time
 * (electron/renderer-build/messages.ts), so the page ships and runs no message compiler; tests
 * and the development server use it as it is.
 */
import { mergeMessageFiles, type Language, type Messages } from './catalogue'

const files = import.meta.glob<Messages>('./*/*.json', { eager: true, import: 'default' })

/** All message files, by language and then by feature. */
export function loadMessages(): Record<Language, Messages> {
  return mergeMessageFiles(files)
}
