import { buildBlocks, forEachCandidatePair, type BlockingOptions, type RuleBlocks } from './blocks.ts'
import { compareRecords, PatternCodec } from './comparisonVector.ts'
import type { RecordSet } from './recordSet.ts'

/** Every candidate pair with its comparison pattern, in typed arrays (16 bytes a pair). */
export interface CandidatePairs {
  count: number
  left: Uint32Array
  right: Uint32Array
  pattern: Float64Array
  /** How many pairs share each pattern: the input to EM. */
  patternCounts: Map<number, number>
  codec: PatternCodec
  blocks: RuleBlocks[]
}

/** The pairs blocking finds, not yet compared: enumerating them is cheap, comparing them is the work. */
export interface PairList {
  count: number
  left: Uint32Array
  right: Uint32Array
  blocks: RuleBlocks[]
}

export function listCandidatePairs(set: RecordSet, options: BlockingOptions): PairList {
  const blocks = buildBlocks(set, options)
  let capacity = 1 << 16
  let left = new Uint32Array(capacity)
  let right = new Uint32Array(capacity)
  let count = 0
  forEachCandidatePair(set, blocks, (a, b) => {
    if (count === capacity) {
      capacity *= 2
      left = grow(left, new Uint32Array(capacity))
      right = grow(right, new Uint32Array(capacity))
    }
    left[count] = a
    right[count] = b
    count++
  })
  return { count, left, right, blocks }
}

export function patternCodecFor(set: RecordSet): PatternCodec {
  return new PatternCodec(set.columns.map(c => c.comparator.levels.length))
}

/** Compares pairs `from` (inclusive) to `to` (exclusive), writing each pattern key: the part worker threads share. */
export function comparePairs(
  set: RecordSet,
  left: Uint32Array,
  right: Uint32Array,
  from: number,
  to: number,
  pattern: Float64Array,
): void {
  const codec = patternCodecFor(set)
  const levels = new Uint8Array(set.columns.length)
  for (let p = from; p < to; p++) {
    compareRecords(set, left[p] as number, right[p] as number, levels)
    pattern[p] = codec.encode(levels)
  }
}

/** Puts compared pairs together; the counts do not depend on how the comparing was split up. */
export function withPatterns(set: RecordSet, pairs: PairList, pattern: Float64Array): CandidatePairs {
  const patternCounts = new Map<number, number>()
  for (let p = 0; p < pairs.count; p++) {
    const key = pattern[p] as number
    patternCounts.set(key, (patternCounts.get(key) ?? 0) + 1)
  }
  return { ...pairs, pattern, patternCounts, codec: patternCodecFor(set) }
}

export function findCandidatePairs(set: RecordSet, options: BlockingOptions): CandidatePairs {
  const pairs = listCandidatePairs(set, options)
  const pattern = new Float64Array(pairs.count)
  comparePairs(set, pairs.left, pairs.right, 0, pairs.count, pattern)
  return withPatterns(set, pairs, pattern)
}

function grow<T extends Uint32Array | Float64Array>(from: T, to: T): T {
  to.set(from)
  return to
}
