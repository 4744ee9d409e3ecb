import { RISK_LEVELS, compareRiskLevels, riskLevelLabel } from '../risk/index.ts'
import type { RiskLevel } from '../risk/index.ts'

/**
 * Minimum visit interval in months per risk level. The 1/3/6/12 schedule is the historic fixed schedule
 * reported by PA in June 2017 [P]; since then NPCC has officers set frequency "as part of a holistic plan" [V]
 * (DOMAIN.md §1.2), so these are only defaults and every subject's plan may override them.
 */
export type VisitIntervals = Readonly<Record<RiskLevel, number>>

export const DEFAULT_VISIT_INTERVALS: VisitIntervals = {
  very_high: 1,
  high: 3,
  medium: 6,
  low: 12,
}

/**
 * Problems with a configured schedule. A higher risk level must never be visited less often, otherwise raising
 * a subject's risk could lengthen their interval.
 */
export function visitIntervalProblems(intervals: VisitIntervals): string[] {
  const problems: string[] = []
  for (const level of RISK_LEVELS) {
    const months = intervals[level]
    if (!Number.isInteger(months) || months < 1)
      problems.push(`The ${riskLevelLabel(level).toLowerCase()} interval must be a whole number of months, at least 1`)
  }
  for (let i = 1; i < RISK_LEVELS.length; i++) {
    const lower = RISK_LEVELS[i - 1] as RiskLevel
    const higher = RISK_LEVELS[i] as RiskLevel
    if (intervals[higher] > intervals[lower]) {
      problems.push(`The ${higher} interval must not be longer than the ${lower} interval`)
    }
  }
  return problems
}

export interface VisitFrequencyOverride {
  months: number
  reason: string
  requestedBy: string
  /** The risk level the override was agreed for; a change of level changes what it means (see below). */
  forRiskLevel: RiskLevel
  approvedBy?: string
}

export type IntervalSource = 'risk level' | 'approved override' | 'risk level (override capped)'

export interface VisitInterval {
  months: number
  source: IntervalSource
}

/**
 * The interval that applies. An override only applies once a supervisor other than the requester has approved it
 * (issue 5: "overridable by the offender manager with a reason and supervisor approval").
 *
 * If the risk level has risen since the override was approved, the shorter of the override and the new default
 * applies: a rise in risk must never lead to fewer visits. If it has fallen, the override lapses and the default
 * applies until a new override is approved, because the reason given no longer describes the case.
 */
export function effectiveVisitInterval(
  level: RiskLevel,
  override: VisitFrequencyOverride | undefined,
  intervals: VisitIntervals = DEFAULT_VISIT_INTERVALS,
): VisitInterval {
  const byLevel = intervals[level]
  if (!override || !isApproved(override)) return { months: byLevel, source: 'risk level' }
  const change = compareRiskLevels(level, override.forRiskLevel)
  if (change === 0) return { months: override.months, source: 'approved override' }
  if (change < 0) return { months: byLevel, source: 'risk level' }
  return override.months <= byLevel
    ? { months: override.months, source: 'approved override' }
    : { months: byLevel, source: 'risk level (override capped)' }
}

export function isApproved(override: VisitFrequencyOverride): boolean {
  return (
    override.approvedBy !== undefined && override.approvedBy !== override.requestedBy && override.reason.trim() !== ''
  )
}

/**
 * A subject with no risk level yet is planned as high risk: the first visit and initial ARMS are the most
 * important work, and the workload domain weighs an unassessed case as high for the same reason.
 */
export const UNASSESSED_PLANNING_LEVEL: RiskLevel = 'high'
