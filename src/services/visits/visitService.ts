import type { Kysely } from 'kysely'
import { Temporal } from 'temporal-polyfill'
import type { Actor } from '../../domain/access/actor.ts'
import { LONDON, nowDate, todayIn, type Clock } from '../../domain/clock.ts'
import { Forbidden, NotFound, ValidationError } from '../../domain/errors.ts'
import { parseOrThrow } from '../../domain/risk/index.ts'
import {
  DEFAULT_REACTIVE_SETTINGS,
  dueStatus,
  effectiveVisitInterval,
  planVisitRun,
  reactiveManagementEligibility,
  reactiveManagementEnd,
  recordVisitSchema,
  visitPatternWarnings,
  type DueStatus,
  type ReactiveEligibility,
  type VisitFollowUpType,
  type VisitPatternWarning,
} from '../../domain/visits/index.ts'
import type { Database } from '../../data/database.ts'
import type { DB } from '../../data/schema.ts'
import { appendAudit } from '../../data/audit/auditRepository.ts'
import { withIdempotency } from '../../data/idempotency/idempotency.ts'
import { raiseAlert, recordSubjectEvent } from '../../data/timeline/timelineRepository.ts'
import { isSupervisorRole, isUuid, subjectForCasework, type SubjectHead } from './access.ts'
import {
  TRIGGER_EVENT_KINDS,
  UNASSESSED_PLANNING_LEVEL,
  loadRiskVisitSettings,
  overrideFrom,
  refreshSubjectDue,
  toDbLevel,
  toDomainLevel,
} from './schedule.ts'
import { circumstanceEvents, riskHistory } from '../risk/history.ts'

/** The timeline kind each visit follow-up creates; kinds that are review triggers make the ARMS review due. */
export const FOLLOW_UP_EVENT_KINDS: Readonly<Record<VisitFollowUpType, string>> = {
  'intelligence note': TRIGGER_EVENT_KINDS['new intelligence'],
  'possible breach': 'possible-breach',
  'risk review': TRIGGER_EVENT_KINDS['review requested'],
  'safeguarding referral': 'safeguarding-referral',
}

/** Roles that make home visits (and so may attend or be named as attending). */
const VISITING_ROLES = ['offender_manager', 'supervisor', 'unit_head'] as const

export interface VisitRow {
  id: string
  kind: string
  at: string
  outcome: string
  officers: string
  findings: string
  checks: string[]
  followUps: Array<{ type: string; details: string }>
}

export interface VisitSummary {
  subject: SubjectHead
  nextDue: { dueOn: string | null; basis: string; intervalMonths: number | null; intervalSource: string | null }
  status: DueStatus | null
  lastCompletedOn: string | null
  warnings: VisitPatternWarning[]
  visits: VisitRow[]
  plan: {
    override: { months: number; reason: string; approved: boolean; requestedBy: string | null; forLevel: string } | null
    reactiveSince: string | null
    reactiveReason: string | null
  }
  reactive: { eligibility: ReactiveEligibility; endReason: string | undefined }
  canApproveOverride: boolean
  isSupervisor: boolean
}

