import { Temporal } from 'temporal-polyfill'

/**
 * Changes of circumstance that trigger a review. HMICFRS: "Any intelligence or changes to their circumstances
 * should lead to a review of their risk assessment" [V] (DOMAIN.md §1.2, reactive management); the list is issue 5's.
 */
export const REVIEW_TRIGGER_EVENTS = [
  'new home address',
  'association with a child',
  'new relationship',
  'breach',
  'arrest',
  'new intelligence',
  /* A follow-up from a home visit ("raise a risk review", issue 5): the officer saw something that changes the case. */
  'review requested',
] as const
export type ReviewTriggerEvent = (typeof REVIEW_TRIGGER_EVENTS)[number]

export interface CircumstanceEvent {
  type: ReviewTriggerEvent
  occurredOn: Temporal.PlainDate
  id?: string
}

/**
 * ARMS timescales are police-restricted and were not found in any public source [U] (DOMAIN.md §1.2, §5 item 3),
 * so all of these are settings. Defaults: periodic 12 months and event 14 days are the issue's; the initial
 * window of 28 days is a placeholder to confirm against the GMP SOMU SOP.
 */
export interface ReviewSettings {
  initialAssessmentWithinDays: number
  periodicReviewMonths: number
  eventReviewWithinDays: number
  /** Which events trigger a review; a force can narrow the list without a code change. */
  triggerEvents: readonly ReviewTriggerEvent[]
  /**
   * Whether an assessment only "counts" once countersigned. Default true: an assessment that a supervisor has not
   * agreed is not yet the force's assessment, and GMP governs "overdue specialist risk assessments" [V].
   */
  requireCountersignature: boolean
}

export const DEFAULT_REVIEW_SETTINGS: ReviewSettings = {
  initialAssessmentWithinDays: 28,
  periodicReviewMonths: 12,
  eventReviewWithinDays: 14,
  triggerEvents: REVIEW_TRIGGER_EVENTS,
  requireCountersignature: true,
}

export interface AssessmentRecord {
  assessedOn: Temporal.PlainDate
  countersignedOn?: Temporal.PlainDate
}

export interface ReviewDueInput {
  registeredOn: Temporal.PlainDate
  /** A release from custody after registration restarts the initial-assessment clock. */
  releasedOn?: Temporal.PlainDate
  assessments: readonly AssessmentRecord[]
  events: readonly CircumstanceEvent[]
}

export type ReviewDue =
  | { dueOn: Temporal.PlainDate; reason: 'initial assessment'; from: Temporal.PlainDate }
  | { dueOn: Temporal.PlainDate; reason: 'periodic review'; from: Temporal.PlainDate }
  | { dueOn: Temporal.PlainDate; reason: 'change of circumstances'; event: CircumstanceEvent }

/**
 * When the next ARMS assessment is due and why: the earliest of the initial (or periodic) deadline and the
 * deadline of every trigger event since the last assessment that counts.
 *
 * An event dated on or before the day the counting assessment was completed is taken as considered by it: dates
 * carry no time of day, and a same-day review written in response to the event must be able to clear it.
 */
export function riskReviewDue(input: ReviewDueInput, settings: ReviewSettings = DEFAULT_REVIEW_SETTINGS): ReviewDue {
  const start = laterOf(input.registeredOn, input.releasedOn)
  const last = lastCountingAssessment(input.assessments, settings, start)
  let due: ReviewDue = last
    ? { dueOn: last.add({ months: settings.periodicReviewMonths }), reason: 'periodic review', from: last }
    : { dueOn: start.add({ days: settings.initialAssessmentWithinDays }), reason: 'initial assessment', from: start }
  for (const event of sortedEvents(input.events)) {
    if (!settings.triggerEvents.includes(event.type)) continue
    // Before the first assessment, events since registration or release count; after it, only later events.
    if (last && Temporal.PlainDate.compare(event.occurredOn, last) <= 0) continue
    if (!last && Temporal.PlainDate.compare(event.occurredOn, start) < 0) continue
    const dueOn = event.occurredOn.add({ days: settings.eventReviewWithinDays })
    if (Temporal.PlainDate.compare(dueOn, due.dueOn) < 0) due = { dueOn, reason: 'change of circumstances', event }
  }
  return due
}

/**
 * The date of the latest assessment that counts (countersigned, if the setting says so), ignoring any made before
 * the current start. The periodic clock runs from the assessment date, not the countersignature date, so a slow
 * countersignature never buys the author extra time.
 */
function lastCountingAssessment(
  assessments: readonly AssessmentRecord[],
  settings: ReviewSettings,
  start: Temporal.PlainDate,
): Temporal.PlainDate | undefined {
  let latest: Temporal.PlainDate | undefined
  for (const a of assessments) {
    if (settings.requireCountersignature && a.countersignedOn === undefined) continue
    // An assessment before a release from custody describes the person before the sentence, not in the community.
    if (Temporal.PlainDate.compare(a.assessedOn, start) < 0) continue
    if (latest === undefined || Temporal.PlainDate.compare(a.assessedOn, latest) > 0) latest = a.assessedOn
  }
  return latest
}

function laterOf(a: Temporal.PlainDate, b: Temporal.PlainDate | undefined): Temporal.PlainDate {
  return b !== undefined && Temporal.PlainDate.compare(b, a) > 0 ? b : a
}

/** Earliest first, so equal due dates report the earliest event deterministically. */
function sortedEvents(events: readonly CircumstanceEvent[]): CircumstanceEvent[] {
  return [...events].sort((a, b) => Temporal.PlainDate.compare(a.occurredOn, b.occurredOn))
}
