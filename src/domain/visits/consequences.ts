import { TRIGGER_EVENT_KINDS } from '../risk/triggerKinds.ts'
import type { VisitFollowUp, VisitFollowUpType, VisitKind, VisitOutcome } from './visit.ts'

/**
 * The timeline kind each follow-up creates. A follow-up whose kind is a review trigger ("intelligence note",
 * "risk review") makes the ARMS review due (see risk/triggerKinds.ts): the officer saw something that changes
 * the case.
 */
export const FOLLOW_UP_EVENT_KINDS: Readonly<Record<VisitFollowUpType, string>> = {
  'intelligence note': TRIGGER_EVENT_KINDS['new intelligence'],
  'possible breach': 'possible-breach',
  'risk review': TRIGGER_EVENT_KINDS['review requested'],
  'safeguarding referral': 'safeguarding-referral',
}

/**
 * Follow-ups that someone other than the visiting officers must act on now: a possible breach (a possible
 * offence under SOA 2003 s.91) and a safeguarding referral. They alert the subject's managers at high priority.
 */
const ALERTING_FOLLOW_UPS: Readonly<Partial<Record<VisitFollowUpType, string>>> = {
  'possible breach': 'possible-breach',
  'safeguarding referral': 'safeguarding-referral',
}

export interface VisitTimelineEntry {
  kind: string
  summary: string
  details: Record<string, unknown>
}

export interface VisitAlert {
  kind: string
  priority: 'high' | 'normal'
  title: string
  detail: string
}

export interface VisitConsequences {
  timeline: VisitTimelineEntry[]
  alerts: VisitAlert[]
}

/** What recording a visit changes beyond the visit itself: its timeline entries and the alerts it raises. */
export function visitConsequences(visit: {
  kind: VisitKind
  outcome: VisitOutcome
  followUps: readonly VisitFollowUp[]
  subjectReference: string
  officerNames: readonly string[]
}): VisitConsequences {
  const timeline: VisitTimelineEntry[] = [
    {
      kind: 'visit',
      summary: `${visit.kind === 'planned' ? 'Planned' : 'Unannounced'} home visit: ${visit.outcome}`,
      details: { officers: [...visit.officerNames] },
    },
  ]
  const alerts: VisitAlert[] = []
  for (const followUp of visit.followUps) {
    timeline.push({
      kind: FOLLOW_UP_EVENT_KINDS[followUp.type],
      summary: `${capitalise(followUp.type)} raised at a home visit`,
      details: { details: followUp.details },
    })
    const alertKind = ALERTING_FOLLOW_UPS[followUp.type]
    if (alertKind) {
      alerts.push({
        kind: alertKind,
        priority: 'high',
        title: `${capitalise(followUp.type)} raised at a home visit to ${visit.subjectReference}`,
        detail: followUp.details,
      })
    }
  }
  return { timeline, alerts }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
