/**
 * The segment map of a running process: which ranges are mapped and with what permissions,
 * and the learner-readable fault for an access that breaks the rules. The image mappings come
 * from the layout; the heap mapping follows the program break; mmap regions come and go.
 */
import { alignUp, formatAddress, type Mapping, type ProgramLayout } from './layout'
import type { AccessKind, Fault, Reason, Segment, SegmentName } from './types'

/** A mapping with its permissions decoded, for the hot path of `check`. */
interface LiveMapping extends Mapping {
  canRead: boolean
  canWrite: boolean
  canExecute: boolean
}

function live(m: Mapping): LiveMapping {
  return {
    start: m.start,
    end: m.end,
    permissions: m.permissions,
    segment: m.segment,
    label: m.label,
    canRead: m.permissions[0] === 'r',
    canWrite: m.permissions[1] === 'w',
    canExecute: m.permissions[2] === 'x'
  }
}

/** Linux never maps the lowest 64 KiB (`vm.mmap_min_addr`), so NULL-ish pointers always fault. */
const LINUX_MMAP_MIN_ADDR = 0x10000

const VERB: Record<AccessKind, string> = {
  read: 'Reading',
  write: 'Writing to',
  execute: 'Executing code at'
}

export class AddressSpace {
  private mappings: LiveMapping[] = []
  private readonly heap: LiveMapping
  private readonly stack: LiveMapping
  /** One cached mapping per access kind: consecutive accesses usually hit the same segment. */
  private lastRead: LiveMapping | null = null
  private lastWrite: LiveMapping | null = null
  private otherRead: LiveMapping | null = null
  private otherWrite: LiveMapping | null = null
  private programBreakValue: number
  /** `mmapRegions()` until the mappings change: the machine asks for it on every heap access. */
  private regions: Array<[number, number]> | null = null
  readonly layout: ProgramLayout

  constructor(layout: ProgramLayout) {
    this.layout = layout
    this.programBreakValue = layout.heapStart
    this.heap = live({
      start: layout.heapStart,
      end: layout.heapStart,
      permissions: 'rw-',
      segment: 'heap',
      label: 'heap'
    })
    this.stack = live({
      start: layout.stackBottom,
      end: layout.stackTop,
      permissions: 'rw-',
      segment: 'stack',
      label: 'stack'
    })
    this.mappings = [...layout.imageMappings.map(live), this.heap, this.stack]
    this.sortMappings()
  }

  private sortMappings(): void {
    this.mappings.sort((a, b) => a.start - b.start)
    this.mappingsChanged()
  }

  /** Forget what was derived from the mappings (cached lookups, the mmap region list). */
  private mappingsChanged(): void {
    this.regions = null
    this.lastRead = null
    this.lastWrite = null
    this.otherRead = null
    this.otherWrite = null
  }

  /** The heap's mapped pages end at the page-rounded break, as the kernel maps them. */
  setProgramBreak(programBreak: number): void {
    this.programBreakValue = programBreak
    this.heap.end = alignUp(programBreak, this.layout.pageSize)
  }

  programBreak(): number {
    return this.programBreakValue
  }

  addMapping(start: number, end: number): void {
    // Inserted in place: a program mapping thousands of regions must not re-sort them all.
    const mapping = live({ start, end, permissions: 'rw-', segment: 'mmap', label: 'mmap region' })
    this.mappings.splice(this.indexAfter(start), 0, mapping)
    const regions = this.regions
    this.mappingsChanged()
    if (regions !== null) {
      // A new array (holders of the old one keep what they saw), without rebuilding each pair.
      this.regions = regions.slice()
      this.regions.splice(regionIndexAfter(regions, start), 0, [start, end])
    }
  }

  removeMapping(start: number): void {
    const at = this.indexAfter(start) - 1
    const m = this.mappings[at]
    if (m === undefined || m.segment !== 'mmap' || m.start !== start) return
    this.mappings.splice(at, 1)
    const regions = this.regions
    this.mappingsChanged()
    if (regions !== null) {
      this.regions = regions.slice()
      this.regions.splice(regionIndexAfter(regions, start) - 1, 1)
    }
  }

  /** Index of the first mapping that starts above `address` (the list is in address order). */
  private indexAfter(address: number): number {
    return indexAfter(this.mappings, address, (m) => m.start)
  }

