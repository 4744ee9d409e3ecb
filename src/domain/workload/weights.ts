import type { RiskLevel } from '../risk/index.ts'

/**
 * Caseload weights and capacity. No public police weighting exists [U]; HMPPS's workload points model
 * (manage-a-workforce, DOMAIN.md §2.5) is the pattern. Defaults: one low-risk case = 1 point.
 */
export interface WorkloadSettings {
  weights: Readonly<Record<RiskLevel, number>>
  /** Reactive management: no scheduled visits, so a fraction of a low-risk case. */
  reactiveWeight: number
  /** Not yet assessed: the initial ARMS and first visit are the heaviest work, so weighted as high. */
  unassessedWeight: number
  /**
   * Points a full-time officer can carry. HMICFRS would like about 50 RSOs per officer [V] (DOMAIN.md §4); at the
   * national risk mix (2% very high, 18% high, 30% medium, 50% low [V]) the default weights average ≈1.48 a case,
   * so 50 cases ≈ 74 points, rounded to 75.
   */
  fullTimeCapacity: number
}

export const DEFAULT_WORKLOAD_SETTINGS: WorkloadSettings = {
  weights: { low: 1, medium: 1.5, high: 2.5, very_high: 4 },
  reactiveWeight: 0.5,
  unassessedWeight: 2.5,
  fullTimeCapacity: 75,
}

export interface Case {
  subjectId: string
  /** Undefined until the first ARMS assessment is countersigned. */
  riskLevel?: RiskLevel
  reactive?: boolean
}

/** A case's weight: reactive first (it is only ever low risk), then unassessed, then by risk level. */
export function caseWeight(c: Case, settings: WorkloadSettings = DEFAULT_WORKLOAD_SETTINGS): number {
  if (c.reactive) return settings.reactiveWeight
  if (c.riskLevel === undefined) return settings.unassessedWeight
  return settings.weights[c.riskLevel]
}

export function weightedCaseload(
  cases: readonly Case[],
  settings: WorkloadSettings = DEFAULT_WORKLOAD_SETTINGS,
): number {
  // Round to avoid 0.1 + 0.2 artefacts in displayed totals and in tie-breaks.
  return roundPoints(cases.reduce((sum, c) => sum + caseWeight(c, settings), 0))
}

export function roundPoints(points: number): number {
  return Math.round(points * 100) / 100
}
