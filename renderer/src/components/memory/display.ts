/**
 * What every memory view needs to print facts the same way: the learner's number base
 * (provided once by MemoryPane) and formatters bound to the current language.
 */
import { inject, provide, ref, type InjectionKey, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import {
  formatAddress,
  formatCount,
  formatNumber,
  formatPercent,
  formatSize,
  type NumberBase
} from './format'

const NUMBER_BASE: InjectionKey<Ref<NumberBase>> = Symbol('memory-number-base')

/** Called by MemoryPane: every view below it prints numbers in this base. */
export function provideNumberBase(base: Ref<NumberBase>): void {
  provide(NUMBER_BASE, base)
}

const REUSED_BLOCKS: InjectionKey<Readonly<Ref<ReadonlySet<number>>>> =
  Symbol('memory-reused-blocks')

/**
 * Called by MemoryPane: the payloads of live blocks at addresses the program freed before
 * (pointers.ts: addressReuse), so every view that prints a pointer into one says so.
 */
export function provideReusedBlocks(payloads: Readonly<Ref<ReadonlySet<number>>>): void {
  provide(REUSED_BLOCKS, payloads)
}

/** The payloads of live blocks at reused addresses (none outside a MemoryPane). */
export function useReusedBlocks(): Readonly<Ref<ReadonlySet<number>>> {
  return inject(REUSED_BLOCKS, ref(new Set<number>()))
}

/** Formatters for a view: addresses, sizes ("32 bytes", "132 KiB"), counts, percentages. */
export function useMemoryFormat() {
  const { t, locale } = useI18n()
  const base = inject(NUMBER_BASE, ref<NumberBase>('decimal'))
  return {
    t,
    base,
    address: formatAddress,
    count: (value: number) => formatCount(value, locale.value),
    number: (value: number) => formatNumber(value, base.value, locale.value),
    percent: (fraction: number) => formatPercent(fraction, locale.value),
    /** Short size for labels: "32 B", "132 KiB". */
    size: (bytes: number) => formatSize(bytes, base.value, locale.value),
    /** Size for sentences: "1 byte", "32 bytes" below 1 KiB, "132 KiB" above. */
    bytes: (bytes: number) =>
      Math.abs(bytes) < 1024
        ? t('memory.units.bytes', { n: formatNumber(bytes, base.value, locale.value) }, bytes)
        : formatSize(bytes, base.value, locale.value),
    /** Joins sentence parts with the language's list separator. */
    join: (parts: string[]) => parts.join(t('memory.list.separator'))
  }
}