  /**
   * mmap regions as [start, end) pairs, in address order. The same array is returned until the
   * mappings change (a change makes a new one), so callers may keep it but must not modify it.
   */
  mmapRegions(): Array<[number, number]> {
    if (this.regions === null) {
      this.regions = this.mappings
        .filter((m) => m.segment === 'mmap')
        .map((m): [number, number] => [m.start, m.end])
    }
    return this.regions
  }

  /** Replace all mmap regions (time travel). */
  setMmapRegions(regions: Array<[number, number]>): void {
    this.mappings = this.mappings.filter((m) => m.segment !== 'mmap')
    for (const [start, end] of regions) {
      this.mappings.push(
        live({ start, end, permissions: 'rw-', segment: 'mmap', label: 'mmap region' })
      )
    }
    this.sortMappings()
  }

  /** Mapping containing `address`, or undefined. */
  mappingAt(address: number): Mapping | undefined {
    return this.find(address)
  }

  private find(address: number): LiveMapping | undefined {
    const list = this.mappings
    let lo = 0
    let hi = list.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const m = list[mid]
      if (address < m.start) hi = mid - 1
      else if (address >= m.end) lo = mid + 1
      else return m
    }
    return undefined
  }

  /** `null` when the access is allowed, otherwise the fault a real process would get. */
  check(address: number, length: number, access: AccessKind): Fault | null {
    // Programs alternate between the stack and one other segment: remember the last two.
    if (access === 'read') {
      let m = this.lastRead
      if (m !== null && address >= m.start && address + length <= m.end) return null
      m = this.otherRead
      if (m !== null && address >= m.start && address + length <= m.end) {
        this.otherRead = this.lastRead
        this.lastRead = m
        return null
      }
    } else if (access === 'write') {
      let m = this.lastWrite
      if (m !== null && address >= m.start && address + length <= m.end) return null
      m = this.otherWrite
      if (m !== null && address >= m.start && address + length <= m.end) {
        this.otherWrite = this.lastWrite
        this.lastWrite = m
        return null
      }
    }
    return this.checkSlow(address, length, access)
  }

  private checkSlow(address: number, length: number, access: AccessKind): Fault | null {
    const n = Math.max(1, length)
    let at = address
    const last = address + n
    while (at < last) {
      const m = this.find(at)
      if (m === undefined) return this.unmappedFault(at, access)
      const allowed = access === 'read' ? m.canRead : access === 'write' ? m.canWrite : m.canExecute
      if (!allowed) return this.permissionFault(at, access, m)
      if (last <= m.end) {
        if (at === address) {
          if (access === 'read') {
            this.otherRead = this.lastRead
            this.lastRead = m
          } else if (access === 'write') {
            this.otherWrite = this.lastWrite
            this.lastWrite = m
          }
        }
        return null
      }
      at = m.end
    }
    return null
  }

  private permissionFault(address: number, access: AccessKind, m: LiveMapping): Fault {
    const where = formatAddress(address)
    let explanation: string
    let reason: Reason
    if (access === 'execute') {
      const what = m.segment ?? m.label
      reason = { key: 'fault.noExecute', params: { access, address: where, what } }
      explanation = `${VERB[access]} ${where} faults: the ${what} is mapped without execute permission (no-execute), so the processor refuses to run instructions from it.`
    } else if (m.segment === 'text') {
      reason = { key: 'fault.text', params: { access, address: where } }
      explanation = `${VERB[access]} ${where} faults: it is in the text segment, where the program's machine code lives, which is mapped read-and-execute only.`
    } else if (m.segment === 'rodata') {
      reason = { key: 'fault.rodata', params: { access, address: where } }
      explanation = `${VERB[access]} ${where} faults: it is in the rodata segment, where string literals and constants live, which is mapped read-only.`
    } else {
      reason = {
        key: 'fault.permission',
        params: { access, address: where, label: m.label, permissions: m.permissions }
      }
      explanation = `${VERB[access]} ${where} faults: it is in the program's ${m.label} page, which is mapped ${m.permissions} (no ${access} permission).`
    }
    return {
      signal: 'SIGSEGV',
      code: 'SEGV_ACCERR',
      address,
      access,
      segment: m.segment,
      explanation,
      reason
    }
  }

  private unmappedFault(address: number, access: AccessKind): Fault {
    const layout = this.layout
    const where = formatAddress(address)
    const verb = VERB[access]
    let segment: SegmentName | undefined
    let explanation: string
    let reason: Reason
    const lowest = Math.min(layout.profile.imageBase, LINUX_MMAP_MIN_ADDR)
    if (address === 0) {
      reason = { key: 'fault.null', params: { access } }
      explanation = `${verb} address 0x0 faults: address 0 (NULL) is never mapped, so a NULL pointer cannot be dereferenced.`
    } else if (address < lowest) {
      reason = { key: 'fault.nearNull', params: { access, address: where } }
      explanation = `${verb} ${where} faults: it is just above NULL, in the lowest pages that are never mapped; this usually means a NULL pointer plus an offset (a field or element of NULL).`
    } else if (address >= layout.stackTop) {
      reason = {
        key: 'fault.aboveStack',
        params: { access, address: where, stackTop: formatAddress(layout.stackTop) }
      }
      explanation = `${verb} ${where} faults: it is above the top of the stack (${formatAddress(layout.stackTop)}), where nothing of the program is mapped.`
    } else if (
      address < layout.stackBottom &&
      address >= Math.min(layout.mmapBase, layout.stackBottom - layout.profile.stackGuardGap)
    ) {
      segment = 'stack'
      reason = {
        key: 'fault.belowStack',
        params: {
          access,
          address: where,
          stackTop: formatAddress(layout.stackTop),
          stackLimit: layout.stackLimit
        }
      }
      explanation = `${verb} ${where} faults: it is below the stack limit (stack top ${formatAddress(layout.stackTop)} minus ${layout.stackLimit} bytes), so the stack has overflowed.`
    } else if (
      address >= layout.heapStart &&
      address < this.lowestMmap() &&
      address - this.programBreakValue >= this.lowestMmap() - address
    ) {
      // Above the break too, but nearer the mmap area: on Linux the gap between the two is tens
      // of terabytes, and "above the break" would place 0x7fff00000000 next to the heap.
      const mmapStart = formatAddress(this.lowestMmap())
      const programBreak = formatAddress(this.programBreakValue)
      reason = {
        key: 'fault.heapMmapGap',
        params: { access, address: where, programBreak, mmapStart }
      }
      explanation = `${verb} ${where} faults: it is in the unmapped gap between the heap and the mmap area, nearer the mmap area (which starts at ${mmapStart}; the stack lies above it) than the heap (which ends at the program break, ${programBreak}): neither brk nor mmap has given the program memory there.`
    } else if (address >= layout.heapStart && address < this.lowestMmap()) {
      reason = {
        key: 'fault.aboveBreak',
        params: { access, address: where, programBreak: formatAddress(this.programBreakValue) }
      }
      explanation = `${verb} ${where} faults: it is above the program break (${formatAddress(this.programBreakValue)}), so that memory has not been obtained from the kernel with brk/sbrk and is not mapped.`
    } else {
      reason = { key: 'fault.unmapped', params: { access, address: where } }
      explanation = `${verb} ${where} faults: nothing is mapped at this address.`
    }
    return { signal: 'SIGSEGV', code: 'SEGV_MAPERR', address, access, segment, explanation, reason }
  }

  private lowestMmap(): number {
    let lowest = this.layout.mmapBase
    for (const m of this.mappings) if (m.segment === 'mmap' && m.start < lowest) lowest = m.start
    return lowest
  }

  /** The segments to draw: image segments, heap up to the break, mmap area, stack. */
  segments(): Segment[] {
    const out: Segment[] = this.layout.segments.map((s) => ({ ...s }))
    out.push({
      name: 'heap',
      start: this.layout.heapStart,
      end: this.programBreakValue,
      permissions: 'rw-'
    })
    const regions = this.mmapRegions()
    if (regions.length > 0) {
      out.push({
        name: 'mmap',
        start: regions[0][0],
        end: this.layout.mmapBase,
        permissions: 'rw-'
      })
    }
    out.push({
      name: 'stack',
      start: this.layout.stackBottom,
      end: this.layout.stackTop,
      permissions: 'rw-'
    })
    return out
  }
}

/** Index of the first item that starts above `address` in a list in address order. */
function indexAfter<T>(list: readonly T[], address: number, startOf: (item: T) => number): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (startOf(list[mid]) <= address) lo = mid + 1
    else hi = mid
  }
  return lo
}

function regionIndexAfter(regions: Array<[number, number]>, address: number): number {
  return indexAfter(regions, address, (r) => r[0])
}
