import { Temporal } from 'temporal-polyfill'
import { riskRank } from '../risk/index.ts'
import type { Case } from './weights.ts'

export interface UnallocatedCase extends Case {
  waitingSince: Temporal.PlainDate
}

/**
 * The unallocated queue in the order a supervisor should work it: unassessed and highest risk first (risk is
 * unknown until assessed, so it is treated as highest), then the longest waiting, then subject id.
 */
export function unallocatedQueue<T extends UnallocatedCase>(cases: readonly T[]): T[] {
  const rank = (c: Case) => (c.riskLevel === undefined ? 4 : c.reactive ? -1 : riskRank(c.riskLevel))
  return [...cases].sort(
    (a, b) =>
      rank(b) - rank(a) ||
      Temporal.PlainDate.compare(a.waitingSince, b.waitingSince) ||
      (a.subjectId < b.subjectId ? -1 : a.subjectId > b.subjectId ? 1 : 0),
  )
}
