import { sql, type Kysely } from 'kysely'
import type { Actor } from '../../domain/access/actor.ts'
import type { Clock } from '../../domain/clock.ts'
import { nowDate } from '../../domain/clock.ts'
import { NotFound, ValidationError } from '../../domain/errors.ts'
import type { Database } from '../../data/database.ts'
import type { DB } from '../../data/schema.ts'
import { appendAudit } from '../../data/audit/auditRepository.ts'
import { raiseAlert } from '../../data/timeline/timelineRepository.ts'
import type { AlertBus } from './alertBus.ts'
import type { AlertSettings } from './settings.ts'

export type AlertKind =
  | 'address-change'
  | 'other-address'
  | 'new-name'
  | 'child-association'
  | 'foreign-travel'
  | 'late-notification'
  | 'periodic-overdue'
  | 'escalation'

export interface AlertView {
  seq: number
  id: string
  subjectId: string | null
  subjectReference: string | null
  kind: string
  priority: 'high' | 'normal'
  title: string
  detail: string
  data: Record<string, unknown>
  createdAt: Date
  reason: string
  readAt: Date | null
  acknowledgedAt: Date | null
  acknowledgementNote: string | null
  escalatedAt: Date | null
}

export type AlertFilter = { status?: 'open' | 'acknowledged' | 'all'; priority?: 'high' | 'normal'; kind?: string }

/** The subject's offender manager and the manager's supervisor; the team's supervisors when unallocated. */
export async function alertRecipientsFor(
  trx: Kysely<DB>,
  subjectId: string,
): Promise<Array<{ staffId: string; reason: string }>> {
  const subject = await trx
    .selectFrom('subject as s')
    .leftJoin('staff as om', 'om.id', 's.offender_manager_id')
    .select(['s.offender_manager_id as omId', 'om.supervisor_id as supervisorId', 's.managing_team_id as teamId'])
    .where('s.id', '=', subjectId)
    .executeTakeFirst()
  if (!subject) return []
  const recipients: Array<{ staffId: string; reason: string }> = []
  if (subject.omId) recipients.push({ staffId: subject.omId, reason: 'offender manager' })
  if (subject.supervisorId) recipients.push({ staffId: subject.supervisorId, reason: 'supervisor' })
  if (recipients.length === 0) {
    const supervisors = await trx
      .selectFrom('staff')
      .select('id')
      .where('team_id', '=', subject.teamId)
      .where('role', '=', 'supervisor')
      .where('active', '=', true)
      .execute()
    for (const s of supervisors) recipients.push({ staffId: s.id, reason: 'team supervisor (unallocated subject)' })
  }
  return recipients
}

/** Kept for the register's call sites: the outbox write, its ordering lock and the signal now live in raiseAlert. */
export const raiseAlertInTransaction = raiseAlert

