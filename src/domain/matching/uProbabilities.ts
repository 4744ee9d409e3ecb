import { compareRecords } from './comparisonVector.ts'
import { seededRandom } from './random.ts'
import type { RecordSet } from './recordSet.ts'

export interface LevelCounts {
  /** counts[field][level] over the pairs examined. */
  counts: number[][]
  pairs: number
}

export function totalPairs(set: RecordSet): number {
  if (set.leftSize !== undefined) return set.leftSize * (set.size - set.leftSize)
  return (set.size * (set.size - 1)) / 2
}

/**
 * u-probabilities by random sampling: almost every pair of records drawn at random is two different people, so the
 * share of random pairs at each level is the chance of that level among non-matches. All pairs are used when there
 * are no more than `maxPairs`; otherwise `maxPairs` are drawn with a fixed seed.
 */
export function sampleNonMatchLevels(set: RecordSet, maxPairs: number, seed: number): LevelCounts {
  const fields = set.columns.length
  const counts = set.columns.map(c => new Array<number>(c.comparator.levels.length).fill(0))
  const levels = new Uint8Array(fields)
  let pairs = 0
  const tally = (a: number, b: number) => {
    compareRecords(set, a, b, levels)
    for (let f = 0; f < fields; f++) {
      const list = counts[f] as number[]
      const level = levels[f] as number
      list[level] = (list[level] as number) + 1
    }
    pairs++
  }
  const left = set.leftSize ?? set.size
  const everyPair = totalPairs(set) <= maxPairs
  if (everyPair && set.leftSize === undefined) {
    for (let a = 0; a < set.size; a++) for (let b = a + 1; b < set.size; b++) tally(a, b)
  } else if (everyPair) {
    for (let a = 0; a < left; a++) for (let b = left; b < set.size; b++) tally(a, b)
  } else {
    const random = seededRandom(seed)
    while (pairs < maxPairs) {
      const a = Math.floor(random() * left)
      const b =
        set.leftSize === undefined ? Math.floor(random() * set.size) : left + Math.floor(random() * (set.size - left))
      if (a !== b) tally(a, b)
    }
  }
  return { counts, pairs }
}

/** Turns level counts into probabilities over the non-missing levels, with add-one smoothing so none is zero. */
export function probabilitiesFromCounts(counts: readonly number[]): number[] {
  const present = counts.slice(1)
  const total = present.reduce((s, n) => s + n, 0) + present.length
  return [0, ...present.map(n => (n + 1) / total)]
}
