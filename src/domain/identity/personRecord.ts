import type { Actor } from '../access/actor.ts'
import { blockingKeys } from '../matching/blocking.ts'
import { compareRecords } from '../matching/comparisonVector.ts'
import { explainPair, type PairExplanation } from '../matching/explain.ts'
import type { FieldSpec } from '../matching/fieldKinds.ts'
import { probabilityFromWeight, type MatchModel, type Outcome } from '../matching/model.ts'
import { PairScorer } from '../matching/pairScorer.ts'
import { RecordSet } from '../matching/recordSet.ts'

/**
 * A person as the matcher sees them: the names, date of birth, identifiers and current home address from the nominal
 * index, plus every alias. Aliases are matched too, so someone recorded once as "Jonathan Smith" and known as
 * "Jon Smyth" is found under either name.
 */
export interface PersonForMatching {
  givenName: string
  middleNames: string | null
  familyName: string
  dateOfBirth: string | null
  gender: string | null
  pncId: string | null
  niNumber: string | null
  postcode: string | null
  addressLine: string | null
  town: string | null
  aliases: ReadonlyArray<{ givenName: string; familyName: string }>
}

/** The fields a person is matched on, in model order. The names are what a reviewer sees in an explanation. */
export const personMatchFields: readonly FieldSpec[] = [
  { name: 'First name', kind: 'first_name' },
  { name: 'Middle names', kind: 'middle_name' },
  { name: 'Last name', kind: 'surname' },
  { name: 'Date of birth', kind: 'dob' },
  { name: 'Gender', kind: 'gender' },
  { name: 'Postcode', kind: 'postcode' },
  { name: 'Address', kind: 'address' },
  { name: 'Town', kind: 'locality' },
  { name: 'PNC ID', kind: 'identifier' },
  { name: 'National Insurance number', kind: 'identifier' },
]

type Values = (string | undefined)[]

const orUndefined = (value: string | null | undefined) =>
  value === null || value === undefined || value === '' ? undefined : value

/** Raw values in field order; an 'unknown' gender is missing, not a value that disagrees with 'male'. */
export function matchValues(
  person: PersonForMatching,
  name = { givenName: person.givenName, familyName: person.familyName },
): Values {
  return [
    orUndefined(name.givenName),
    orUndefined(person.middleNames),
    orUndefined(name.familyName),
    orUndefined(person.dateOfBirth),
    person.gender === 'unknown' ? undefined : orUndefined(person.gender),
    orUndefined(person.postcode),
    orUndefined(person.addressLine),
    orUndefined(person.town),
    orUndefined(person.pncId),
    orUndefined(person.niNumber),
  ]
}

/** The person's own name first, then each alias: each is a way the same person may have been recorded. */
export function nameVariants(person: PersonForMatching): Values[] {
  return [matchValues(person), ...person.aliases.map(alias => matchValues(person, alias))]
}

/** Blocking keys of the person and of every alias, for the person_match_key index. */
export function personMatchKeys(person: PersonForMatching): string[] {
  const set = new RecordSet(personMatchFields)
  const keys = new Set<string>()
  for (const values of nameVariants(person)) {
    const index = set.add(values, false)
    for (const key of blockingKeys(set, index)) keys.add(key)
  }
  return [...keys].sort()
}

export interface ExplanationRow {
  field: string
  /** The value on the record being checked (cleaned, as compared). */
  left: string
  /** The value on the existing record. */
  right: string
  level: string
  /** Evidence in bits: log2(m/u) plus the term-frequency adjustment; positive means "same person". */
  bits: number
}

export interface MatchExplanation {
  matchProbability: number
  outcome: Outcome
  matchWeight: number
  priorWeight: number
  rows: ExplanationRow[]
  heldBackBecause?: string
  /** Set when the best agreement was with an alias rather than the recorded name. */
  viaAlias?: string
}

