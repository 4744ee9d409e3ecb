import { EXACT } from './comparisons/comparator.ts'
import { comparatorFor, type AnyComparator } from './comparisons/index.ts'
import type { FieldKind, FieldSpec } from './fieldKinds.ts'

const MISSING_CODE = -1

/** Kinds with few distinct values relative to records, where remembering levels by value pair pays off. */
const cachedKinds: ReadonlySet<FieldKind> = new Set<FieldKind>(['first_name', 'middle_name', 'surname', 'locality'])

/**
 * One field of every record, stored column-wise as integer codes into a dictionary of distinct cleaned values. Names,
 * dates and postcodes repeat a lot, so phonetic codes and parsed dates are worked out once per distinct value, exact
 * agreement is an integer comparison, and a million records fit in a few hundred megabytes.
 */
export class FieldColumn {
  readonly comparator: AnyComparator
  readonly values: string[] = []
  readonly features: unknown[] = []
  /** How many records hold each value: the term frequencies of the data this column was built from. */
  readonly counts: number[] = []
  /** The level when two records share each value: EXACT, or weaker for a placeholder (see Comparator.exactLevel). */
  readonly exactLevels: number[] = []
  nonMissing = 0
  /** Levels already worked out for pairs of values, for kinds whose values repeat a lot. */
  readonly levelCache: Map<number, number> | undefined
  private codes: Int32Array = new Int32Array(1024)
  private readonly byValue = new Map<string, number>()

  constructor(readonly spec: FieldSpec) {
    this.comparator = comparatorFor(spec.kind)
    this.levelCache = cachedKinds.has(spec.kind) ? new Map() : undefined
  }

  /** Stores the value for record `index`; `counted` is false for a query record that must not change frequencies. */
  set(index: number, raw: string | undefined, counted = true): void {
    if (index >= this.codes.length) {
      const grown = new Int32Array(Math.max(index + 1, this.codes.length * 2))
      grown.set(this.codes)
      this.codes = grown
    }
    const value = this.comparator.normalise(raw)
    if (value === '') {
      this.codes[index] = MISSING_CODE
      return
    }
    let code = this.byValue.get(value)
    if (code === undefined) {
      code = this.values.length
      this.byValue.set(value, code)
      this.values.push(value)
      const features = this.comparator.features(value)
      this.features.push(features)
      this.exactLevels.push(this.comparator.exactLevel?.(features) ?? EXACT)
      this.counts.push(0)
    }
    this.codes[index] = code
    if (counted) {
      this.counts[code] = (this.counts[code] as number) + 1
      this.nonMissing++
    }
  }

  /** The codes of records 0 … size−1 in memory any thread can read, for worker threads to compare pairs. */
  sharedCodes(size: number): Int32Array {
    const shared = new Int32Array(new SharedArrayBuffer(size * Int32Array.BYTES_PER_ELEMENT))
    shared.set(this.codes.subarray(0, size))
    return shared
  }

  /** Rebuilds the column in another thread from its distinct values and the shared codes. */
  load(values: readonly string[], codes: Int32Array): void {
    for (const value of values) {
      this.byValue.set(value, this.values.length)
      this.values.push(value)
      const features = this.comparator.features(value)
      this.features.push(features)
      this.exactLevels.push(this.comparator.exactLevel?.(features) ?? EXACT)
      this.counts.push(0)
    }
    this.codes = codes
  }

  code(index: number): number {
    return this.codes[index] as number
  }

  value(index: number): string {
    const code = this.codes[index] as number
    return code === MISSING_CODE ? '' : (this.values[code] as string)
  }
}

/**
 * The records being matched, prepared for comparison. In link mode the left file's records come first and
 * `leftSize` marks where the right file starts.
 */
export class RecordSet {
  readonly columns: FieldColumn[]
  /** For first_name and surname, the other one, so a swapped pair of names can be recognised. */
  readonly swapPartner: Int32Array
  size = 0
  leftSize: number | undefined

  constructor(readonly fields: readonly FieldSpec[]) {
    this.columns = fields.map(spec => new FieldColumn(spec))
    this.swapPartner = new Int32Array(fields.length).fill(-1)
    const first = fields.findIndex(f => f.kind === 'first_name')
    const surname = fields.findIndex(f => f.kind === 'surname')
    if (first >= 0 && surname >= 0) {
      this.swapPartner[first] = surname
      this.swapPartner[surname] = first
    }
  }

  /** Adds a record given as raw values in field order, returning its index. */
  add(values: readonly (string | undefined)[], counted = true): number {
    const index = this.size++
    this.columns.forEach((column, f) => {
      column.set(index, values[f], counted)
    })
    return index
  }

  /** The cleaned value of every field, keyed by field name, for explanations. */
  describe(index: number): Record<string, string> {
    const out: Record<string, string> = {}
    this.fields.forEach((spec, f) => (out[spec.name] = (this.columns[f] as FieldColumn).value(index)))
    return out
  }
}

export function prepareRecords(
  fields: readonly FieldSpec[],
  rows: Iterable<readonly (string | undefined)[]>,
): RecordSet {
  const set = new RecordSet(fields)
  for (const row of rows) set.add(row)
  return set
}
