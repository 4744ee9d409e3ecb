import { buildBlocks, candidatesFor, defaultBlockingOptions, type RuleBlocks } from './blocks.ts'
import { compareRecords } from './comparisonVector.ts'
import { guardsHouseholds } from './households.ts'
import { LinkGuard } from './linkGuard.ts'
import { outcomeOf, probabilityFromWeight, type MatchModel, type Outcome } from './model.ts'
import { PairScorer } from './pairScorer.ts'
import type { RecordSet } from './recordSet.ts'

export interface Match {
  record: number
  matchProbability: number
  outcome: Outcome
}

/**
 * An in-memory index over a table of people, for checking one new record ("this person may already be known"). A
 * database adapter does the same with an indexed table of `blockingKeys`; this one serves the CLI and benchmarks.
 */
export class MatchIndex {
  private readonly blocks: RuleBlocks[]
  private readonly scorer: PairScorer
  private readonly levels: Uint8Array
  private readonly guard: LinkGuard

  constructor(
    readonly set: RecordSet,
    readonly model: MatchModel,
    blocks?: RuleBlocks[],
  ) {
    this.blocks = blocks ?? buildBlocks(set, defaultBlockingOptions)
    this.scorer = new PairScorer(model, set)
    this.levels = new Uint8Array(set.columns.length)
    this.guard = new LinkGuard(set, this.scorer, model.thresholds.link, guardsHouseholds(model))
  }

  /** Likely existing matches for a new record (raw values in field order), best first, non-links left out. */
  findMatches(values: readonly (string | undefined)[]): Match[] {
    const query = this.set.add(values, false)
    const matches: Match[] = []
    for (const record of candidatesFor(this.set, query, this.blocks)) {
      compareRecords(this.set, query, record, this.levels)
      const matchProbability = probabilityFromWeight(this.scorer.weight(query, this.levels))
      let outcome = outcomeOf(matchProbability, this.model.thresholds)
      if (outcome === 'non-link') continue
      if (outcome === 'link' && this.guard.reason(query, record, this.levels) !== undefined) outcome = 'possible link'
      matches.push({ record, matchProbability, outcome })
    }
    return matches.sort((x, y) => y.matchProbability - x.matchProbability)
  }
}
