import type { RuleBlocks } from './blocks.ts'
import type { CandidatePairs } from './candidatePairs.ts'
import { compareRecords } from './comparisonVector.ts'
import {
  defaultEmOptions,
  expectationMaximisation,
  startingParameters,
  type PatternCount,
} from './expectationMaximisation.ts'
import { calibrate, lowestLinkThreshold } from './calibration.ts'
import { EXACT } from './comparisons/comparator.ts'
import { guardsHouseholds, householdEvidence } from './households.ts'
import { LinkGuard } from './linkGuard.ts'
import {
  defaultThresholds,
  probabilityFromWeight,
  type FieldModel,
  type MatchModel,
  type TermFrequencies,
  type Thresholds,
} from './model.ts'
import { PairScorer } from './pairScorer.ts'
import type { FieldColumn, RecordSet } from './recordSet.ts'
import { probabilitiesFromCounts, sampleNonMatchLevels, totalPairs } from './uProbabilities.ts'

export interface TrainingOptions {
  /** Random pairs drawn to estimate u (Splink uses 1e6–1e7). */
  uSamplePairs: number
  /** Most pairs used from one blocking rule when learning m. */
  pairsPerSession: number
  seed: number
  /** Used as given when `targetPrecision` is undefined; otherwise only `possibleLink` is. */
  thresholds: Thresholds
  /** Design target for the precision of automatic links: the link threshold is chosen from the model's estimate. */
  targetPrecision: number | undefined
  /**
   * Allow the household guard (linkGuard.ts), which then applies where the data shows households (households.ts);
   * false turns it off whatever the data shows.
   */
  householdGuard: boolean
}

export const defaultTrainingOptions: TrainingOptions = {
  uSamplePairs: 1_000_000,
  pairsPerSession: 1_000_000,
  seed: 20240601,
  thresholds: defaultThresholds,
  targetPrecision: 0.99,
  householdGuard: true,
}

/**
 * Trains a model without labels, the way Splink does:
 * - u for each level from random pairs (nearly all different people);
 * - m by EM in one session per blocking rule, over the pairs that rule finds, with u fixed. The rule's own fields
 *   are left out of that session: among pairs that share, say, a date of birth, the other fields of two different
 *   people still agree only by chance, so random-pair u is right for them and EM can separate the two classes.
 *   Each field's m is the average over the sessions that learned it, weighted by the matches each session found;
 * - the prior from one more EM pass over all candidate pairs with m and u fixed, so only the share of matches is
 *   learned, divided out over every possible pair.
 */
export function trainModel(set: RecordSet, candidates: CandidatePairs, options = defaultTrainingOptions): MatchModel {
  const sample = sampleNonMatchLevels(set, options.uSamplePairs, options.seed)
  const u = sample.counts.map(probabilitiesFromCounts)
  // Random pairs include the table's own duplicates, which share their identifiers, so the sampled chance that two
  // different people share a PNC ID is far too high. Identifiers are issued one per person: two different people
  // share one only by a clerical error, put here at no more than once in the whole table.
  set.columns.forEach((column, f) => {
    if (column.spec.kind !== 'identifier') return
    const levels = u[f] as number[]
    levels[EXACT] = Math.min(levels[EXACT] as number, 1 / Math.max(1, totalPairs(set)))
  })
  const start = startingParameters(u)
  const mSums = u.map(levels => levels.map(() => 0))
  const mWeights = u.map(() => 0)
  let iterations = 0
  let converged = true
  for (const blocks of candidates.blocks) {
    const learned = set.columns.map(c => !blocks.rule.kinds.includes(c.spec.kind))
    const patterns = sessionPatterns(set, blocks, learned, options.pairsPerSession)
    if (patterns.length === 0) continue
    const em = expectationMaximisation(patterns, start, { ...defaultEmOptions, fixedU: true })
    iterations += em.iterations
    converged &&= em.converged
    const matches = em.parameters.matchShare * patterns.reduce((s, p) => s + p.count, 0)
    learned.forEach((isLearned, f) => {
      if (!isLearned) return
      mWeights[f] = (mWeights[f] as number) + matches
      const sums = mSums[f] as number[]
      ;(em.parameters.m[f] as number[]).forEach((m, l) => (sums[l] = (sums[l] as number) + m * matches))
    })
  }
  const m = mSums.map((sums, f) =>
    (mWeights[f] as number) > 0 ? sums.map(s => s / (mWeights[f] as number)) : (start.m[f] as number[]),
  )
  const all: PatternCount[] = []
  for (const [key, count] of candidates.patternCounts) {
    all.push({ levels: candidates.codec.decode(key, new Uint8Array(set.columns.length)), count })
  }
  const share = expectationMaximisation(
    all,
    { matchShare: 0.1, m, u },
    { ...defaultEmOptions, fixedU: true, fixedM: true },
  )
  const expectedMatches = share.parameters.matchShare * candidates.count
  const prior = Math.min(0.5, Math.max(1e-12, expectedMatches / Math.max(1, totalPairs(set))))
  const fields: FieldModel[] = set.columns.map((column, f) => ({
    name: column.spec.name,
    kind: column.spec.kind,
    levels: column.comparator.levels.map((label, l) => ({
      label,
      m: l === 0 ? 1 : Math.max(1e-6, (m[f] as number[])[l] as number),
      u: l === 0 ? 1 : ((u[f] as number[])[l] as number),
    })),
    termFrequencies: column.comparator.termFrequency ? termFrequenciesOf(column) : undefined,
  }))
  const measured = householdEvidence(set, candidates.patternCounts, candidates.codec)
  const model: MatchModel = {
    version: 1,
    fields,
    prior,
    thresholds: options.thresholds,
    households: { ...measured, guarded: options.householdGuard && measured.guarded },
    training: { candidatePairs: candidates.count, uSamplePairs: sample.pairs, emIterations: iterations, converged },
  }
  if (options.targetPrecision === undefined) return model
  const target = options.targetPrecision
  const { thresholds, calibration } = calibrateOnCandidates(set, candidates, model, {
    ...options,
    targetPrecision: target,
  })
  return { ...model, thresholds, calibration }
}

