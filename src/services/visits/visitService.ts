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
  visitConsequences,
  visitPatternWarnings,
  type DueStatus,
  type ReactiveEligibility,
  type VisitPatternWarning,
} from '../../domain/visits/index.ts'
import type { SubjectHead } from '../../data/access/accessRepository.ts'
import type { DataAccess, Repositories } from '../../data/index.ts'
import type { AccessGate, SubjectAccess } from '../access/gate.ts'
import { reviewsSection, type ReviewsSection } from '../risk/riskService.ts'
import {
  circumstanceEvents,
  loadScheduleSettings,
  overrideFrom,
  planningLevel,
  refreshSubjectDue,
  riskHistory,
} from '../schedule/schedule.ts'
import { alertRecipientsFor } from '../alerts/alertService.ts'
import { isUuid } from '../../domain/ids.ts'
import { VISITING_ROLES, isSupervisorRole, isVisitingRole } from './roles.ts'

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

/** The home-visits and risk section of the subject page. */
export interface CaseworkSection extends VisitSummary {
  reviews: ReviewsSection
  /** Whether the viewer may record visits and assessments (not a read-only break-glass or partner viewer). */
  canRecord: boolean
}

export class VisitService {
  constructor(
    private readonly data: DataAccess,
    private readonly gate: AccessGate,
    private readonly clock: Clock,
  ) {}

  /** Officers who may be named as attending: active visiting staff, the subject's team first. */
  async attendingOfficers(teamId: string | null): Promise<Array<{ id: string; name: string; teamId: string | null }>> {
    const rows = await this.data.repos.visits.activeStaffInRoles(VISITING_ROLES)
    return [...rows.filter(r => r.teamId === teamId), ...rows.filter(r => r.teamId !== teamId)]
  }

