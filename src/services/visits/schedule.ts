import type { Kysely } from 'kysely'
import { Temporal } from 'temporal-polyfill'
import { LONDON } from '../../domain/clock.ts'
import {
  DEFAULT_REVIEW_SETTINGS,
  REVIEW_TRIGGER_EVENTS,
  riskReviewDue,
  type CircumstanceEvent,
  type ReviewSettings,
  type ReviewTriggerEvent,
  type RiskLevel,
} from '../../domain/risk/index.ts'
import {
  DEFAULT_NEXT_VISIT_SETTINGS,
  nextVisitDue,
  type NextVisitSettings,
  type VisitFrequencyOverride,
} from '../../domain/visits/index.ts'
import type { DB, RiskLevel as DbRiskLevel } from '../../data/schema.ts'

/** The database spells "very high" with an underscore (subject.risk_level); the domain with a space. */
export function toDomainLevel(level: DbRiskLevel | string | null | undefined): RiskLevel | undefined {
  if (level === 'very_high') return 'very high'
  if (level === 'low' || level === 'medium' || level === 'high') return level
  return undefined
}

export function toDbLevel(level: RiskLevel): DbRiskLevel {
  return level === 'very high' ? 'very_high' : level
}

/**
 * Timeline kinds (subject_event.kind, written by the register and intelligence capabilities) for each review
 * trigger the risk domain knows. These names are the contract between capabilities.
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

const TRIGGER_BY_KIND = new Map(REVIEW_TRIGGER_EVENTS.map(e => [TRIGGER_EVENT_KINDS[e], e]))

/**
 * A subject with no risk level yet is planned as high risk: the first visit and initial ARMS are the most
 * important work, and the workload domain weighs an unassessed case as high for the same reason.
 */
export const UNASSESSED_PLANNING_LEVEL: RiskLevel = 'high'

export interface RiskVisitSettings {
  review: ReviewSettings
  nextVisit: NextVisitSettings
  notificationKinds: string[]
  periodicNotificationMonths: number
}

/** Settings from the database row the due-date trigger also reads, so SQL and TypeScript agree. */
export async function loadRiskVisitSettings(db: Kysely<DB>): Promise<RiskVisitSettings> {
  const row = await db.selectFrom('risk_visit_setting').selectAll().where('id', '=', 1).executeTakeFirst()
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
      triggerEvents: row.trigger_kinds.map(k => TRIGGER_BY_KIND.get(k)).filter(e => e !== undefined),
    },
    nextVisit: { ...DEFAULT_NEXT_VISIT_SETTINGS, firstVisitWithinDays: row.first_visit_days },
    notificationKinds: row.notification_kinds,
    periodicNotificationMonths: row.periodic_notification_months,
  }
}

export function overrideFrom(plan: {
  override_months: number | null
  override_reason: string | null
  override_for_level: string | null
  override_requested_by: string | null
  override_approved_by: string | null
}): VisitFrequencyOverride | undefined {
  const forRiskLevel = toDomainLevel(plan.override_for_level)
  if (plan.override_months === null || !forRiskLevel || !plan.override_requested_by) return undefined
  return {
    months: plan.override_months,
    reason: plan.override_reason ?? '',
    requestedBy: plan.override_requested_by,
    forRiskLevel,
    ...(plan.override_approved_by ? { approvedBy: plan.override_approved_by } : {}),
  }
}

export const londonDate = (at: Date): Temporal.PlainDate =>
  Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(LONDON).toPlainDate()

/**
 * Recomputes a subject's maintained due dates (subject_due) from its records with the domain rules, inside the
 * caller's transaction. Every write that can move a due date calls this before it commits, so the dashboards
 * never read a stale value; timeline events from other capabilities are applied by the database trigger.
 */
export async function refreshSubjectDue(
  trx: Kysely<DB>,
  subjectId: string,
  settings: RiskVisitSettings,
  at: Date,
): Promise<void> {
  const subject = await trx
    .selectFrom('subject')
    .select(['registered_on', 'risk_level', 'status'])
    .where('id', '=', subjectId)
    .executeTakeFirstOrThrow()
  const [plan, lastSeen, assessments, events, notified] = await Promise.all([
    trx.selectFrom('visit_plan').selectAll().where('subject_id', '=', subjectId).executeTakeFirst(),
    trx
      .selectFrom('visit')
      .select('visited_at')
      .where('subject_id', '=', subjectId)
      .where('outcome', '=', 'seen')
      .orderBy('visited_at', 'desc')
      .limit(1)
      .executeTakeFirst(),
    trx
      .selectFrom('arms_assessment')
      .select(['assessed_on', 'countersigned_on'])
      .where('subject_id', '=', subjectId)
      .execute(),
    trx
      .selectFrom('subject_event')
      .select(['id', 'kind', 'occurred_on'])
      .where('subject_id', '=', subjectId)
      .where('kind', 'in', Object.values(TRIGGER_EVENT_KINDS))
      .execute(),
    trx
      .selectFrom('subject_event')
      .select(trx.fn.max('occurred_on').as('last'))
      .where('subject_id', '=', subjectId)
      .where('kind', 'in', settings.notificationKinds.length ? settings.notificationKinds : ['notification'])
      .executeTakeFirst(),
  ])
  const registeredOn = Temporal.PlainDate.from(subject.registered_on)
  const level = toDomainLevel(subject.risk_level) ?? UNASSESSED_PLANNING_LEVEL
  const override = plan ? overrideFrom(plan) : undefined
  const visitDue = nextVisitDue(
    {
      planStartedOn: registeredOn,
      level,
      ...(override ? { override } : {}),
      reactive: subject.status === 'reactive',
      visits: lastSeen
        ? [
            {
              at: Temporal.Instant.fromEpochMilliseconds(lastSeen.visited_at.getTime()).toZonedDateTimeISO(LONDON),
              outcome: 'seen',
            },
          ]
        : [],
    },
    settings.nextVisit,
  )
  const circumstanceEvents: CircumstanceEvent[] = []
  for (const e of events) {
    const type = TRIGGER_BY_KIND.get(e.kind)
    if (type) circumstanceEvents.push({ type, occurredOn: Temporal.PlainDate.from(e.occurred_on), id: e.id })
  }
  const counting = assessments.map(a => ({
    assessedOn: Temporal.PlainDate.from(a.assessed_on),
    ...(a.countersigned_on ? { countersignedOn: Temporal.PlainDate.from(a.countersigned_on) } : {}),
  }))
  const reviewDue = riskReviewDue({ registeredOn, assessments: counting, events: circumstanceEvents }, settings.review)
  const lastAssessed = lastCountingOn(counting, settings.review)
  const row = {
    subject_id: subjectId,
    interval_months: visitDue.basis === 'reactive management' ? null : visitDue.interval.months,
    interval_source: visitDue.basis === 'reactive management' ? 'reactive management' : visitDue.interval.source,
    last_completed_visit_on: lastSeen ? londonDate(lastSeen.visited_at).toString() : null,
    next_visit_due: visitDue.dueOn?.toString() ?? null,
    last_assessed_on: lastAssessed,
    review_due: reviewDue.dueOn.toString(),
    review_reason: reviewDue.reason,
    last_notified_on: (notified?.last as string | null | undefined) ?? null,
    updated_at: at,
  }
  await trx
    .insertInto('subject_due')
    .values(row)
    .onConflict(oc => oc.column('subject_id').doUpdateSet({ ...row, subject_id: undefined }))
    .execute()
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
