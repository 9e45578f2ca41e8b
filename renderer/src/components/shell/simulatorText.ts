/**
 * The simulator's sentences in the learner's language. The simulator keeps an English sentence
 * (for the command line) and, beside it, a `reason`: a message key under `app.simulator.` with
 * its parameters. Addresses arrive as hex strings and stay so; counts get the locale's digit
 * grouping, as the memory views show them. Without a reason, the English sentence is shown.
 */
import type { ExitInfo, HeapMetrics } from '../../../../shared/state'
import type { BlockOrigin, MisuseEvent, Reason } from '../../../../shared/sim/types'
import { formatCount, formatSize } from '../memory/format'

/** The part of vue-i18n's composer this needs (`plural` picks a `one | other` message's form). */
export interface Translator {
  t: (key: string, params?: Record<string, unknown>, plural?: number) => string
  locale: { value: string }
}

/** Counts shown with digit grouping (line numbers and bit widths are not). */
const COUNTS = new Set(['bytes', 'steps', 'depth', 'stackLimit', 'past', 'offset', 'length'])
/**
 * Counts of bytes a sentence says as "N bytes": each arrives as the whole phrase in the count's
 * plural form (`app.simulator.byteCount`), so English says "1 byte" and "2 bytes" where the
 * sentences said "1 bytes". (`bytes` itself is a block's size, said as "a 24-byte block".)
 */
const BYTE_COUNTS = new Set(['length', 'past', 'before', 'offset'])
const ACCESSES = new Set(['read', 'write', 'execute'])

function params(i18n: Translator, reason: Reason): Record<string, string | number> {
  const result: Record<string, string | number> = {}
  for (const [name, value] of Object.entries(reason.params)) {
    if (typeof value === 'number' && BYTE_COUNTS.has(name)) {
      const n = formatCount(value, i18n.locale.value)
      result[name] = i18n.t('app.simulator.byteCount', { n }, value)
    } else {
      result[name] =
        typeof value === 'number' && COUNTS.has(name)
          ? formatCount(value, i18n.locale.value)
          : value
    }
  }
  const access = reason.params.access
  if (typeof access === 'string' && ACCESSES.has(access)) {
    result.access = i18n.t(`app.simulator.access.${access}`)
    result.verb = i18n.t(`app.simulator.verb.${access}`)
    result.permission = i18n.t(`app.simulator.permission.${access}`)
  }
  return result
}

function origin(i18n: Translator, where: BlockOrigin | undefined): string {
  if (where === undefined) return ''
  return where.line !== undefined
    ? i18n.t('app.simulator.origin.line', { line: where.line })
    : i18n.t('app.simulator.origin.step', { step: formatCount(where.step, i18n.locale.value) })
}

/**
 * How the program ended, in the learner's language (empty when there is nothing to say). The
 * heap's figures at the end let the memory limit's sentence name what the heap view shows: it
 * said "128 MiB written" beside a heap view of 996.9 MiB, with nothing to reconcile the two.
 */
export function exitSentence(
  i18n: Translator,
  exit: ExitInfo | null | undefined,
  heap?: Pick<HeapMetrics, 'heapSize' | 'mmapBytes'>
): string {
  if (!exit) return ''
  if (exit.reason) {
    const key = `app.simulator.${exit.reason.key}`
    const facts = params(i18n, exit.reason)
    if (exit.reason.key === 'exit.memoryLimit' && heap) {
      facts.reserved = formatSize(heap.heapSize + heap.mmapBytes, 'decimal', i18n.locale.value)
    } else if (exit.reason.key === 'exit.memoryLimit') {
      // Without the heap's figures there is no number to compare with: the simulator's English.
      return exit.explanation ?? ''
    }
    const text = i18n.t(key, facts)
    // A key this version of the app does not know: say it in the simulator's English.
    if (text !== key || exit.explanation === undefined) return text
  }
  return exit.explanation ?? ''
}

/** A misuse report (double free, use after free, leak, …) in the learner's language. */
export function misuseSentence(i18n: Translator, event: MisuseEvent): string {
  if (!event.reason) return event.message
  const key = `app.simulator.${event.reason.key}`
  const text = i18n.t(key, {
    ...params(i18n, event.reason),
    allocated: origin(i18n, event.allocated),
    freed: origin(i18n, event.freed)
  })
  return text === key ? event.message : text
}
