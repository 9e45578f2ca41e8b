/**
 * The simulator's sentences in the learner's language. The simulator keeps an English sentence
 * (for the command line) and, beside it, a `reason`: a message key under `app.simulator.` with
 * its parameters. Addresses arrive as hex strings and stay so; counts get the locale's digit
 * grouping, as the memory views show them. Without a reason, the English sentence is shown.
 */
import {
  TIMELINE_MARKER_LIMIT,
  type ExitInfo,
  type HeapMetrics,
  type TimelineMarker
} from '../../../../shared/state'
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
  heap?: Pick<HeapMetrics, 'heapSize' | 'mmapBytes'>,
  markers?: readonly TimelineMarker[]
): string {
  const sentence = exitFact(i18n, exit, heap)
  const malloc = exit && markers ? nullFromAllocator(exit, markers) : undefined
  if (!sentence || !malloc) return sentence
  return i18n.t('app.simulator.fault.nullFromAllocator', {
    fault: sentence,
    fn: malloc.kind,
    line: malloc.line ?? ''
  })
}

/**
 * The heap call whose NULL the program dereferenced, if that is what a fault at (or just above)
 * address 0 most likely was: the last malloc or realloc of the run returned NULL. A pool
 * allocator returns NULL for any request bigger than its slot, and the fault said only "NULL
 * cannot be dereferenced"; the reason was on the scrubber alone. Undefined when the timeline
 * dropped later heap calls (TIMELINE_MARKER_LIMIT): the last one kept need not be the last.
 */
export function nullFromAllocator(
  exit: ExitInfo,
  markers: readonly TimelineMarker[]
): TimelineMarker | undefined {
  const key = exit.reason?.key
  if (key !== 'fault.null' && key !== 'fault.nearNull') return undefined
  const calls = markers.filter((m) => m.kind !== 'exit' && m.kind !== 'fault')
  if (calls.length >= TIMELINE_MARKER_LIMIT) return undefined
  const last = calls.filter((m) => m.kind === 'malloc' || m.kind === 'realloc').at(-1)
  return last?.reason?.params.address === '0x0' ? last : undefined
}

/** How the program ended, without what the heap calls before it add (exitSentence). */
function exitFact(
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

/**
 * Leaks of one kind from one line of malloc, this many or more, are said in one sentence, as a
 * leak checker groups them into one loss record: a loop of 100,000 mallocs listed 100,000
 * sentences that differed only in their address.
 */
export const LEAK_GROUP = 4

/**
 * The misuse reports to list, in the learner's language, in the order found, each with the line
 * that did it when its sentence does not say it; leaks grouped by kind and line (LEAK_GROUP),
 * the group where its first leak was.
 */
export function misuseReports(
  i18n: Translator,
  events: readonly MisuseEvent[]
): Array<{ sentence: string; line?: number }> {
  const groups = new Map<string, MisuseEvent[]>()
  const groupOf = (e: MisuseEvent): string | undefined =>
    e.kind === 'leak' && e.leak && e.allocated?.line !== undefined && e.reason
      ? `${e.leak}:${e.allocated.line}`
      : undefined
  for (const e of events) {
    const key = groupOf(e)
    if (key === undefined) continue
    const group = groups.get(key)
    if (group) group.push(e)
    else groups.set(key, [e])
  }
  const reports: Array<{ sentence: string; line?: number }> = []
  const said = new Set<string>()
  for (const e of events) {
    const key = groupOf(e)
    const group = key === undefined ? undefined : groups.get(key)
    if (key !== undefined && group && group.length >= LEAK_GROUP) {
      if (said.has(key)) continue
      said.add(key)
      reports.push({ sentence: leakGroupSentence(i18n, group) })
      continue
    }
    reports.push({
      sentence: misuseSentence(i18n, e),
      line: e.reason?.params.line === undefined ? e.line : undefined
    })
  }
  return reports
}

/** One sentence for many leaks of one kind from one line (misuseReports). */
function leakGroupSentence(i18n: Translator, group: readonly MisuseEvent[]): string {
  const first = group[0]
  const kind =
    first.leak === 'indirect' ? 'Indirect' : first.leak === 'possible' ? 'Possible' : 'Definite'
  const total = group.reduce((sum, e) => sum + (e.bytes ?? 0), 0)
  return i18n.t(`app.simulator.misuse.leak${kind}Many`, {
    count: formatCount(group.length, i18n.locale.value),
    total: i18n.t('app.simulator.byteCount', { n: formatCount(total, i18n.locale.value) }, total),
    allocated: origin(i18n, first.allocated),
    address: first.reason?.params.address ?? ''
  })
}

/**
 * Any other sentence the simulator gives with a reason (a trace or an OSTEP op list that does not
 * parse, …) in the learner's language; `english` when this version does not know its key.
 */
export function reasonSentence(i18n: Translator, reason: Reason, english: string): string {
  const key = `app.simulator.${reason.key}`
  const text = i18n.t(key, params(i18n, reason))
  return text === key ? english : text
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