export class AlertService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    readonly bus: AlertBus,
    readonly settings: AlertSettings,
  ) {}

  /** Alerts for one staff member after a cursor, oldest first: SSE replay and live delivery read the same rows. */
  async after(staffId: string, afterSeq: number, limit = 100): Promise<AlertView[]> {
    return this.query(this.database.db, staffId)
      .where('r.alert_seq', '>', afterSeq)
      .orderBy('r.alert_seq', 'asc')
      .limit(limit)
      .execute()
  }

  /** The audit row for alerts pushed to a staff member's open pages (a consultation of the subjects they name). */
  async auditStreamed(staffId: string, username: string, alertSeqs: number[], connections: number): Promise<void> {
    await appendAudit(this.database.db, nowDate(this.clock), [
      {
        actorId: staffId,
        actorUsername: username,
        operation: 'consult',
        recordType: 'alert',
        correlationId: 'alert-stream',
        details: { via: 'stream', alertSeqs, connections },
      },
    ])
  }

  /** The newest alert seq for a staff member (where a fresh SSE stream starts when no Last-Event-ID is sent). */
  async latestSeq(staffId: string): Promise<number> {
    const row = await this.database.db
      .selectFrom('alert_recipient')
      .select(eb => eb.fn.max('alert_seq').as('seq'))
      .where('staff_id', '=', staffId)
      .executeTakeFirst()
    return Number(row?.seq ?? 0)
  }

  /**
   * Whether an open stream's session may still receive alerts: not revoked, not expired, and not idle for longer
   * than the sign-in idle timeout. Checked without touching the session, so an open tab never extends it.
   */
  async streamSessionLive(sessionId: string, idleMinutes: number): Promise<boolean> {
    const now = nowDate(this.clock)
    const row = await this.database.db
      .selectFrom('user_session')
      .select('id')
      .where('id', '=', sessionId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .where('last_seen_at', '>', new Date(now.getTime() - idleMinutes * 60_000))
      .executeTakeFirst()
    return row !== undefined
  }

  /** The header's badge: unacknowledged alerts, how many are high priority, and the newest seq (the SSE cursor). */
  async unreadCount(staffId: string): Promise<{ open: number; high: number; latestSeq: number }> {
    const row = await this.database.db
      .selectFrom('alert_recipient as r')
      .innerJoin('alert as a', 'a.seq', 'r.alert_seq')
      .select([
        sql<number>`(count(*) filter (where r.acknowledged_at is null))::int`.as('open'),
        sql<number>`(count(*) filter (where r.acknowledged_at is null and a.priority = 'high'))::int`.as('high'),
        sql<number>`coalesce(max(r.alert_seq), 0)`.as('latestSeq'),
      ])
      .where('r.staff_id', '=', staffId)
      .executeTakeFirstOrThrow()
    return { open: Number(row.open), high: Number(row.high), latestSeq: Number(row.latestSeq) }
  }

  /** The inbox. Alert titles name subjects, so listing them is a consultation (audited). */
  async inbox(actor: Actor, filter: AlertFilter = {}, limit = 100): Promise<AlertView[]> {
    const status = filter.status ?? 'open'
    const rows = await this.query(this.database.db, actor.id)
      .$if(status === 'open', q => q.where('r.acknowledged_at', 'is', null))
      .$if(status === 'acknowledged', q => q.where('r.acknowledged_at', 'is not', null))
      .$if(filter.priority !== undefined, q => q.where('a.priority', '=', filter.priority ?? 'high'))
      .$if(filter.kind !== undefined, q => q.where('a.kind', '=', filter.kind ?? ''))
      .orderBy('r.alert_seq', 'desc')
      .limit(limit)
      .execute()
    await appendAudit(this.database.db, nowDate(this.clock), [
      {
        actorId: actor.id,
        actorUsername: actor.username,
        operation: 'consult',
        recordType: 'alert-inbox',
        correlationId: actor.correlationId,
        details: { filter: { status, ...filter }, shown: rows.length, alertSeqs: rows.map(r => r.seq) },
      },
    ])
    return rows
  }

  /** One alert, marked read on first view. */
  async open(actor: Actor, seq: number): Promise<AlertView> {
    if (!Number.isSafeInteger(seq) || seq < 1) throw new NotFound('No such alert')
    const at = nowDate(this.clock)
    return this.database.db.transaction().execute(async trx => {
      const alert = await this.query(trx, actor.id).where('r.alert_seq', '=', seq).executeTakeFirst()
      if (!alert) throw new NotFound('No such alert')
      if (!alert.readAt) {
        await trx
          .updateTable('alert_recipient')
          .set({ read_at: at })
          .where('alert_seq', '=', seq)
          .where('staff_id', '=', actor.id)
          .execute()
      }
      await appendAudit(trx, at, [
        {
          actorId: actor.id,
          actorUsername: actor.username,
          operation: 'consult',
          recordType: 'alert',
          recordId: String(seq),
          subjectId: alert.subjectId,
          correlationId: actor.correlationId,
        },
      ])
      return { ...alert, readAt: alert.readAt ?? at }
    })
  }

  /** Acknowledges one's own copy of an alert with a note; recorded on the subject's timeline and in the audit. */
  async acknowledge(actor: Actor, seq: number, note: unknown): Promise<AlertView> {
    const text = typeof note === 'string' ? note.trim() : ''
    if (!text) throw new ValidationError([{ field: 'note', message: 'Enter a note about what you have done' }])
    if (text.length > 1000) {
      throw new ValidationError([{ field: 'note', message: 'Note must be 1,000 characters or fewer' }])
    }
    if (!Number.isSafeInteger(seq) || seq < 1) throw new NotFound('No such alert')
    const at = nowDate(this.clock)
    return this.database.db.transaction().execute(async trx => {
      const alert = await this.query(trx, actor.id).where('r.alert_seq', '=', seq).executeTakeFirst()
      if (!alert) throw new NotFound('No such alert')
      if (alert.acknowledgedAt) return alert
      await trx
        .updateTable('alert_recipient')
        .set({ acknowledged_at: at, acknowledgement_note: text, read_at: alert.readAt ?? at })
        .where('alert_seq', '=', seq)
        .where('staff_id', '=', actor.id)
        .execute()
      if (alert.subjectId) {
        await trx
          .insertInto('subject_event')
          .values({
            subject_id: alert.subjectId,
            kind: 'alert-acknowledged',
            occurred_on: at.toISOString().slice(0, 10),
            recorded_at: at,
            recorded_by: actor.id,
            summary: `Alert acknowledged by ${actor.displayName}: ${alert.title}`,
            details: JSON.stringify({ alertSeq: seq, note: text }),
          })
          .execute()
      }
      await appendAudit(trx, at, [
        {
          actorId: actor.id,
          actorUsername: actor.username,
          operation: 'alter',
          recordType: 'alert',
          recordId: String(seq),
          subjectId: alert.subjectId,
          correlationId: actor.correlationId,
          details: { acknowledged: true },
        },
      ])
      return { ...alert, acknowledgedAt: at, acknowledgementNote: text }
    })
  }

  /**
   * Escalates every high-priority alert left unacknowledged past `escalateAfterMinutes` to the recipient's own
   * supervisor, once: the recipient row's escalated_at is set in the same transaction as the escalation alert.
   */
  async escalateOverdue(): Promise<number> {
    const at = nowDate(this.clock)
    const cutoff = new Date(at.getTime() - this.settings.escalateAfterMinutes * 60_000)
    const due = await this.database.db
      .selectFrom('alert_recipient as r')
      .innerJoin('alert as a', 'a.seq', 'r.alert_seq')
      .innerJoin('staff as s', 's.id', 'r.staff_id')
      .select([
        'r.alert_seq as seq',
        'r.staff_id as staffId',
        's.display_name as name',
        's.supervisor_id as supervisorId',
      ])
      .where('a.priority', '=', 'high')
      .where('a.kind', '!=', 'escalation')
      .where('a.created_at', '<=', cutoff)
      .where('r.acknowledged_at', 'is', null)
      .where('r.escalated_at', 'is', null)
      .orderBy('r.alert_seq')
      .limit(500)
      .execute()
    let escalated = 0
    for (const row of due) {
      const done = await this.database.db.transaction().execute(async trx => {
        // Claim the row first, so two instances sweeping at once escalate it once.
        const claimed = await trx
          .updateTable('alert_recipient')
          .set({ escalated_at: at })
          .where('alert_seq', '=', row.seq)
          .where('staff_id', '=', row.staffId)
          .where('escalated_at', 'is', null)
          .where('acknowledged_at', 'is', null)
          .executeTakeFirst()
        if (Number(claimed.numUpdatedRows) === 0 || !row.supervisorId) return Number(claimed.numUpdatedRows) > 0
        const original = await trx.selectFrom('alert').selectAll().where('seq', '=', row.seq).executeTakeFirstOrThrow()
        await appendAudit(trx, at, [
          {
            actorId: null,
            actorUsername: 'system',
            operation: 'disclose',
            recordType: 'alert',
            recordId: String(row.seq),
            subjectId: original.subject_id,
            recipient: row.supervisorId,
            details: { escalation: true, afterMinutes: this.settings.escalateAfterMinutes },
          },
        ])
        await raiseAlertInTransaction(trx, {
          subjectId: original.subject_id,
          kind: 'escalation',
          priority: 'high',
          title: `Not acknowledged by ${row.name}: ${original.title}`,
          detail: `${original.detail} This high-priority alert was not acknowledged within ${this.settings.escalateAfterMinutes} minutes.`,
          data: { ...original.data, escalatedFrom: row.seq, unacknowledgedBy: row.staffId },
          createdAt: at,
          createdBy: null,
          recipients: [{ staffId: row.supervisorId, reason: 'escalation' }],
        })
        return true
      })
      if (done) escalated++
    }
    return escalated
  }

  private query(db: Kysely<DB>, staffId: string) {
    return db
      .selectFrom('alert_recipient as r')
      .innerJoin('alert as a', 'a.seq', 'r.alert_seq')
      .leftJoin('subject as s', 's.id', 'a.subject_id')
      .select([
        'a.seq',
        'a.id',
        'a.subject_id as subjectId',
        's.reference as subjectReference',
        'a.kind',
        'a.priority',
        'a.title',
        'a.detail',
        'a.data',
        'a.created_at as createdAt',
        'r.reason',
        'r.read_at as readAt',
        'r.acknowledged_at as acknowledgedAt',
        'r.acknowledgement_note as acknowledgementNote',
        'r.escalated_at as escalatedAt',
      ])
      .where('r.staff_id', '=', staffId)
      .$castTo<AlertView>()
  }
}
