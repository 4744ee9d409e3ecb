import { sql, type Kysely } from 'kysely'
import type { DB } from '../schema.ts'

export interface SubjectEventInput {
  subjectId: string
  /** e.g. 'registered', 'change-of-home-address', 'association-with-child', 'visit', 'risk-assessment', 'breach', 'allocation'. */
  kind: string
  occurredOn: string
  recordedAt: Date
  recordedBy: string | null
  summary: string
  details?: Record<string, unknown>
}

/** Adds an entry to a subject's timeline, inside the caller's transaction. */
export async function recordSubjectEvent(db: Kysely<DB>, event: SubjectEventInput): Promise<string> {
  const row = await db
    .insertInto('subject_event')
    .values({
      subject_id: event.subjectId,
      kind: event.kind,
      occurred_on: event.occurredOn,
      recorded_at: event.recordedAt,
      recorded_by: event.recordedBy,
      summary: event.summary,
      details: JSON.stringify(event.details ?? {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export interface AlertInput {
  subjectId: string | null
  kind: string
  priority: 'high' | 'normal'
  title: string
  detail?: string
  data?: Record<string, unknown>
  createdAt: Date
  createdBy: string | null
  /** Who must see it and why ('offender manager', 'supervisor', 'escalation', …). */
  recipients: Array<{ staffId: string; reason: string }>
}

/** The LISTEN/NOTIFY channel that tells every app instance "new alerts for these staff". */
export const ALERT_CHANNEL = 'vigil_alerts'

/**
 * Writes an alert to the outbox inside the caller's transaction (so it commits with its cause) and
 * signals every app instance on commit (NOTIFY is delivered only when the transaction commits).
 *
 * Why the audit_head lock: an identity column hands out `seq` at insert, not at commit, so without
 * it a transaction holding seq 10 could commit after one holding seq 11, and an SSE client that had
 * already moved its cursor to 11 would never see 10. Every transaction that writes personal data
 * already takes this lock to append to the audit chain and holds it to commit; taking it before the
 * insert makes alert order the same as commit order (and, being the same lock, cannot deadlock).
 */
export async function raiseAlert(db: Kysely<DB>, alert: AlertInput): Promise<{ seq: number; id: string }> {
  if (!db.isTransaction) return db.transaction().execute(trx => raiseAlert(trx, alert))
  await sql`select 1 from audit_head where id = 1 for update`.execute(db)
  const row = await db
    .insertInto('alert')
    .values({
      subject_id: alert.subjectId,
      kind: alert.kind,
      priority: alert.priority,
      title: alert.title,
      detail: alert.detail ?? '',
      data: JSON.stringify(alert.data ?? {}),
      created_at: alert.createdAt,
      created_by: alert.createdBy,
    })
    .returning(['seq', 'id'])
    .executeTakeFirstOrThrow()
  // A bigint identity: node-postgres returns it as text.
  const raw: number | string = row.seq
  const seq = typeof raw === 'string' ? Number(raw) : raw
  const unique = [...new Map(alert.recipients.map(r => [r.staffId, r])).values()]
  if (unique.length > 0) {
    await db
      .insertInto('alert_recipient')
      .values(unique.map(r => ({ alert_seq: seq, staff_id: r.staffId, reason: r.reason })))
      .execute()
    await sql`select pg_notify(${ALERT_CHANNEL}, ${JSON.stringify({ staffIds: unique.map(r => r.staffId) })})`.execute(db)
  }
  return { seq, id: row.id }
}

/** A subject's timeline as a repository (entries join the caller's transaction). */
export function timelineRepository(db: Kysely<DB>) {
  return {
    recordSubjectEvent: (event: SubjectEventInput): Promise<string> => recordSubjectEvent(db, event),
    raiseAlert: (alert: AlertInput): Promise<{ seq: number; id: string }> => raiseAlert(db, alert),
  }
}

export type TimelineRepository = ReturnType<typeof timelineRepository>
