import type { VisitFollowUpType, VisitOutcome } from './visit.ts'

/**
 * Follow-ups the form should pre-select from the outcome. APP home visits covers action "when the offender no
 * longer lives at the address" [V]: that is a possible failure to notify a change of home address and a change
 * of circumstances for the risk assessment. Access refused is recorded as intelligence. The officer decides.
 */
export function suggestedFollowUps(outcome: VisitOutcome): VisitFollowUpType[] {
  switch (outcome) {
    case 'address not occupied':
      return ['possible breach', 'risk review']
    case 'access refused':
      return ['intelligence note']
    case 'seen':
    case 'not at home':
      return []
  }
}
