import { blockingRules, type BlockingRule } from './blocking.ts'
import type { RecordSet } from './recordSet.ts'

/** Records grouped by one rule's key, stored as compressed sparse rows (offsets into one member array). */
export interface RuleBlocks {
  rule: BlockingRule
  /** Block number of each record, or -1 when the rule does not apply to it. */
  blockOf: Int32Array
  offsets: Uint32Array
  members: Uint32Array
  /** Blocks too large to compare pairwise (a default date such as 1900-01-01); other rules must find those pairs. */
  oversized: Uint8Array
  keys: Map<string, number>
}

export interface BlockingOptions {
  /** Largest block compared in full; bigger blocks are skipped so cost stays near-linear. */
  maxBlockSize: number
}

export const defaultBlockingOptions: BlockingOptions = { maxBlockSize: 2000 }

export function buildBlocks(set: RecordSet, options = defaultBlockingOptions, rules = blockingRules): RuleBlocks[] {
  const built: RuleBlocks[] = []
  for (const rule of rules) {
    const keys = new Map<string, number>()
    const blockOf = new Int32Array(set.size).fill(-1)
    const sizes: number[] = []
    for (let i = 0; i < set.size; i++) {
      const key = rule.key(set, i)
      if (key === undefined) continue
      let block = keys.get(key)
      if (block === undefined) {
        block = sizes.length
        keys.set(key, block)
        sizes.push(0)
      }
      blockOf[i] = block
      sizes[block] = (sizes[block] as number) + 1
    }
    if (keys.size === 0) continue
    const offsets = new Uint32Array(sizes.length + 1)
    for (let b = 0; b < sizes.length; b++) offsets[b + 1] = (offsets[b] as number) + (sizes[b] as number)
    const fill = offsets.slice(0, sizes.length)
    const members = new Uint32Array(offsets[sizes.length] as number)
    for (let i = 0; i < set.size; i++) {
      const b = blockOf[i] as number
      if (b < 0) continue
      const slot = fill[b] as number
      members[slot] = i
      fill[b] = slot + 1
    }
    const oversized = new Uint8Array(sizes.length)
    sizes.forEach((size, b) => (oversized[b] = size > options.maxBlockSize ? 1 : 0))
    built.push({ rule, blockOf, offsets, members, oversized, keys })
  }
  return built
}

/** Whether an earlier rule already produced this pair, so each pair is compared once however many rules find it. */
function seenBefore(blocks: readonly RuleBlocks[], upTo: number, a: number, b: number): boolean {
  for (let r = 0; r < upTo; r++) {
    const rule = blocks[r] as RuleBlocks
    const block = rule.blockOf[a] as number
    if (block >= 0 && block === rule.blockOf[b] && rule.oversized[block] === 0) return true
  }
  return false
}

/**
 * Calls `visit(a, b)` once for every candidate pair (a < b). In link mode (`set.leftSize` set) only pairs with one
 * record from each side are produced.
 */
export function forEachCandidatePair(
  set: RecordSet,
  blocks: readonly RuleBlocks[],
  visit: (a: number, b: number) => void,
): void {
  const leftSize = set.leftSize
  for (let r = 0; r < blocks.length; r++) {
    const { offsets, members, oversized } = blocks[r] as RuleBlocks
    for (let block = 0; block + 1 < offsets.length; block++) {
      if (oversized[block] === 1) continue
      const start = offsets[block] as number
      const end = offsets[block + 1] as number
      for (let x = start; x < end; x++) {
        const a = members[x] as number
        for (let y = x + 1; y < end; y++) {
          const b = members[y] as number
          if (leftSize !== undefined && a >= leftSize === b >= leftSize) continue
          if (r > 0 && seenBefore(blocks, r, a, b)) continue
          visit(a, b)
        }
      }
    }
  }
}

/** Candidates for one record (e.g. a person being created) from blocks built over an indexed table. */
export function candidatesFor(set: RecordSet, index: number, blocks: readonly RuleBlocks[]): number[] {
  const found = new Set<number>()
  for (const { rule, keys, offsets, members, oversized } of blocks) {
    const key = rule.key(set, index)
    if (key === undefined) continue
    const block = keys.get(key)
    if (block === undefined || oversized[block] === 1) continue
    for (let x = offsets[block] as number; x < (offsets[block + 1] as number); x++) {
      const other = members[x] as number
      if (other !== index) found.add(other)
    }
  }
  return [...found]
}
