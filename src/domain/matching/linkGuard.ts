import { EXACT } from './comparisons/comparator.ts'
import { ONE_DIGIT_DIFFERENT, YEARS_APART } from './comparisons/dateOfBirth.ts'
import { LOOSELY_SIMILAR, NAME_DIFFERENT, SOUNDS_ALIKE, SUFFIX_DIFFERENT } from './comparisons/names.ts'
import type { FieldKind } from './fieldKinds.ts'
import { carryDifferentIdentifiers, checkedCode, identifierFields } from './identifierGuard.ts'
import type { PairScorer } from './pairScorer.ts'
import type { FieldColumn, RecordSet } from './recordSet.ts'

/** Fields a household shares: the same surname and the same place. */
const householdKinds: readonly FieldKind[] = ['surname', 'address', 'postcode', 'locality', 'category']

/**
 * When a pair that scores as a link must still go to a person. Fellegi–Sunter adds up evidence as if fields were
 * independent, and within a household they are not: a father and son, twins, or a mother and daughter share the
 * surname, address, postcode and town, and often a first name or a date of birth, so the sum says "same person"
 * loudly while the one field that tells them apart says "different" once.
 *
 * So when a pair looks like relatives, the fields relatives share are set aside (they are expected whether the two
 * are one person or two relatives, so they cannot tell which) and the pair is linked automatically only if the rest of
 * the evidence alone, at even odds between "one person" and "relatives", reaches the link threshold. A shared
 * identifier or reference number does; a date of birth alone does not. The patterns:
 * - different generational suffixes (Jnr and Snr) on either name: father and son (names and household set aside);
 * - dates of birth 15 or more years apart: a generation (names and household set aside);
 * - first names that differ beyond a typo, nickname or initial (and are not one record's middle name) with the same
 *   date of birth and the same surname or address (twins: household and date of birth set aside), or at the same
 *   address or postcode (a household: household set aside);
 * - middle names both recorded and different, with the same surname and the same address or postcode (household and
 *   first name set aside).
 * Separately, records carrying different checked identifiers (PNC ID, NI number, CRO number) are never linked
 * automatically, and a shared checked identifier is never held back: the same PNC ID is the same person.
 *
 * The relatives patterns only mean "possibly relatives" where relatives live together in the data. Training measures
 * that (households.ts) and the model says whether they apply: in a file with no households (FEBRL) the same patterns
 * are duplicates with a replaced first name or a corrupted date, and holding them back would only lose true links.
 */
export class LinkGuard {
  private readonly identifiers: number[]
  private readonly first: number
  private readonly middle: number
  private readonly surname: number
  private readonly dob: number
  private readonly places: number[]
  private readonly names: number[]
  private readonly household: number[]
  private readonly requiredBits: number

  /**
   * Without a scorer every pair matching a pattern is held back; with one, only those whose remaining evidence falls
   * short of `linkThreshold`.
   */
  constructor(
    private readonly set: RecordSet,
    private readonly scorer?: PairScorer,
    linkThreshold = 0.9,
    /** False where the data shows no households (households.ts) or the user said so: only the identifier rules apply. */
    private readonly households = true,
  ) {
    const at = (kind: FieldKind) => set.columns.findIndex(c => c.spec.kind === kind)
    const ofKinds = (kinds: readonly FieldKind[]) =>
      set.columns.flatMap((c, f) => (kinds.includes(c.spec.kind) ? [f] : []))
    this.identifiers = identifierFields(set)
    this.first = at('first_name')
    this.middle = at('middle_name')
    this.surname = at('surname')
    this.dob = at('dob')
    this.places = ofKinds(['address', 'postcode'])
    this.names = ofKinds(['first_name', 'middle_name', 'surname'])
    this.household = ofKinds(householdKinds)
    this.requiredBits = Math.log2(linkThreshold / (1 - linkThreshold))
  }

  /** Why records a and b (compared into `levels`) must not be linked automatically, or undefined if they may be. */
  reason(a: number, b: number, levels: Uint8Array): string | undefined {
    if (carryDifferentIdentifiers(this.set, this.identifiers, a, b)) {
      return 'the records carry different identifiers, so a person must decide'
    }
    if (!this.households || this.shareIdentifier(a, b)) return undefined
    const pattern = this.relativesPattern(a, b, levels)
    if (pattern === undefined) return undefined
    if (this.scorer !== undefined && this.remainingBits(a, levels, pattern.setAside) >= this.requiredBits) {
      return undefined
    }
    return pattern.reason
  }