  /**
   * Records a home visit, its follow-ups (timeline items and alerts, as visitConsequences decides) and the new due
   * dates in one transaction. An idempotency key (the form's one-time token or the API's header) makes a double
   * submission record once.
   */
  async recordVisit(
    actor: Actor,
    input: unknown,
    idempotencyKey?: string,
  ): Promise<{ visitId: string; subjectId: string }> {
    const { repos } = this.data
    const at = nowDate(this.clock)
    const raw = (input ?? {}) as Record<string, unknown>
    const subjectId = typeof raw.subjectId === 'string' ? raw.subjectId : ''
    const { subject } = await this.gate.open(repos, actor, subjectId, 'risk', 'write')
    if (!isVisitingRole(actor)) throw new Forbidden('Your role does not record home visits')
    const visit = parseOrThrow(recordVisitSchema(this.clock.now()), input)
    const officers = await repos.visits.activeStaffAmong(visit.officerIds.filter(isUuid), VISITING_ROLES)
    if (officers.length !== 2) {
      throw new ValidationError([{ field: 'officerIds', message: 'Select 2 attending officers from the list' }])
    }
    const visitedOn = visit.at.toPlainDate()
    if (Temporal.PlainDate.compare(visitedOn, Temporal.PlainDate.from(subject.registeredOn)) < 0) {
      throw new ValidationError([
        { field: 'at', message: 'Date of the visit must be on or after the date of registration' },
      ])
    }
    const settings = await loadScheduleSettings(repos)
    const consequences = visitConsequences({
      kind: visit.kind,
      outcome: visit.outcome,
      followUps: visit.followUps,
      subjectReference: subject.reference,
      officerNames: officers.map(o => o.name),
    })
    return this.data.idempotent(actor.id, idempotencyKey, at, async trx => {
      const visitId = await trx.visits.addVisit({
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
      for (const entry of consequences.timeline) {
        await trx.timeline.recordSubjectEvent({
          subjectId: subject.id,
          kind: entry.kind,
          occurredOn: visitedOn.toString(),
          recordedAt: at,
          recordedBy: actor.id,
          summary: entry.summary,
          details: { visitId, ...entry.details },
        })
      }
      if (consequences.alerts.length > 0) {
        const recipients = await alertRecipientsFor(trx, subject.id)
        for (const alert of consequences.alerts) {
          await trx.timeline.raiseAlert({
            subjectId: subject.id,
            ...alert,
            data: { visitId },
            createdAt: at,
            createdBy: actor.id,
            recipients,
          })
        }
      }
      await refreshSubjectDue(trx, subject.id, settings, at)
      await trx.audit.append(at, [
        {
          actorId: actor.id,
          actorUsername: actor.username,
          operation: 'collect',
          recordType: 'visit',
          recordId: visitId,
          subjectId: subject.id,
          correlationId: actor.correlationId,
          details: { outcome: visit.outcome, followUps: visit.followUps.map(f => f.type) },
        },
      ])
      return { visitId, subjectId: subject.id }
    })
  }

  /** Next visit, pattern warnings, recent visits and the plan, for the visits page and the visit form. */
  async summary(actor: Actor, subjectId: string): Promise<VisitSummary> {
    const { repos } = this.data
    const access = await this.gate.open(repos, actor, subjectId, 'risk', 'read')
    const summary = await this.summaryOf(repos, access)
    await this.gate.consulted(repos, access, ['risk'])
    return summary
  }

  /**
   * The home-visits and risk section of the subject page, for a subject the page has already opened through the
   * gate: data only, no audit of its own (the page writes its one consultation row, naming 'risk' when this
   * returned a section). Null when the viewer may not read the risk part.
   */
  async sectionFor(repos: Repositories, access: SubjectAccess): Promise<CaseworkSection | null> {
    if (!access.may('risk', 'read')) return null
    const [summary, reviews] = await Promise.all([this.summaryOf(repos, access), reviewsSection(repos, access.subject)])
    return { ...summary, reviews, canRecord: access.may('risk', 'write') && isVisitingRole(access.actor) }
  }

  private async summaryOf(repos: Repositories, access: SubjectAccess): Promise<VisitSummary> {
    const { subject, actor } = access
    const today = todayIn(this.clock)
    const [due, plan, visits, history, events, settings] = await Promise.all([
      repos.schedule.dueOf(subject.id),
      repos.visits.plan(subject.id),
      repos.visits.recentVisits(subject.id, 10),
      riskHistory(repos, subject.id, subject),
      circumstanceEvents(repos, subject.id),
      loadScheduleSettings(repos),
    ])
    const firstDue = Temporal.PlainDate.from(subject.registeredOn).add({
      days: settings.nextVisit.firstVisitWithinDays,
    })
    const dueOn = subject.status === 'active' ? (due ? due.next_visit_due : firstDue.toString()) : null
    const override = plan ? overrideFrom(plan) : undefined
    const level = planningLevel(subject.riskLevel)
    const interval = effectiveVisitInterval(level, override, settings.nextVisit.intervals)
    const zoned = visits.map(v => ({
      at: Temporal.Instant.fromEpochMilliseconds(v.visitedAt.getTime()).toZonedDateTimeISO(LONDON),
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
        at: Temporal.Instant.fromEpochMilliseconds(v.visitedAt.getTime())
          .toZonedDateTimeISO(LONDON)
          .toPlainDateTime()
          .toString({ smallestUnit: 'minute' }),
        outcome: v.outcome,
        officers: `${v.officer1} and ${v.officer2}`,
        findings: v.findings,
        checks: v.checks,
        followUps: v.followUps,
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
    const { repos } = this.data
    const at = nowDate(this.clock)
    const { subject } = await this.gate.open(repos, actor, subjectId, 'risk', 'write')
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
    const settings = await loadScheduleSettings(repos)
    await this.data.transaction(async trx => {
      await trx.visits.savePlan(subject.id, {
        override_months: months,
        override_reason: reason,
        override_for_level: planningLevel(subject.riskLevel),
        override_requested_by: actor.id,
        override_requested_at: at,
        override_approved_by: null,
        override_approved_at: null,
        updated_at: at,
      })
      await trx.timeline.recordSubjectEvent({
        subjectId: subject.id,
        kind: 'visit-frequency-requested',
        occurredOn: todayIn(this.clock).toString(),
        recordedAt: at,
        recordedBy: actor.id,
        summary: `Visit every ${months} month${months === 1 ? '' : 's'} requested: ${reason}`,
      })
      const supervisors = (await alertRecipientsFor(trx, subject.id)).filter(r => r.reason === 'supervisor')
      await trx.timeline.raiseAlert({
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
      await auditPlan(trx, at, actor, subject.id, { override: { months, pending: true } })
    })
  }

  async approveOverride(actor: Actor, subjectId: string): Promise<void> {
    const { repos } = this.data
    const at = nowDate(this.clock)
    const { subject } = await this.gate.open(repos, actor, subjectId, 'risk', 'write')
    if (!isSupervisorRole(actor)) throw new Forbidden('Only a supervisor can approve a visit frequency')
    const settings = await loadScheduleSettings(repos)
    await this.data.transaction(async trx => {
      const plan = await trx.visits.planForUpdate(subject.id)
      if (!plan || plan.override_months === null || plan.override_approved_by !== null) {
        throw new NotFound('There is no visit frequency waiting for approval')
      }
      if (plan.override_requested_by === actor.id) throw new Forbidden('You cannot approve a frequency you asked for')
      await trx.visits.markOverrideApproved(subject.id, actor.id, at)
      await trx.timeline.recordSubjectEvent({
        subjectId: subject.id,
        kind: 'visit-frequency-approved',
        occurredOn: todayIn(this.clock).toString(),
        recordedAt: at,
        recordedBy: actor.id,
        summary: `Visit every ${plan.override_months} months approved`,
      })
      await refreshSubjectDue(trx, subject.id, settings, at)
      await auditPlan(trx, at, actor, subject.id, { override: { months: plan.override_months, approved: true } })
    })
  }

  /** Starts reactive management (supervisor decision) when the entry criteria are met, or ends it. */
  async setReactive(actor: Actor, subjectId: string, input: { reactive: boolean; reason?: unknown }): Promise<void> {
    const { repos } = this.data
    const at = nowDate(this.clock)
    const { subject } = await this.gate.open(repos, actor, subjectId, 'risk', 'write')
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
        { riskHistory: await riskHistory(repos, subject.id), events: await circumstanceEvents(repos, subject.id) },
        today,
      )
      if (!eligibility.eligible) {
        throw new ValidationError(eligibility.unmet.map(message => ({ field: 'reactive', message })))
      }
    } else if (subject.status !== 'reactive') {
      throw new ValidationError([{ field: 'reactive', message: 'This case is not under reactive management' }])
    }
    const settings = await loadScheduleSettings(repos)
    await this.data.transaction(async trx => {
      await trx.visits.setSubjectStatus(subject.id, input.reactive ? 'reactive' : 'active', at)
      await trx.visits.savePlan(subject.id, {
        reactive_since: input.reactive ? today.toString() : null,
        reactive_reason: input.reactive ? reason : null,
        updated_at: at,
      })
      await trx.timeline.recordSubjectEvent({
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
      await auditPlan(trx, at, actor, subject.id, { reactive: input.reactive })
    })
  }

  /**
   * An officer's visit run: active cases due in the next `days` days (or overdue) at their current home address,
   * ordered into a route from the team's station.
   */
  async planner(actor: Actor, officerId: string, days: number) {
    const { repos } = this.data
    if (!isUuid(officerId)) throw new NotFound('No such officer')
    if (!Number.isInteger(days) || days < 0 || days > 90) {
      throw new ValidationError([{ field: 'days', message: 'Number of days must be a whole number from 0 to 90' }])
    }
    const officer = await repos.visits.officerWithStation(officerId)
    if (!officer) throw new NotFound('No such officer')
    const allowed =
      actor.role === 'unit_head' ||
      (actor.role === 'supervisor' && actor.teamId === officer.teamId) ||
      (actor.role === 'offender_manager' && actor.id === officer.id)
    if (!allowed) throw new Forbidden('You can plan visits only for yourself or your team')
    const settings = await loadScheduleSettings(repos)
    const today = todayIn(this.clock)
    const rows = await repos.visits.plannerCandidates(officer.id)
    const candidates = rows.flatMap(r => {
      if (r.lat === null || r.lon === null) return []
      const dueOn = r.dueRow
        ? r.nextVisitDue
        : Temporal.PlainDate.from(r.registeredOn).add({ days: settings.nextVisit.firstVisitWithinDays }).toString()
      return [{ ...r, lat: r.lat, lon: r.lon, dueOn: dueOn ? Temporal.PlainDate.from(dueOn) : null }]
    })
    const run = planVisitRun({ lat: officer.lat, lon: officer.lon }, candidates, today, days)
    await repos.audit.append(nowDate(this.clock), [
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

/** The audit row of a change to the visit plan (frequency override, reactive management). */
async function auditPlan(
  repos: Repositories,
  at: Date,
  actor: Actor,
  subjectId: string,
  details: Record<string, unknown>,
): Promise<void> {
  await repos.audit.append(at, [
    {
      actorId: actor.id,
      actorUsername: actor.username,
      operation: 'alter',
      recordType: 'visit-plan',
      recordId: subjectId,
      subjectId,
      correlationId: actor.correlationId,
      details,
    },
  ])
}
