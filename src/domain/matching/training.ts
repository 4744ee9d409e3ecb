import type { CandidatePairs } from './candidatePairs.ts'
import { expectationMaximisation, startingParameters, type PatternCount } from './expectationMaximisation.ts'
import { defaultThresholds, type FieldModel, type MatchModel, type TermFrequencies, type Thresholds } from './model.ts'
import type { FieldColumn, RecordSet } from './recordSet.ts'
import { probabilitiesFromCounts, sampleNonMatchLevels, totalPairs } from './uProbabilities.ts'

export interface TrainingOptions {
  /** Random pairs drawn to estimate u (Splink uses 1e6–1e7). */
  uSamplePairs: number
  seed: number
  thresholds: Thresholds
}

export const defaultTrainingOptions: TrainingOptions = { uSamplePairs: 1_000_000, seed: 20240601, thresholds: defaultThresholds }

/**
 * Trains a model without labels: u from random pairs, m and the share of matches by EM over the candidate pairs.
 * The prior for any two records is the expected number of matches found by EM divided by all possible pairs.
 */
export function trainModel(set: RecordSet, candidates: CandidatePairs, options = defaultTrainingOptions): MatchModel {
  const sample = sampleNonMatchLevels(set, options.uSamplePairs, options.seed)
  const u = sample.counts.map(probabilitiesFromCounts)
  const patterns: PatternCount[] = []
  for (const [key, count] of candidates.patternCounts) {
    patterns.push({ levels: candidates.codec.decode(key, new Uint8Array(set.columns.length)), count })
  }
  const em = expectationMaximisation(patterns, startingParameters(u))
  const expectedMatches = em.parameters.matchShare * candidates.count
  const prior = Math.min(0.5, Math.max(1e-12, expectedMatches / Math.max(1, totalPairs(set))))
  const fields: FieldModel[] = set.columns.map((column, f) => ({
    name: column.spec.name,
    kind: column.spec.kind,
    levels: column.comparator.levels.map((label, l) => ({
      label,
      m: l === 0 ? 1 : ((em.parameters.m[f] as number[])[l] as number),
      u: l === 0 ? 1 : ((u[f] as number[])[l] as number),
    })),
    termFrequencies: column.comparator.termFrequency ? termFrequenciesOf(column) : undefined,
  }))
  return {
    version: 1,
    fields,
    prior,
    thresholds: options.thresholds,
    training: {
      candidatePairs: candidates.count,
      uSamplePairs: sample.pairs,
      emIterations: em.iterations,
      converged: em.converged,
    },
  }
}

/** Frequencies of values seen more than once; a value missing from the table is taken as seen once. */
export function termFrequenciesOf(column: FieldColumn): TermFrequencies {
  const counts: Record<string, number> = {}
  column.counts.forEach((count, code) => {
    if (count > 1) counts[column.values[code] as string] = count
  })
  return { total: Math.max(1, column.nonMissing), counts }
}
