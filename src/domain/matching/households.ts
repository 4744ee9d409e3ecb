import { EXACT } from './comparisons/comparator.ts'
import { YEARS_APART } from './comparisons/dateOfBirth.ts'
import { NAME_DIFFERENT } from './comparisons/names.ts'
import type { PatternCodec } from './comparisonVector.ts'
import type { FieldKind } from './fieldKinds.ts'
import type { MatchModel } from './model.ts'
import type { RecordSet } from './recordSet.ts'

/**
 * Whether the data holds households, measured on the data itself. The relatives rules (linkGuard.ts) assume it does:
 * a pair sharing surname, address and date of birth with different first names is then as likely twins as one
 * person retyped. In a file built by corrupting copies of single records (FEBRL) there are no relatives, and the same
 * pattern is nearly always a duplicate whose first name was replaced, so holding it back only loses true links.
 *
 * The evidence is the pairs that are plainly two members of one household: the same surname at the same address, with
 * first names that differ beyond a typo or nickname and dates of birth more than a keying slip apart (different
 * years). Where relatives live together such pairs are everywhere; where none do they arise only from a duplicate
 * with both its first name and its date of birth corrupted. Measured on the candidate pairs (one pair per candidate):
 * the UK police-style set 0.99 such pairs per record; FEBRL1–3 at most 0.0016; Splink's fake_1000 and the synthetic
 * people 0. The guard is turned off only when the rate is shown to be below `householdPairsPerRecord` (1 in 100
 * records): the count with a margin for chance (k + 2√k + 3, the 3 being the "rule of three" bound for none seen) stays
 * under 1 in 100 records. So a small file (under 300 records) always keeps the guard, and the margin between police
 * data and FEBRL is about a hundredfold either side. Data without a surname, first name, date of birth and an address
 * (or postcode) cannot show households either way, so the guard stays on there: the cautious default for a police
 * register.
 */
export interface HouseholdEvidence {
  /** Candidate pairs that are plainly two members of one household. */
  householdPairs: number
  records: number
  /** False when the fields needed to see households are not all mapped. */
  measurable: boolean
  /** Whether the relatives rules apply: unless the data shows too few households for them to matter. */
  guarded: boolean
}

export const householdPairsPerRecord = 0.01

/** Dates of birth in different years (and not one keying slip apart): two people as far as the date can tell. */
const differentYears: ReadonlySet<number> = new Set([6, 7, YEARS_APART])

export function householdEvidence(
  set: RecordSet,
  patternCounts: ReadonlyMap<number, number>,
  codec: PatternCodec,
): HouseholdEvidence {
  const at = (kind: FieldKind) => set.columns.findIndex(c => c.spec.kind === kind)
  const first = at('first_name')
  const surname = at('surname')
  const dob = at('dob')
  const address = at('address')
  const place = address >= 0 ? address : at('postcode')
  const records = set.size
  if (first < 0 || surname < 0 || dob < 0 || place < 0) {
    return { householdPairs: 0, records, measurable: false, guarded: true }
  }
  const levels = new Uint8Array(set.columns.length)
  let householdPairs = 0
  for (const [key, count] of patternCounts) {
    codec.decode(key, levels)
    if (
      levels[place] === EXACT &&
      levels[surname] === EXACT &&
      levels[first] === NAME_DIFFERENT &&
      differentYears.has(levels[dob] as number)
    ) {
      householdPairs += count
    }
  }
  return {
    householdPairs,
    records,
    measurable: true,
    guarded: householdPairs + 2 * Math.sqrt(householdPairs) + 3 >= householdPairsPerRecord * records,
  }
}

/** Whether a model's relatives rules apply (a model saved before households were measured keeps them). */
export function guardsHouseholds(model: MatchModel): boolean {
  return model.households?.guarded ?? true
}