export function toMatchExplanation(pair: PairExplanation, viaAlias?: string): MatchExplanation {
  return {
    matchProbability: pair.matchProbability,
    outcome: pair.outcome,
    matchWeight: pair.matchWeight,
    priorWeight: pair.priorWeight,
    rows: pair.fields.map(f => ({
      field: f.field,
      left: f.left,
      right: f.right,
      level: f.level,
      bits: f.weight + f.termFrequencyAdjustment,
    })),
    ...(pair.heldBackBecause ? { heldBackBecause: pair.heldBackBecause } : {}),
    ...(viaAlias ? { viaAlias } : {}),
  }
}

export function assertModelFits(model: MatchModel): void {
  const fits =
    model.fields.length === personMatchFields.length &&
    model.fields.every((f, i) => f.kind === personMatchFields[i]?.kind && f.name === personMatchFields[i].name)
  if (!fits) throw new Error('The stored match model was trained on other fields: run "vigil identity train"')
}

/**
 * Scores one person against candidates found by blocking key. Every name variant of each side is compared and the
 * strongest agreement counts: an alias that matches is as good as the recorded name. Non-links are left out.
 */
export function scoreAgainst<T extends PersonForMatching>(
  model: MatchModel,
  query: PersonForMatching,
  candidates: readonly T[],
  options: { includeNonLinks?: boolean } = {},
): Array<{ person: T; explanation: MatchExplanation }> {
  assertModelFits(model)
  const set = new RecordSet(personMatchFields)
  const queryVariants = nameVariants(query).map(values => set.add(values, false))
  const candidateVariants = candidates.map(c => nameVariants(c).map(values => set.add(values, false)))
  const scorer = new PairScorer(model, set)
  const levels = new Uint8Array(personMatchFields.length)
  const scored: Array<{ person: T; explanation: MatchExplanation }> = []
  candidates.forEach((person, c) => {
    // Weights first (cheap); the full explanation only for the best variant pair, and only if it is worth showing.
    let best: { q: number; r: number; qv: number; cv: number; weight: number } | undefined
    for (const [qv, q] of queryVariants.entries()) {
      for (const [cv, r] of (candidateVariants[c] as number[]).entries()) {
        compareRecords(set, q, r, levels)
        const weight = scorer.weight(q, levels)
        if (best === undefined || weight > best.weight) best = { q, r, qv, cv, weight }
      }
    }
    if (best === undefined) return
    if (probabilityFromWeight(best.weight) < model.thresholds.possibleLink && options.includeNonLinks !== true) return
    const pair = explainPair(model, set, best.q, best.r, scorer)
    const alias = best.cv > 0 ? person.aliases[best.cv - 1] : best.qv > 0 ? query.aliases[best.qv - 1] : undefined
    scored.push({
      person,
      explanation: toMatchExplanation(pair, alias ? `${alias.givenName} ${alias.familyName}` : undefined),
    })
  })
  return scored.sort((x, y) => y.explanation.matchProbability - x.explanation.matchProbability)
}

const compact = (value: string | null) => (value ?? '').toUpperCase().replace(/\s+/g, '')

/**
 * Two records carrying different system-issued identifiers are different people, however alike the rest looks
 * (twins, a father and son of the same name): such a merge is refused, never just warned about.
 */
export function identifierConflict(
  a: { pncId: string | null; niNumber: string | null },
  b: { pncId: string | null; niNumber: string | null },
): string | undefined {
  if (compact(a.pncId) !== '' && compact(b.pncId) !== '' && compact(a.pncId) !== compact(b.pncId)) {
    return `These records have different PNC IDs (${a.pncId} and ${b.pncId}), so they are different people and cannot be merged`
  }
  if (compact(a.niNumber) !== '' && compact(b.niNumber) !== '' && compact(a.niNumber) !== compact(b.niNumber)) {
    return `These records have different National Insurance numbers (${a.niNumber} and ${b.niNumber}), so they are different people and cannot be merged`
  }
  return undefined
}

/**
 * Who may look for and resolve duplicate people: the roles that work cases and search the nominal index. Analysts
 * see pseudonymised figures, partners only what is shared, administrators no case data.
 */
export function canResolveIdentities(actor: Actor): boolean {
  return ['offender_manager', 'supervisor', 'unit_head', 'investigator'].includes(actor.role)
}
