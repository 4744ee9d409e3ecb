import type { FieldKind } from '../fieldKinds.ts'

/**
 * How one kind of field is cleaned and compared. Levels are ordered from strongest agreement to "different"; level 0
 * is always "missing" (no evidence either way) and level 1 always exact agreement, so exact matches can be decided on
 * integer codes without calling `compare`.
 */
export interface Comparator<F> {
  kind: FieldKind
  levels: readonly string[]
  /** Whether an exact match is weighted by how common the value is (a shared "Smith" is weaker than "Okonkwo"). */
  termFrequency: boolean
  normalise(raw: string | undefined): string
  /** Work done once per distinct value (phonetic codes, date parts) so pair comparisons stay cheap. */
  features(value: string): F
  /** The level for two different, non-missing values. `swapped` says the names match the other way round. */
  compare(a: F, b: F, swapped: boolean): number
  /**
   * The level when both records hold this same value, if not `EXACT`: a placeholder such as 01/01/1980 agreeing with
   * itself is weaker evidence than a real date of birth agreeing.
   */
  exactLevel?(value: F): number
}

export const MISSING = 0
export const EXACT = 1
