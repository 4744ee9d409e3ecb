import { MISSING } from './comparisons/comparator.ts'
import type { FieldColumn, RecordSet } from './recordSet.ts'

/**
 * Compares records `a` and `b` field by field, writing each field's level into `out` (0 = missing on either side).
 * This is the hot loop of batch matching, so it works on integer codes and precomputed features.
 */
export function compareRecords(set: RecordSet, a: number, b: number, out: Uint8Array): void {
  const columns = set.columns
  for (let f = 0; f < columns.length; f++) {
    const column = columns[f] as FieldColumn
    const ca = column.code(a)
    const cb = column.code(b)
    if (ca < 0 || cb < 0) out[f] = MISSING
    else if (ca === cb) out[f] = column.exactLevels[ca] as number
    else {
      const partner = set.swapPartner[f] as number
      const swapped = partner >= 0 && namesSwapped(column, columns[partner] as FieldColumn, a, b)
      out[f] = cachedLevel(column, ca, cb, swapped)
    }
  }
}

// Keys stay below 2^30 so V8 stores them as small integers, which hash far faster than doubles.
const codeSpace = 2 ** 15
const cacheLimit = 1 << 21

/**
 * Names and towns repeat, so the same two values meet again and again across pairs; their level is remembered
 * (bounded, and only while codes fit the key) instead of recomputing Jaro–Winkler each time.
 */
function cachedLevel(column: FieldColumn, ca: number, cb: number, swapped: boolean): number {
  const cache = column.levelCache
  if (cache === undefined || swapped || ca >= codeSpace || cb >= codeSpace) {
    return column.comparator.compare(column.features[ca], column.features[cb], swapped)
  }
  const key = ca < cb ? ca * codeSpace + cb : cb * codeSpace + ca
  const known = cache.get(key)
  if (known !== undefined) return known
  const level = column.comparator.compare(column.features[ca], column.features[cb], swapped)
  if (cache.size >= cacheLimit) cache.clear()
  cache.set(key, level)
  return level
}

function namesSwapped(column: FieldColumn, partner: FieldColumn, a: number, b: number): boolean {
  const mine = column.value(a)
  const theirs = column.value(b)
  return (mine !== '' && mine === partner.value(b)) || (theirs !== '' && theirs === partner.value(a))
}

/**
 * Packs a vector of levels into one number (mixed radix), so identical comparison patterns can be counted in a Map.
 * Callers check `patternSpace` stays under 2^53.
 */
export class PatternCodec {
  readonly radix: number[]
  constructor(levelCounts: readonly number[]) {
    this.radix = [...levelCounts]
    const space = levelCounts.reduce((p, n) => p * n, 1)
    if (space > Number.MAX_SAFE_INTEGER) throw new Error('Too many fields to match on at once')
  }

  encode(levels: Uint8Array): number {
    let key = 0
    for (let f = this.radix.length - 1; f >= 0; f--) key = key * (this.radix[f] as number) + (levels[f] as number)
    return key
  }

  decode(key: number, out: Uint8Array): Uint8Array {
    let rest = key
    for (let f = 0; f < this.radix.length; f++) {
      const r = this.radix[f] as number
      out[f] = rest % r
      rest = Math.floor(rest / r)
    }
    return out
  }
}
