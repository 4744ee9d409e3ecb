import { Temporal } from 'temporal-polyfill'
import { LONDON } from '../../domain/clock.ts'
import {
  DEFAULT_REVIEW_SETTINGS,
  TRIGGER_EVENT_KINDS,
  circumstanceEventsFrom,
  reviewTriggerFor,
  asRiskLevel,
  riskReviewDue,
  type CircumstanceEvent,
  type ReviewSettings,
  type RiskLevel,
} from '../../domain/risk/index.ts'
import {
  DEFAULT_NEXT_VISIT_SETTINGS,
  UNASSESSED_PLANNING_LEVEL,
  nextVisitDue,
  type NextVisitSettings,
  type RiskLevelPeriod,
  type VisitFrequencyOverride,
} from '../../domain/visits/index.ts'
import type { Repositories } from '../../data/index.ts'

/** The due-date settings: the review and visit rules' numbers, and which timeline kinds are notifications. */
export interface ScheduleSettings {
  review: ReviewSettings
  nextVisit: NextVisitSettings
  notificationKinds: string[]
  periodicNotificationMonths: number
}

/** Settings from the database row the timeline trigger also reads, so SQL and TypeScript use the same numbers. */
export async function loadScheduleSettings(repos: Repositories): Promise<ScheduleSettings> {
  const row = await repos.schedule.settings()
  if (!row) {
    return {
      review: DEFAULT_REVIEW_SETTINGS,
      nextVisit: DEFAULT_NEXT_VISIT_SETTINGS,
      notificationKinds: ['notification'],
      periodicNotificationMonths: 12,
    }
  }
  return {
    review: {
      ...DEFAULT_REVIEW_SETTINGS,
      initialAssessmentWithinDays: row.initial_assessment_days,
      periodicReviewMonths: row.periodic_review_months,
      eventReviewWithinDays: row.event_review_days,
      triggerEvents: row.trigger_kinds.map(reviewTriggerFor).filter(e => e !== undefined),
    },
    nextVisit: { ...DEFAULT_NEXT_VISIT_SETTINGS, firstVisitWithinDays: row.first_visit_days },
    notificationKinds: row.notification_kinds,
    periodicNotificationMonths: row.periodic_notification_months,
  }
}

/** A stored visit plan's frequency override, as the visits domain's (none while it is incomplete). */
export function overrideFrom(plan: {
  override_months: number | null
  override_reason: string | null
  override_for_level: string | null
  override_requested_by: string | null
  override_approved_by: string | null
}): VisitFrequencyOverride | undefined {
  const forRiskLevel = asRiskLevel(plan.override_for_level)
  if (plan.override_months === null || !forRiskLevel || !plan.override_requested_by) return undefined
  return {
    months: plan.override_months,
    reason: plan.override_reason ?? '',
    requestedBy: plan.override_requested_by,
    forRiskLevel,
    ...(plan.override_approved_by ? { approvedBy: plan.override_approved_by } : {}),
  }
}

/** The level a subject's visits and first assessment are planned at. */
export function planningLevel(riskLevel: string | null): RiskLevel {
  return asRiskLevel(riskLevel) ?? UNASSESSED_PLANNING_LEVEL
}

export const londonDate = (at: Date): Temporal.PlainDate =>
  Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(LONDON).toPlainDate()

/** Review-trigger events on the subject's timeline, oldest first. */
export async function circumstanceEvents(repos: Repositories, subjectId: string): Promise<CircumstanceEvent[]> {
  return circumstanceEventsFrom(await repos.schedule.eventsOfKinds(subjectId, Object.values(TRIGGER_EVENT_KINDS)))
}

/**
 * The risk levels a subject has held, from countersigned assessments (the force's assessment). With none, the
 * level recorded at registration counts from the registration date.
 */
