import type { Temporal } from 'temporal-polyfill'

export const VISIT_KINDS = ['planned', 'unannounced'] as const
export type VisitKind = (typeof VISIT_KINDS)[number]

export const VISIT_OUTCOMES = ['seen', 'not at home', 'access refused', 'address not occupied'] as const
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number]

/** Checks made at the visit (issue 5). */
export const VISIT_CHECKS = [
  'details verified against last notification',
  'household composition',
  'children present',
  'devices seen',
  'associates',
] as const
export type VisitCheck = (typeof VISIT_CHECKS)[number]

/** Follow-ups the visit form can raise; the services layer creates the linked records. */
export const VISIT_FOLLOW_UPS = [
  'intelligence note',
  'possible breach',
  'risk review',
  'safeguarding referral',
] as const
export type VisitFollowUpType = (typeof VISIT_FOLLOW_UPS)[number]

export interface VisitFollowUp {
  type: VisitFollowUpType
  details: string
}

export interface Visit {
  id: string
  subjectId: string
  kind: VisitKind
  /** London wall-clock time, so weekday and time band are what the officer and the subject saw. */
  at: Temporal.ZonedDateTime
  officerIds: readonly [string, string]
  outcome: VisitOutcome
  checks: readonly VisitCheck[]
  findings: string
  followUps: readonly VisitFollowUp[]
}

/**
 * Only "seen" completes a visit. The purposes of a home visit are confirming residence and monitoring risk
 * (APP home visits, DOMAIN.md §1.2) [V]; none is achieved if the subject is not at home, refuses access or no
 * longer lives there, so those attempts do not reset the clock and the visit stays due (and becomes overdue).
 */
export function isCompletedVisit(visit: Pick<Visit, 'outcome'>): boolean {
  return visit.outcome === 'seen'
}