export class VisitService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  /** Officers who may be named as attending: active visiting staff, the subject's team first. */
  async attendingOfficers(teamId: string | null): Promise<Array<{ id: string; name: string; teamId: string | null }>> {
    const rows = await this.database.db
      .selectFrom('staff')
      .select(['id', 'display_name as name', 'team_id as teamId'])
      .where('active', '=', true)
      .where('role', 'in', [...VISITING_ROLES])
      .orderBy('display_name')
      .execute()
    return [...rows.filter(r => r.teamId === teamId), ...rows.filter(r => r.teamId !== teamId)]
  }

  /**
   * Records a home visit, its follow-ups (timeline items and alerts) and the new due dates in one transaction.
   * An idempotency key (the form's one-time token or the API's header) makes a double submission record once.
   */
  async recordVisit(
    actor: Actor,
    input: unknown,
    idempotencyKey?: string,
  ): Promise<{ visitId: string; subjectId: string }> {
    const { db } = this.database
    const at = nowDate(this.clock)
    const raw = (input ?? {}) as Record<string, unknown>
    const subjectId = typeof raw.subjectId === 'string' ? raw.subjectId : ''
    const subject = await subjectForCasework(db, actor, subjectId, at, 'collect')
    if (!VISITING_ROLES.includes(actor.role as (typeof VISITING_ROLES)[number])) {
      throw new Forbidden('Your role does not record home visits')
    }
    const visit = parseOrThrow(recordVisitSchema(this.clock.now()), input)
    const officers = await db
      .selectFrom('staff')
      .select(['id', 'display_name'])
      .where(
        'id',
        'in',
        visit.officerIds.filter(isUuid).length
          ? visit.officerIds.filter(isUuid)
          : ['00000000-0000-0000-0000-000000000000'],
      )
      .where('active', '=', true)
      .where('role', 'in', [...VISITING_ROLES])
      .execute()
    if (officers.length !== 2) {
      throw new ValidationError([{ field: 'officerIds', message: 'Select 2 attending officers from the list' }])
    }
    const visitedOn = visit.at.toPlainDate()
    if (Temporal.PlainDate.compare(visitedOn, Temporal.PlainDate.from(subject.registeredOn)) < 0) {
      throw new ValidationError([
        { field: 'at', message: 'Date of the visit must be on or after the date of registration' },
      ])
    }
    const settings = await loadRiskVisitSettings(db)
    return withIdempotency(db, actor.id, idempotencyKey, at, async trx => {
      const row = await trx
        .insertInto('visit')
        .values({
          subject_id: subject.id,
          kind: visit.kind,
          visited_at: new Date(visit.at.epochMilliseconds),
          officer_1_id: visit.officerIds[0],
          officer_2_id: visit.officerIds[1],
          outcome: visit.outcome,
          checks: visit.checks,
          findings: visit.findings,
          follow_ups: JSON.stringify(visit.followUps),
          recorded_by: actor.id,
          recorded_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await recordSubjectEvent(trx, {
        subjectId: subject.id,
        kind: 'visit',
        occurredOn: visitedOn.toString(),
        recordedAt: at,
        recordedBy: actor.id,
        summary: `${visit.kind === 'planned' ? 'Planned' : 'Unannounced'} home visit: ${visit.outcome}`,
        details: { visitId: row.id, officers: officers.map(o => o.display_name) },
      })
      const recipients = await managersOf(trx, subject)
      for (const followUp of visit.followUps) {
        await recordSubjectEvent(trx, {
          subjectId: subject.id,
          kind: FOLLOW_UP_EVENT_KINDS[followUp.type],
          occurredOn: visitedOn.toString(),
          recordedAt: at,
          recordedBy: actor.id,
          summary: `${capitalise(followUp.type)} raised at a home visit`,
          details: { visitId: row.id, details: followUp.details },
        })
        if (followUp.type === 'possible breach' || followUp.type === 'safeguarding referral') {
          await raiseAlert(trx, {
            subjectId: subject.id,
            kind: followUp.type === 'possible breach' ? 'possible-breach' : 'safeguarding-referral',
            priority: 'high',
            title: `${capitalise(followUp.type)} raised at a home visit to ${subject.reference}`,
            detail: followUp.details,
            data: { visitId: row.id },
            createdAt: at,
            createdBy: actor.id,
            recipients,
          })
        }
      }
      await refreshSubjectDue(trx, subject.id, settings, at)
      await appendAudit(trx, at, [
        {
          actorId: actor.id,
          actorUsername: actor.username,
          operation: 'collect',
          recordType: 'visit',
          recordId: row.id,
          subjectId: subject.id,
          correlationId: actor.correlationId,
          details: { outcome: visit.outcome, followUps: visit.followUps.map(f => f.type) },
        },
      ])
      return { visitId: row.id, subjectId: subject.id }
    })
  }

  /** Next visit, pattern warnings, recent visits and the plan, for the subject page and the visit form. */
  async summary(actor: Actor, subjectId: string, options: { audit?: boolean } = {}): Promise<VisitSummary> {
    const { db } = this.database
    const at = nowDate(this.clock)
    const subject = await subjectForCasework(db, actor, subjectId, at, 'consult')
    if (options.audit !== false) {
      await appendAudit(db, at, [
        {
          actorId: actor.id,
          actorUsername: actor.username,
          operation: 'consult',
          recordType: 'visits',
          recordId: subject.id,
          subjectId: subject.id,
          correlationId: actor.correlationId,
        },
      ])
    }
    const today = todayIn(this.clock)
    const [due, plan, visits, history, events] = await Promise.all([
      db.selectFrom('subject_due').selectAll().where('subject_id', '=', subject.id).executeTakeFirst(),
      db.selectFrom('visit_plan').selectAll().where('subject_id', '=', subject.id).executeTakeFirst(),
      db
        .selectFrom('visit as v')
        .innerJoin('staff as o1', 'o1.id', 'v.officer_1_id')
        .innerJoin('staff as o2', 'o2.id', 'v.officer_2_id')
        .select([
          'v.id',
          'v.kind',
          'v.visited_at',
          'v.outcome',
          'v.findings',
          'v.checks',
          'v.follow_ups',
          'o1.display_name as officer1',
          'o2.display_name as officer2',
        ])
        .where('v.subject_id', '=', subject.id)
        .orderBy('v.visited_at', 'desc')
        .limit(10)
        .execute(),
      riskHistory(db, subject.id),
      circumstanceEvents(db, subject.id),
    ])
    const settings = await loadRiskVisitSettings(db)
    const firstDue = Temporal.PlainDate.from(subject.registeredOn).add({
      days: settings.nextVisit.firstVisitWithinDays,
    })
    const dueOn = subject.status === 'active' ? (due ? due.next_visit_due : firstDue.toString()) : null
    const override = plan ? overrideFrom(plan) : undefined
    const level = toDomainLevel(subject.riskLevel) ?? UNASSESSED_PLANNING_LEVEL
    const interval = effectiveVisitInterval(level, override, settings.nextVisit.intervals)
    const zoned = visits.map(v => ({
      at: Temporal.Instant.fromEpochMilliseconds(v.visited_at.getTime()).toZonedDateTimeISO(LONDON),
    }))
    return {
      subject,
      nextDue: {
        dueOn,
        basis:
          subject.status === 'reactive'
            ? 'reactive management'
            : subject.status !== 'active'
              ? `no visits while ${subject.status.replace('_', ' ')}`
              : due?.last_completed_visit_on
                ? 'last completed visit'
                : 'first visit',
        intervalMonths: subject.status === 'reactive' ? null : interval.months,
        intervalSource: subject.status === 'reactive' ? null : interval.source,
      },
      status: dueOn ? dueStatus(Temporal.PlainDate.from(dueOn), today) : null,
      lastCompletedOn: due?.last_completed_visit_on ?? null,
      warnings: visitPatternWarnings(zoned),
      visits: visits.map(v => ({
        id: v.id,
        kind: v.kind,
        at: Temporal.Instant.fromEpochMilliseconds(v.visited_at.getTime())
          .toZonedDateTimeISO(LONDON)
          .toPlainDateTime()
          .toString({ smallestUnit: 'minute' }),
        outcome: v.outcome,
        officers: `${v.officer1} and ${v.officer2}`,
        findings: v.findings,
        checks: v.checks,
        followUps: v.follow_ups,
      })),
      plan: {
        override:
          plan && plan.override_months !== null
            ? {
                months: plan.override_months,
                reason: plan.override_reason ?? '',
                approved: override !== undefined && override.approvedBy !== undefined,
                requestedBy: plan.override_requested_by,
                forLevel: plan.override_for_level ?? '',
              }
            : null,
        reactiveSince: plan?.reactive_since ?? null,
        reactiveReason: plan?.reactive_reason ?? null,
      },
      reactive: {
        eligibility: reactiveManagementEligibility({ riskHistory: history, events }, today, DEFAULT_REACTIVE_SETTINGS),
        endReason:
          subject.status === 'reactive' && plan?.reactive_since
            ? reactiveManagementEnd(Temporal.PlainDate.from(plan.reactive_since), level, events)
            : undefined,
      },
      canApproveOverride:
        isSupervisorRole(actor) &&
        plan !== undefined &&
        plan.override_months !== null &&
        plan.override_approved_by === null &&
        plan.override_requested_by !== actor.id,
      isSupervisor: isSupervisorRole(actor),
    }
  }

  /** The offender manager asks for a different visit frequency; it applies once a supervisor approves it. */
  async requestOverride(actor: Actor, subjectId: string, input: { months: unknown; reason: unknown }): Promise<void> {
    const { db } = this.database
    const at = nowDate(this.clock)
    const subject = await subjectForCasework(db, actor, subjectId, at, 'alter')
    const errors = []
    const months = Number(input.months)
    if (typeof input.months !== 'string' || input.months.trim() === '' || !Number.isInteger(months)) {
      errors.push({ field: 'months', message: 'Enter the visit interval as a whole number of months' })
    } else if (months < 1 || months > 24) {
      errors.push({ field: 'months', message: 'Visit interval must be between 1 and 24 months' })
    }
    const reason = typeof input.reason === 'string' ? input.reason.trim() : ''
    if (reason === '') errors.push({ field: 'reason', message: 'Enter the reason for the different visit frequency' })
    else if (reason.length > 2000) errors.push({ field: 'reason', message: 'Reason must be 2000 characters or fewer' })
    if (errors.length) throw new ValidationError(errors)
    const level = toDomainLevel(subject.riskLevel) ?? UNASSESSED_PLANNING_LEVEL
    const settings = await loadRiskVisitSettings(db)
    await db.transaction().execute(async trx => {
      const values = {
        override_months: months,
        override_reason: reason,
        override_for_level: toDbLevel(level),
        override_requested_by: actor.id,
        override_requested_at: at,
        override_approved_by: null,
        override_approved_at: null,
        updated_at: at,
      }
      await trx
        .insertInto('visit_plan')
        .values({ subject_id: subject.id, ...values })
        .onConflict(oc => oc.column('subject_id').doUpdateSet(values))
        .execute()
      await recordSubjectEvent(trx, {
        subjectId: subject.id,
        kind: 'visit-frequency-requested',
        occurredOn: todayIn(this.clock).toString(),
        recordedAt: at,
        recordedBy: actor.id,
        summary: `Visit every ${months} month${months === 1 ? '' : 's'} requested: ${reason}`,
      })
      const supervisors = (await managersOf(trx, subject)).filter(r => r.reason === 'supervisor')
      await raiseAlert(trx, {
        subjectId: subject.id,
        kind: 'visit-frequency-approval',
        priority: 'normal',
        title: `Approve a visit frequency of ${months} months for ${subject.reference}`,
        detail: reason,
        createdAt: at,
        createdBy: actor.id,
        recipients: supervisors.filter(s => s.staffId !== actor.id),
      })
      // A pending request changes nothing yet, but an earlier approved override has just been replaced.
      await refreshSubjectDue(trx, subject.id, settings, at)
      await audit(trx, at, actor, 'alter', subject.id, { override: { months, pending: true } })
    })
  }

  async approveOverride(actor: Actor, subjectId: string): Promise<void> {
    const { db } = this.database
    const at = nowDate(this.clock)
    const subject = await subjectForCasework(db, actor, subjectId, at, 'alter')
    if (!isSupervisorRole(actor)) throw new Forbidden('Only a supervisor can approve a visit frequency')
    const settings = await loadRiskVisitSettings(db)
    await db.transaction().execute(async trx => {
      const plan = await trx
        .selectFrom('visit_plan')
        .selectAll()
        .where('subject_id', '=', subject.id)
        .forUpdate()
        .executeTakeFirst()
      if (!plan || plan.override_months === null || plan.override_approved_by !== null) {
        throw new NotFound('There is no visit frequency waiting for approval')
      }
      if (plan.override_requested_by === actor.id) throw new Forbidden('You cannot approve a frequency you asked for')
      await trx
        .updateTable('visit_plan')
        .set({ override_approved_by: actor.id, override_approved_at: at, updated_at: at })
        .where('subject_id', '=', subject.id)
        .execute()
      await recordSubjectEvent(trx, {
        subjectId: subject.id,
        kind: 'visit-frequency-approved',
        occurredOn: todayIn(this.clock).toString(),
        recordedAt: at,
        recordedBy: actor.id,
        summary: `Visit every ${plan.override_months} months approved`,
      })
      await refreshSubjectDue(trx, subject.id, settings, at)
      await audit(trx, at, actor, 'alter', subject.id, { override: { months: plan.override_months, approved: true } })
    })
  }

  /** Starts reactive management (supervisor decision) when the entry criteria are met, or ends it. */
  async setReactive(actor: Actor, subjectId: string, input: { reactive: boolean; reason?: unknown }): Promise<void> {
    const { db } = this.database
    const at = nowDate(this.clock)
    const subject = await subjectForCasework(db, actor, subjectId, at, 'alter')
    if (!isSupervisorRole(actor)) throw new Forbidden('Only a supervisor can change reactive management')
    const today = todayIn(this.clock)
    const reason = typeof input.reason === 'string' ? input.reason.trim() : ''
    if (input.reactive) {
      if (subject.status !== 'active')
        throw new ValidationError([
          { field: 'reactive', message: 'Only an active case can move to reactive management' },
        ])
      if (reason === '')
        throw new ValidationError([{ field: 'reason', message: 'Enter the reason for reactive management' }])
      const eligibility = reactiveManagementEligibility(
        { riskHistory: await riskHistory(db, subject.id), events: await circumstanceEvents(db, subject.id) },
        today,
      )
      if (!eligibility.eligible) {
        throw new ValidationError(eligibility.unmet.map(message => ({ field: 'reactive', message })))
      }
    } else if (subject.status !== 'reactive') {
      throw new ValidationError([{ field: 'reactive', message: 'This case is not under reactive management' }])
    }
    const settings = await loadRiskVisitSettings(db)
    await db.transaction().execute(async trx => {
      await trx
        .updateTable('subject')
        .set({ status: input.reactive ? 'reactive' : 'active', updated_at: at })
        .where('id', '=', subject.id)
        .execute()
      const values = {
        reactive_since: input.reactive ? today.toString() : null,
        reactive_reason: input.reactive ? reason : null,
        updated_at: at,
      }
      await trx
        .insertInto('visit_plan')
        .values({ subject_id: subject.id, ...values })
        .onConflict(oc => oc.column('subject_id').doUpdateSet(values))
        .execute()
      await recordSubjectEvent(trx, {
        subjectId: subject.id,
        kind: input.reactive ? 'reactive-management-started' : 'reactive-management-ended',
        occurredOn: today.toString(),
        recordedAt: at,
        recordedBy: actor.id,
        summary: input.reactive
          ? `Reactive management started: ${reason}`
          : 'Reactive management ended: home visits reintroduced',
      })
      await refreshSubjectDue(trx, subject.id, settings, at)
      await audit(trx, at, actor, 'alter', subject.id, { reactive: input.reactive })
    })
  }

  /**
   * An officer's visit run: active cases due in the next `days` days (or overdue) at their current home address,
   * ordered into a route from the team's station.
   */
  async planner(actor: Actor, officerId: string, days: number) {
    const { db } = this.database
    if (!isUuid(officerId)) throw new NotFound('No such officer')
    if (!Number.isInteger(days) || days < 0 || days > 90) {
      throw new ValidationError([{ field: 'days', message: 'Number of days must be a whole number from 0 to 90' }])
    }
    const officer = await db
      .selectFrom('staff as o')
      .innerJoin('team as t', 't.id', 'o.team_id')
      .select([
        'o.id',
        'o.display_name as name',
        'o.team_id as teamId',
        't.station_name as stationName',
        't.station_lat as lat',
        't.station_lon as lon',
      ])
      .where('o.id', '=', officerId)
      .executeTakeFirst()
    if (!officer) throw new NotFound('No such officer')
    const allowed =
      actor.role === 'unit_head' ||
      (actor.role === 'supervisor' && actor.teamId === officer.teamId) ||
      (actor.role === 'offender_manager' && actor.id === officer.id)
    if (!allowed) throw new Forbidden('You can plan visits only for yourself or your team')
    const settings = await loadRiskVisitSettings(db)
    const today = todayIn(this.clock)
    const rows = await db
      .selectFrom('subject as s')
      .innerJoin('person as p', 'p.id', 's.person_id')
      .innerJoin('person_address as pa', join =>
        join
          .onRef('pa.person_id', '=', 's.person_id')
          .on('pa.to_date', 'is', null)
          .on('pa.kind', 'in', ['home', 'nfa']),
      )
      .innerJoin('address as a', 'a.id', 'pa.address_id')
      .leftJoin('subject_due as sd', 'sd.subject_id', 's.id')
      .select([
        's.id as subjectId',
        's.reference',
        's.registered_on as registeredOn',
        'p.given_name as givenName',
        'p.family_name as familyName',
        's.risk_level as riskLevel',
        'a.line1',
        'a.town',
        'a.postcode',
        'a.lat',
        'a.lon',
        'sd.subject_id as dueRow',
        'sd.next_visit_due as nextVisitDue',
      ])
      .where('s.offender_manager_id', '=', officer.id)
      .where('s.status', '=', 'active')
      .where('s.category', '=', 'rso')
      .execute()
    const candidates = rows
      .filter(r => r.lat !== null && r.lon !== null)
      .map(r => {
        const dueOn = r.dueRow
          ? r.nextVisitDue
          : Temporal.PlainDate.from(r.registeredOn).add({ days: settings.nextVisit.firstVisitWithinDays }).toString()
        return {
          ...r,
          lat: r.lat as number,
          lon: r.lon as number,
          dueOn: dueOn ? Temporal.PlainDate.from(dueOn) : null,
        }
      })
    const run = planVisitRun({ lat: officer.lat, lon: officer.lon }, candidates, today, days)
    await appendAudit(db, nowDate(this.clock), [
      {
        actorId: actor.id,
        actorUsername: actor.username,
        operation: 'consult',
        recordType: 'visit-planner',
        recordId: officer.id,
        correlationId: actor.correlationId,
        details: { days, subjectIds: run.stops.map(s => s.subjectId) },
      },
    ])
    const legs = new Map(run.route.legs.map(l => [l.toId, l.km]))
    return {
      officer,
      days,
      today: today.toString(),
      totalKm: Math.round(run.route.totalKm * 10) / 10,
      stops: run.stops.map((s, i) => {
        const full = candidates.find(c => c.subjectId === s.subjectId)
        return {
          order: i + 1,
          subjectId: s.subjectId,
          reference: full?.reference ?? '',
          name: `${full?.givenName ?? ''} ${full?.familyName ?? ''}`,
          riskLevel: full?.riskLevel ?? null,
          address: [full?.line1, full?.town, full?.postcode].filter(Boolean).join(', '),
          dueOn: s.dueOn?.toString() ?? '',
          status: s.dueOn ? dueStatus(s.dueOn, today) : null,
          legKm: Math.round((legs.get(s.subjectId) ?? 0) * 10) / 10,
        }
      }),
    }
  }
}

/** The subject's offender manager and their team's supervisors: who hears about a follow-up or approval. */
export async function managersOf(
  db: Kysely<DB>,
  subject: Pick<SubjectHead, 'managingTeamId' | 'offenderManagerId'>,
): Promise<Array<{ staffId: string; reason: string }>> {
  const supervisors = await db
    .selectFrom('staff')
    .select('id')
    .where('team_id', '=', subject.managingTeamId)
    .where('role', '=', 'supervisor')
    .where('active', '=', true)
    .execute()
  return [
    ...(subject.offenderManagerId ? [{ staffId: subject.offenderManagerId, reason: 'offender manager' }] : []),
    ...supervisors.map(s => ({ staffId: s.id, reason: 'supervisor' })),
  ]
}

async function audit(
  trx: Kysely<DB>,
  at: Date,
  actor: Actor,
  operation: string,
  subjectId: string,
  details: Record<string, unknown>,
): Promise<void> {
  await appendAudit(trx, at, [
    {
      actorId: actor.id,
      actorUsername: actor.username,
      operation,
      recordType: 'visit-plan',
      recordId: subjectId,
      subjectId,
      correlationId: actor.correlationId,
      details,
    },
  ])
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
