import { Temporal } from 'temporal-polyfill'
import type { Actor } from '../../domain/access/actor.ts'
import { alertRecipients } from '../../domain/alerts/recipients.ts'
import { nowDate, type Clock } from '../../domain/clock.ts'
import { Forbidden, ValidationError } from '../../domain/errors.ts'
import { requestFingerprint } from '../../domain/idempotency.ts'
import { canTakeReferrals, mayLowerGrade, referralQueueScope } from '../../domain/ocait/access.ts'
import { REFERRAL_SOURCE_LABELS, validateIntake, type ReferralSource } from '../../domain/ocait/intake.ts'
import { DEFAULT_OCAIT_SETTINGS, type OcaitSettings, type ReferralGrade } from '../../domain/ocait/settings.ts'
import {
  actionDueAt,
  DEFAULT_TRIAGE_QUESTIONNAIRE,
  timeliness,
  triage,
  triageDueAt,
  type Timeliness,
  type TriageQuestionnaire,
  type TriageResult,
} from '../../domain/ocait/triage.ts'
import { RISK_LEVEL_LABELS } from '../../domain/risk/levels.ts'
import { expectedVersion } from '../../domain/versioning.ts'
import type { DataAccess, Repositories } from '../../data/index.ts'
import type { QueueRow, QueueView, ReferralHead, ReferralRecord } from '../../data/ocait/referralRepository.ts'
import type { ReferralGate } from './referralGate.ts'

export type { QueueRow, QueueView, ReferralRecord }

export const QUEUE_PAGE_SIZE = 25
export const QUEUE_VIEWS: readonly QueueView[] = ['open', 'overdue', 'awaiting-triage', 'all']

/** How a referral's deadlines stand for the viewer now. */
export interface Deadlines {
  triage: { dueAt: Date; done: boolean; timeliness: Timeliness | null }
  action: { dueAt: Date | null; done: boolean; timeliness: Timeliness | null }
}

export interface ReferralView extends ReferralRecord {
  sourceLabel: string
  gradeLabel: string | null
  triageResult: TriageResult | null
  deadlines: Deadlines
  /** Changes are offered only while the referral is open. */
  open: boolean
}

const toInstant = (d: Date) => Temporal.Instant.fromEpochMilliseconds(d.getTime())

function deadlinesOf(head: ReferralHead, now: Temporal.Instant): Deadlines {
  const triaged = head.triagedAt !== null
  const actioned = head.actionedAt !== null
  return {
    triage: {
      dueAt: head.triageDueAt,
      done: triaged,
      timeliness: triaged ? null : timeliness(toInstant(head.triageDueAt), now),
    },
    action: {
      dueAt: head.actionDueAt,
      done: actioned,
      timeliness: actioned || head.actionDueAt === null ? null : timeliness(toInstant(head.actionDueAt), now),
    },
  }
}

export const isOpenStatus = (status: string) =>
  status === 'awaiting-triage' || status === 'in-development' || status === 'ready-for-warrant'

/**
 * Online child abuse referrals (issue 14): intake, KIRAT-style triage with a target time to action per grade, the
 * team's queue with its overdue view, and the sweep that alerts the officer and the supervisors when a deadline
 * passes. Every method starts at the referral gate and ends with the audit row; writes are one transaction each.
 */
export class ReferralService {
  constructor(
    private readonly data: DataAccess,
    private readonly clock: Clock,
    private readonly gate: ReferralGate,
    readonly settings: OcaitSettings = DEFAULT_OCAIT_SETTINGS,
    readonly questionnaire: TriageQuestionnaire = DEFAULT_TRIAGE_QUESTIONNAIRE,
  ) {}

  /** The intake form is offered only to staff who may take referrals (no personal data, so no audit row). */
  mayTake(actor: Actor): void {
    if (!canTakeReferrals(actor)) throw new Forbidden('Your role does not allow taking online child abuse referrals')
  }