  private relativesPattern(
    a: number,
    b: number,
    levels: Uint8Array,
  ): { reason: string; setAside: number[] } | undefined {
    if (this.names.some(f => levels[f] === SUFFIX_DIFFERENT)) {
      return {
        reason: 'different generational suffixes (Jnr/Snr): possibly father and son',
        setAside: [...this.household, ...this.names],
      }
    }
    if (this.dob >= 0 && levels[this.dob] === YEARS_APART) {
      return {
        reason: 'dates of birth 15 or more years apart: possibly parent and child',
        setAside: [...this.household, ...this.names],
      }
    }
    const surnameLevel = this.surname >= 0 ? levels[this.surname] : undefined
    // Twins and siblings often have one surname typed two ways, so a loose spelling counts as the same surname here.
    const sameSurname = surnameLevel !== undefined && surnameLevel >= 1 && surnameLevel <= 6 && surnameLevel !== 5
    const samePlace = this.places.some(f => levels[f] === EXACT)
    const dobLevel = this.dob >= 0 ? levels[this.dob] : undefined
    // The same date of birth, or one a keying slip away from it (exact, 1 January, day and month swapped, one digit).
    const sameDob = dobLevel !== undefined && dobLevel >= EXACT && dobLevel <= ONE_DIGIT_DIFFERENT
    const firstLevel = this.first >= 0 ? levels[this.first] : undefined
    if (firstLevel !== undefined && firstNamesDiffer(firstLevel) && !this.firstIsOthersMiddle(a, b)) {
      // A married twin keeps the date of birth and often the home, not the surname.
      if (sameDob && (sameSurname || samePlace)) {
        return {
          reason: 'same date of birth but different first names: possibly twins',
          setAside: [...this.household, this.dob],
        }
      }
      if (samePlace) {
        return { reason: 'different first names at the same address: possibly relatives', setAside: this.household }
      }
    }
    if (!sameSurname) return undefined
    if (this.middle >= 0 && levels[this.middle] === NAME_DIFFERENT && samePlace) {
      return {
        reason: 'different middle names at the same address: possibly relatives',
        setAside: [...this.household, this.first],
      }
    }
    return undefined
  }

  /** Bits of evidence from the fields not set aside (no prior: even odds between one person and relatives). */
  private remainingBits(a: number, levels: Uint8Array, setAside: readonly number[]): number {
    const scorer = this.scorer as PairScorer
    let bits = 0
    for (let f = 0; f < levels.length; f++) {
      if (setAside.includes(f)) continue
      const level = levels[f] as number
      bits += scorer.levelWeight(f, level)
      if (level === EXACT) bits += scorer.termFrequencyAdjustment(f, a)
    }
    return bits
  }

  private shareIdentifier(a: number, b: number): boolean {
    for (const f of this.identifiers) {
      const column = this.set.columns[f] as FieldColumn
      const ca = checkedCode(column, a)
      if (ca >= 0 && ca === checkedCode(column, b)) return true
    }
    return false
  }

  /** Someone known by their middle name: one record's first name is the other's middle name. */
  private firstIsOthersMiddle(a: number, b: number): boolean {
    if (this.middle < 0) return false
    const first = this.set.columns[this.first] as FieldColumn
    const middle = this.set.columns[this.middle] as FieldColumn
    const crossed = (x: number, y: number) => first.value(x) !== '' && first.value(x) === middle.value(y)
    return crossed(a, b) || crossed(b, a)
  }
}

/**
 * First names that only sound alike or are loosely similar (Jannie and Anais, Colby and Cody) are how siblings'
 * names differ; a close spelling, a known nickname, an initial or names swapped with the surname are how one
 * person's name is retyped.
 */
function firstNamesDiffer(level: number): boolean {
  return level === SOUNDS_ALIKE || level === LOOSELY_SIMILAR || level === NAME_DIFFERENT
}
