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

export function findCandidatePairs(set: RecordSet, options: BlockingOptions): CandidatePairs {
  const blocks = buildBlocks(set, options)
  const codec = new PatternCodec(set.columns.map(c => c.comparator.levels.length))
  const levels = new Uint8Array(set.columns.length)
  const patternCounts = new Map<number, number>()
  let capacity = 1 << 16
  let left = new Uint32Array(capacity)
  let right = new Uint32Array(capacity)
  let pattern = new Float64Array(capacity)
  let count = 0
  forEachCandidatePair(set, blocks, (a, b) => {
    if (count === capacity) {
      capacity *= 2
      left = grow(left, new Uint32Array(capacity))
      right = grow(right, new Uint32Array(capacity))
      pattern = grow(pattern, new Float64Array(capacity))
    }
    compareRecords(set, a, b, levels)
    const key = codec.encode(levels)
    left[count] = a
    right[count] = b
    pattern[count] = key
    count++
    patternCounts.set(key, (patternCounts.get(key) ?? 0) + 1)
  })
  return { count, left, right, pattern, patternCounts, codec, blocks }
}

function grow<T extends Uint32Array | Float64Array>(from: T, to: T): T {
  to.set(from)
  return to
}