export async function riskHistory(
  repos: Repositories,
  subjectId: string,
  /** The subject's registration date and level when the caller already holds them (the page read the row once). */
  known?: { registeredOn: string; riskLevel: string | null },
): Promise<RiskLevelPeriod[]> {
  const periods: RiskLevelPeriod[] = []
  for (const r of await repos.risk.countersignedLevels(subjectId)) {
    const level = asRiskLevel(r.level)
    if (level) periods.push({ level, from: Temporal.PlainDate.from(r.assessedOn) })
  }
  if (periods.length > 0) return periods
  const subject = known ?? (await repos.schedule.subjectForDue(subjectId))
  const level = asRiskLevel(subject.riskLevel)
  return level ? [{ level, from: Temporal.PlainDate.from(subject.registeredOn) }] : []
}

/**
 * Recomputes a subject's maintained due dates (subject_due) from its records with the domain rules, with the
 * caller's (transaction-bound) repositories. Every write that can move a due date calls this before it commits, so
 * the dashboards never read a stale value; timeline events from other capabilities are applied by the database
 * trigger (whose review rule the parity test holds to riskReviewDue).
 */
export async function refreshSubjectDue(
  repos: Repositories,
  subjectId: string,
  settings: ScheduleSettings,
  at: Date,
): Promise<void> {
  const { schedule } = repos
  const subject = await schedule.subjectForDue(subjectId)
  const notificationKinds = settings.notificationKinds.length ? settings.notificationKinds : ['notification']
  const [plan, lastSeen, assessments, events, notified] = await Promise.all([
    repos.visits.plan(subjectId),
    schedule.lastSeenAt(subjectId),
    schedule.assessmentDates(subjectId),
    schedule.eventsOfKinds(subjectId, Object.values(TRIGGER_EVENT_KINDS)),
    schedule.lastOccurrence(subjectId, notificationKinds),
  ])
  const registeredOn = Temporal.PlainDate.from(subject.registeredOn)
  const override = plan ? overrideFrom(plan) : undefined
  const visitDue = nextVisitDue(
    {
      planStartedOn: registeredOn,
      level: planningLevel(subject.riskLevel),
      ...(override ? { override } : {}),
      reactive: subject.status === 'reactive',
      visits: lastSeen
        ? [
            {
              at: Temporal.Instant.fromEpochMilliseconds(lastSeen.getTime()).toZonedDateTimeISO(LONDON),
              outcome: 'seen',
            },
          ]
        : [],
    },
    settings.nextVisit,
  )
  const counting = assessments.map(a => ({
    assessedOn: Temporal.PlainDate.from(a.assessedOn),
    ...(a.countersignedOn ? { countersignedOn: Temporal.PlainDate.from(a.countersignedOn) } : {}),
  }))
  const reviewDue = riskReviewDue(
    { registeredOn, assessments: counting, events: circumstanceEventsFrom(events) },
    settings.review,
  )
  const reactive = visitDue.basis === 'reactive management'
  await schedule.saveDue({
    subject_id: subjectId,
    interval_months: reactive ? null : visitDue.interval.months,
    interval_source: reactive ? 'reactive management' : visitDue.interval.source,
    last_completed_visit_on: lastSeen ? londonDate(lastSeen).toString() : null,
    next_visit_due: visitDue.dueOn?.toString() ?? null,
    last_assessed_on: lastCountingOn(counting, settings.review),
    review_due: reviewDue.dueOn.toString(),
    review_reason: reviewDue.reason,
    last_notified_on: notified,
    updated_at: at,
  })
}

function lastCountingOn(
  assessments: ReadonlyArray<{ assessedOn: Temporal.PlainDate; countersignedOn?: Temporal.PlainDate }>,
  settings: ReviewSettings,
): string | null {
  let latest: Temporal.PlainDate | undefined
  for (const a of assessments) {
    if (settings.requireCountersignature && !a.countersignedOn) continue
    if (!latest || Temporal.PlainDate.compare(a.assessedOn, latest) > 0) latest = a.assessedOn
  }
  return latest?.toString() ?? null
}