  /**
   * Takes a referral in for the actor's team, assigned to the actor. A retried submission (the same form token or
   * Idempotency-Key) returns the first referral and writes nothing.
   */
  async take(actor: Actor, input: unknown, idempotencyKey?: string): Promise<{ id: string; reference: string }> {
    if (!canTakeReferrals(actor) || actor.teamId === null)
      throw new Forbidden('Your role does not allow taking online child abuse referrals')
    const teamId = actor.teamId
    const now = this.clock.now()
    const intake = validateIntake(input, now)
    const at = nowDate(this.clock)
    return this.data.idempotent(
      actor.id,
      idempotencyKey,
      at,
      async repos => {
        const reference = await repos.ocaitReferrals.nextReference()
        const id = await repos.ocaitReferrals.insert({
          reference,
          owningTeamId: teamId,
          officerId: actor.id,
          source: intake.source,
          sourceReference: intake.sourceReference,
          otherForce: intake.otherForce,
          receivedAt: new Date(intake.receivedAt.epochMilliseconds),
          platform: intake.platform,
          images: intake.images,
          summary: intake.summary,
          suspect: intake.suspect,
          triageDueAt: new Date(triageDueAt(intake.receivedAt, this.settings).epochMilliseconds),
          createdAt: at,
          createdBy: actor.id,
          accounts: intake.accounts,
          uploads: intake.uploads.map(u => ({
            ip: u.ip,
            uploadedAt: new Date(u.at.epochMilliseconds),
            reportedTime: u.reportedTime,
            reportedZone: u.reportedZone,
          })),
        })
        await repos.audit.append(at, [
          {
            actorId: actor.id,
            actorUsername: actor.username,
            operation: 'collect',
            recordType: 'ocait-referral',
            recordId: id,
            correlationId: actor.correlationId,
            details: {
              reference,
              source: intake.source,
              accounts: intake.accounts.length,
              uploads: intake.uploads.length,
            },
          },
        ])
        return { id, reference }
      },
      requestFingerprint(input),
    )
  }

  /** The team's queue (the unit head's: every team's), most urgent first; listing it is a consultation. */
  async queue(
    actor: Actor,
    view: QueueView = 'open',
    page = 1,
  ): Promise<{
    rows: Array<QueueRow & { overdue: boolean }>
    total: number
    page: number
    pageSize: number
    view: QueueView
  }> {
    const scope = referralQueueScope(actor)
    if (scope === null) throw new Forbidden('Your role does not give access to online child abuse referrals')
    if (!QUEUE_VIEWS.includes(view)) throw new ValidationError([{ field: 'view', message: 'Choose a queue to show' }])
    if (!Number.isSafeInteger(page) || page < 1 || page > 10_000)
      throw new ValidationError([{ field: 'page', message: 'Page must be a whole number from 1' }])
    const { repos } = this.data
    const now = nowDate(this.clock)
    const result = await repos.ocaitReferrals.queue(scope, view, now, {
      limit: QUEUE_PAGE_SIZE,
      offset: (page - 1) * QUEUE_PAGE_SIZE,
    })
    await repos.audit.append(now, [
      {
        actorId: actor.id,
        actorUsername: actor.username,
        operation: 'consult',
        recordType: 'ocait-queue',
        correlationId: actor.correlationId,
        details: { view, page, shown: result.rows.map(r => r.reference), total: result.total },
      },
    ])
    const rows = result.rows.map(r => {
      const due = r.actionDueAt ?? r.triageDueAt
      return { ...r, overdue: isOpenStatus(r.status) && due.getTime() < now.getTime() }
    })
    return { rows, total: result.total, page, pageSize: QUEUE_PAGE_SIZE, view }
  }

  /** The referral page: the whole record for its team, with where its deadlines stand. */
  async page(actor: Actor, referralId: string): Promise<ReferralView> {
    const { repos } = this.data
    await this.gate.open(repos, actor, referralId, 'read')
    const record = await this.view(repos, referralId)
    await this.gate.consulted(repos, actor, record, { parts: ['referral', 'accounts', 'uploads'] })
    return record
  }

  /** The record and its deadlines without an audit row (for pages that audit once for themselves). */
  async view(repos: Repositories, referralId: string): Promise<ReferralView> {
    const record = await repos.ocaitReferrals.record(referralId)
    if (!record) throw new Error('referral vanished after the gate opened it')
    const grade = record.grade as ReferralGrade | null
    return {
      ...record,
      sourceLabel: REFERRAL_SOURCE_LABELS[record.source as ReferralSource],
      gradeLabel: grade ? RISK_LEVEL_LABELS[grade] : null,
      triageResult: (record.triage as TriageResult | null) ?? null,
      deadlines: deadlinesOf(record, this.clock.now()),
      open: isOpenStatus(record.status),
    }
  }

  /** What the triage form needs: the referral's head and whether this officer may lower the grade. */
  async triageForm(
    actor: Actor,
    referralId: string,
  ): Promise<{ referral: ReferralView; questionnaire: TriageQuestionnaire; mayLower: boolean }> {
    const referral = await this.page(actor, referralId)
    return { referral, questionnaire: this.questionnaire, mayLower: mayLowerGrade(actor) }
  }

