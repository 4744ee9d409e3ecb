import { EXACT } from './comparisons/comparator.ts'
import { compareRecords } from './comparisonVector.ts'
import { guardsHouseholds } from './households.ts'
import { LinkGuard } from './linkGuard.ts'
import { outcomeOf, probabilityFromWeight, type FieldModel, type MatchModel, type Outcome } from './model.ts'
import { PairScorer } from './pairScorer.ts'
import { RecordSet } from './recordSet.ts'

export interface FieldContribution {
  field: string
  kind: FieldModel['kind']
  left: string
  right: string
  level: string
  /** log2(m/u) for the level, in bits: positive is evidence for the same person. */
  weight: number
  /** Extra bits because the agreeing value is rare (or fewer because it is common). */
  termFrequencyAdjustment: number
}

export interface PairExplanation {
  matchWeight: number
  matchProbability: number
  outcome: Outcome
  /** Bits from the prior alone: how unlikely a match is before looking at any field. */
  priorWeight: number
  fields: FieldContribution[]
  /** Set when the identifier guard stopped an automatic link. */
  heldBackBecause?: string
}

/** Compares two records of a set and says how much each field contributed: what a reviewer is shown. */
export function explainPair(
  model: MatchModel,
  set: RecordSet,
  a: number,
  b: number,
  scorer = new PairScorer(model, set),
) {
  const levels = new Uint8Array(set.columns.length)
  compareRecords(set, a, b, levels)
  const fields = set.columns.map((column, f): FieldContribution => {
    const level = levels[f] as number
    const tf = level === EXACT && model.fields[f]?.termFrequencies !== undefined
    return {
      field: column.spec.name,
      kind: column.spec.kind,
      left: column.value(a),
      right: column.value(b),
      level: column.comparator.levels[level] as string,
      weight: scorer.levelWeight(f, level),
      termFrequencyAdjustment: tf ? scorer.termFrequencyAdjustment(f, a) : 0,
    }
  })
  const matchWeight = scorer.weight(a, levels)
  const matchProbability = probabilityFromWeight(matchWeight)
  let outcome = outcomeOf(matchProbability, model.thresholds)
  const explanation: PairExplanation = {
    matchWeight,
    matchProbability,
    outcome,
    priorWeight: scorer.priorWeight,
    fields,
  }
  const heldBackBecause =
    outcome === 'link'
      ? new LinkGuard(set, scorer, model.thresholds.link, guardsHouseholds(model)).reason(a, b, levels)
      : undefined
  if (heldBackBecause !== undefined) {
    outcome = 'possible link'
    explanation.outcome = outcome
    explanation.heldBackBecause = heldBackBecause
  }
  return explanation
}

/**
 * The pure entry point for a storage adapter: compare two records given as raw values (in the model's field order)
 * under a saved model, e.g. a new person against a candidate fetched by blocking key.
 */
export function compareTwoRecords(
  model: MatchModel,
  left: readonly (string | undefined)[],
  right: readonly (string | undefined)[],
): PairExplanation {
  const set = new RecordSet(model.fields.map(f => ({ name: f.name, kind: f.kind })))
  const a = set.add(left)
  const b = set.add(right)
  return explainPair(model, set, a, b)
}
