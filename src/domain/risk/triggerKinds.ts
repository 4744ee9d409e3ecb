import { Temporal } from 'temporal-polyfill'
import { REVIEW_TRIGGER_EVENTS, type CircumstanceEvent, type ReviewTriggerEvent } from './review.ts'

/**
 * Timeline kinds (subject_event.kind, written by the register, intelligence and visits capabilities) for each
 * review trigger the risk domain knows. These names are the contract between capabilities: an event of one of
 * these kinds on a subject's timeline is a change of circumstances that makes the ARMS review due.
 */
export const TRIGGER_EVENT_KINDS: Readonly<Record<ReviewTriggerEvent, string>> = {
  'new home address': 'change-of-home-address',
  'association with a child': 'association-with-child',
  'new relationship': 'new-relationship',
  breach: 'breach',
  arrest: 'arrest',
  'new intelligence': 'new-intelligence',
  'review requested': 'risk-review-requested',
}

const TRIGGER_BY_KIND: ReadonlyMap<string, ReviewTriggerEvent> = new Map(
  REVIEW_TRIGGER_EVENTS.map(e => [TRIGGER_EVENT_KINDS[e], e]),
)

/** The review trigger a timeline kind stands for, if it is one. */
export function reviewTriggerFor(kind: string): ReviewTriggerEvent | undefined {
  return TRIGGER_BY_KIND.get(kind)
}

/** Timeline events as the review rule's circumstance events (events of other kinds are not triggers). */
export function circumstanceEventsFrom(
  events: ReadonlyArray<{ id: string; kind: string; occurredOn: string }>,
): CircumstanceEvent[] {
  return events.flatMap(e => {
    const type = reviewTriggerFor(e.kind)
    return type ? [{ type, occurredOn: Temporal.PlainDate.from(e.occurredOn), id: e.id }] : []
  })
}
