import { defaultBlockingOptions, type BlockingOptions } from './blocks.ts'
import { findCandidatePairs, type CandidatePairs } from './candidatePairs.ts'
import { clusterLinks, type Clusters, type LinkedPair } from './clustering.ts'
import { PatternCodec } from './comparisonVector.ts'
import { guardsHouseholds } from './households.ts'
import { LinkGuard } from './linkGuard.ts'
import { probabilityFromWeight, type MatchModel } from './model.ts'
import { PairScorer } from './pairScorer.ts'
import type { RecordSet } from './recordSet.ts'
import { defaultTrainingOptions, trainModel, type TrainingOptions } from './training.ts'

export interface BatchOptions {
  blocking: BlockingOptions
  training: TrainingOptions
  /** Use this model instead of training one on the data (e.g. one trained on a larger table). */
  model?: MatchModel
}

export const defaultBatchOptions: BatchOptions = { blocking: defaultBlockingOptions, training: defaultTrainingOptions }

export interface BatchResult {
  model: MatchModel
  /** Pairs at or above the link threshold, identifier guard applied. */
  links: LinkedPair[]
  /** Pairs between the two thresholds, plus links held back by the identifier guard: for a person to decide. */
  possibleLinks: LinkedPair[]
  candidatePairs: number
}

/**
 * Blocks, trains (unless given a model) and scores every candidate pair of the record set. `candidates` may be given
 * already compared (e.g. by worker threads); the result is the same either way.
 */
export function scoreCandidates(
  set: RecordSet,
  options: BatchOptions = defaultBatchOptions,
  candidates: CandidatePairs = findCandidatePairs(set, options.blocking),
): BatchResult {
  const model = options.model ?? trainModel(set, candidates, options.training)
  const scorer = new PairScorer(model, set)
  const codec: PatternCodec = candidates.codec
  const levels = new Uint8Array(set.columns.length)
  const households = options.training.householdGuard && guardsHouseholds(model)
  const guard = new LinkGuard(set, scorer, model.thresholds.link, households)
  const links: LinkedPair[] = []
  const possibleLinks: LinkedPair[] = []
  for (let p = 0; p < candidates.count; p++) {
    const a = candidates.left[p] as number
    const b = candidates.right[p] as number
    codec.decode(candidates.pattern[p] as number, levels)
    const probability = probabilityFromWeight(scorer.weight(a, levels))
    if (probability < model.thresholds.possibleLink) continue
    const pair = { a, b, probability }
    const isLink = probability >= model.thresholds.link && guard.reason(a, b, levels) === undefined
    ;(isLink ? links : possibleLinks).push(pair)
  }
  return { model, links, possibleLinks, candidatePairs: candidates.count }
}

export interface DedupeResult extends BatchResult {
  clusters: Clusters
}

/** Finds the people in one list: every record gets a cluster, linked records share one. */
export function dedupe(
  set: RecordSet,
  options: BatchOptions = defaultBatchOptions,
  candidates?: CandidatePairs,
): DedupeResult {
  const scored = scoreCandidates(set, options, candidates)
  const clusters = clusterLinks(set, scored.links)
  return { ...scored, possibleLinks: [...scored.possibleLinks, ...clusters.heldBack], clusters }
}

/** Links two lists: `set.leftSize` records from the first list, then the second. Pairs always span both. */
export function link(
  set: RecordSet,
  options: BatchOptions = defaultBatchOptions,
  candidates?: CandidatePairs,
): BatchResult {
  if (set.leftSize === undefined) throw new Error('link needs a record set with leftSize set')
  return scoreCandidates(set, options, candidates)
}