/** Scores every candidate pair under the model and sets the thresholds from its estimated precision. */
function calibrateOnCandidates(
  set: RecordSet,
  candidates: CandidatePairs,
  model: MatchModel,
  options: TrainingOptions & { targetPrecision: number },
) {
  const scorer = new PairScorer(model, set)
  const guard = new LinkGuard(set, scorer, lowestLinkThreshold, guardsHouseholds(model))
  const levels = new Uint8Array(set.columns.length)
  const probabilities = new Float64Array(candidates.count)
  const eligible = new Uint8Array(candidates.count)
  for (let p = 0; p < candidates.count; p++) {
    const a = candidates.left[p] as number
    const b = candidates.right[p] as number
    candidates.codec.decode(candidates.pattern[p] as number, levels)
    probabilities[p] = probabilityFromWeight(scorer.weight(a, levels))
    eligible[p] = guard.reason(a, b, levels) === undefined ? 1 : 0
  }
  return calibrate(probabilities, eligible, options.targetPrecision, model.thresholds.possibleLink)
}

/** Comparison patterns of the pairs one rule finds, with the rule's own fields marked missing. */
function sessionPatterns(set: RecordSet, blocks: RuleBlocks, learned: boolean[], maxPairs: number): PatternCount[] {
  const counts = new Map<string, PatternCount>()
  const levels = new Uint8Array(set.columns.length)
  const leftSize = set.leftSize
  let pairs = 0
  const { offsets, members, oversized } = blocks
  for (let block = 0; block + 1 < offsets.length && pairs < maxPairs; block++) {
    if (oversized[block] === 1) continue
    for (let x = offsets[block] as number; x < (offsets[block + 1] as number); x++) {
      for (let y = x + 1; y < (offsets[block + 1] as number); y++) {
        const a = members[x] as number
        const b = members[y] as number
        if (leftSize !== undefined && a >= leftSize === b >= leftSize) continue
        compareRecords(set, a, b, levels)
        learned.forEach((isLearned, f) => (isLearned ? undefined : (levels[f] = 0)))
        const key = levels.join(',')
        const known = counts.get(key)
        if (known === undefined) counts.set(key, { levels: levels.slice(), count: 1 })
        else known.count++
        pairs++
      }
    }
  }
  return [...counts.values()]
}

/** Frequencies of values seen more than once; a value missing from the table is taken as seen once. */
export function termFrequenciesOf(column: FieldColumn): TermFrequencies {
  const counts: Record<string, number> = {}
  column.counts.forEach((count, code) => {
    if (count > 1) counts[column.values[code] as string] = count
  })
  return { total: Math.max(1, column.nonMissing), counts }
}