  /**
   * Grades the referral (or regrades it): the questionnaire decides, professional judgement may differ with a
   * reason, and the grade sets the target time to action. Version-checked: two officers grading at once cannot
   * silently overwrite each other.
   */
  async triage(
    actor: Actor,
    referralId: string,
    input: { answers?: unknown; overrideGrade?: unknown; overrideReason?: unknown; version?: unknown },
  ): Promise<TriageResult> {
    const at = nowDate(this.clock)
    return this.data.transaction(async repos => {
      const head = await this.gate.open(repos, actor, referralId, 'write')
      const version = expectedVersion(input.version)
      if (!isOpenStatus(head.status))
        throw new ValidationError([
          { field: 'form', message: 'This referral is no longer open, so it cannot be graded' },
        ])
      const answers =
        input.answers !== null && typeof input.answers === 'object' ? (input.answers as Record<string, unknown>) : {}
      const result = triage(
        { answers, overrideGrade: input.overrideGrade, overrideReason: input.overrideReason },
        { questionnaire: this.questionnaire, mayLowerGrade: mayLowerGrade(actor) },
      )
      const due = actionDueAt(
        result.grade,
        { receivedAt: toInstant(head.receivedAt), triagedAt: toInstant(at) },
        this.settings,
      )
      await repos.ocaitReferrals.recordTriage(referralId, version, {
        grade: result.grade,
        result,
        at,
        by: actor.id,
        actionDueAt: new Date(due.epochMilliseconds),
      })
      await repos.audit.append(at, [
        {
          actorId: actor.id,
          actorUsername: actor.username,
          operation: 'alter',
          recordType: 'ocait-referral',
          recordId: referralId,
          correlationId: actor.correlationId,
          details: {
            reference: head.reference,
            triage: { grade: result.grade, derivedGrade: result.derivedGrade, score: result.score },
            regrade: head.grade !== null,
          },
        },
      ])
      return result
    })
  }

  /**
   * The deadline sweep (run with the alert sweeps): every referral past its triage deadline or its target time to
   * action, and not yet alerted, alerts its officer and the team's supervisors — once, claimed in the same
   * transaction as the alert so two instances sweeping together raise it once.
   */
  async sweepDeadlines(): Promise<{ triage: number; action: number }> {
    const at = nowDate(this.clock)
    const counts = { triage: 0, action: 0 }
    for (const which of ['triage', 'action'] as const) {
      const due =
        which === 'triage'
          ? await this.data.repos.ocaitReferrals.triageOverdue(at, 500)
          : await this.data.repos.ocaitReferrals.actionOverdue(at, 500)
      for (const referral of due) {
        const raised = await this.data.transaction(async repos => {
          if (!(await repos.ocaitReferrals.claimOverdueAlert(referral.id, which, at))) return false
          const recipients = alertRecipients(await repos.ocaitReferrals.recipientFacts(referral))
          const grade = referral.grade as ReferralGrade | null
          const gradeText = grade ? RISK_LEVEL_LABELS[grade].toLowerCase() : 'not graded'
          const target =
            which === 'triage'
              ? `${String(this.settings.triageWithinHours)} hours`
              : `${String(grade ? this.settings.targetDays[grade] : 0)} day(s)`
          await repos.timeline.raiseAlert({
            subjectId: null,
            kind: which === 'triage' ? 'ocait-triage-overdue' : 'ocait-action-overdue',
            priority: which === 'triage' || grade === 'very_high' || grade === 'high' ? 'high' : 'normal',
            title:
              which === 'triage'
                ? `Referral ${referral.reference} not triaged within ${target}`
                : `Referral ${referral.reference} (${gradeText}) not actioned within its target of ${target}`,
            detail: `Open /ocait/referrals/${referral.id} to see the referral. It was due ${referral.dueAt.toISOString()}.`,
            data: { referralId: referral.id, reference: referral.reference, dueAt: referral.dueAt.toISOString() },
            createdAt: at,
            createdBy: null,
            recipients: recipients.map(r => ({
              ...r,
              reason: r.reason === 'offender manager' ? 'officer in the case' : r.reason,
            })),
          })
          await repos.audit.append(at, [
            {
              actorId: null,
              actorUsername: 'system',
              operation: 'disclose',
              recordType: 'ocait-referral',
              recordId: referral.id,
              recipient: recipients.map(r => r.staffId).join(','),
              details: { reference: referral.reference, overdue: which, dueAt: referral.dueAt.toISOString() },
            },
          ])
          return true
        })
        if (raised) counts[which]++
      }
    }
    return counts
  }
}
