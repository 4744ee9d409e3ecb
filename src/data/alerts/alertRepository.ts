import { sql, type Kysely } from 'kysely'
import type { RecipientFacts } from '../../domain/alerts/recipients.ts'
import type { DB } from '../schema.ts'

/** One staff member's copy of an alert, as the inbox, the alert page, the API and the live stream show it. */
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

export interface AlertFilter {
  status?: 'open' | 'acknowledged' | 'all'
  priority?: 'high' | 'normal'
  kind?: string
}

/** A high-priority copy left unacknowledged past the escalation delay. */
export interface DueEscalation {
  seq: number
  staffId: string
  name: string
  supervisorId: string | null
}

/**
 * The alert outbox as a repository: who an alert goes to (the facts; the rule is `domain/alerts/recipients.ts`),
 * each staff member's copies, and the escalation sweep's reads and claims. Raising an alert is
 * `timeline.raiseAlert` (it commits with its cause and signals every instance).
 */
export function alertRepository(db: Kysely<DB>) {
  const copies = (staffId: string) =>
    db
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

  return {
    /** The subject's manager, the manager's own supervisor and the managing team's active supervisors. */
    async recipientFacts(subjectId: string): Promise<RecipientFacts | undefined> {
      const subject = await db
        .selectFrom('subject as s')
        .leftJoin('staff as om', 'om.id', 's.offender_manager_id')
        .select(['s.offender_manager_id as omId', 'om.supervisor_id as supervisorId', 's.managing_team_id as teamId'])
        .where('s.id', '=', subjectId)
        .executeTakeFirst()
      if (!subject) return undefined
      const supervisors = await db
        .selectFrom('staff')
        .select('id')
        .where('team_id', '=', subject.teamId)
        .where('role', '=', 'supervisor')
        .where('active', '=', true)
        .orderBy('id')
        .execute()
      return {
        offenderManagerId: subject.omId,
        managerSupervisorId: subject.supervisorId,
        teamSupervisorIds: supervisors.map(s => s.id),
      }
    },

    /** A staff member's copies after a cursor, oldest first (SSE replay and live delivery read the same rows). */
    async after(staffId: string, afterSeq: number, limit: number): Promise<AlertView[]> {
      return copies(staffId).where('r.alert_seq', '>', afterSeq).orderBy('r.alert_seq', 'asc').limit(limit).execute()
    },

    async latestSeq(staffId: string): Promise<number> {
      const row = await db
        .selectFrom('alert_recipient')
        .select(eb => eb.fn.max<number | string | null>('alert_seq').as('seq'))
        .where('staff_id', '=', staffId)
        .executeTakeFirst()
      return Number(row?.seq ?? 0)
    },

    /** Whether a session is neither revoked, expired, nor idle since `idleSince` (read without touching it). */
    async sessionLive(sessionId: string, now: Date, idleSince: Date): Promise<boolean> {
      const row = await db
        .selectFrom('user_session')
        .select('id')
        .where('id', '=', sessionId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .where('last_seen_at', '>', idleSince)
        .executeTakeFirst()
      return row !== undefined
    },

    async counts(staffId: string): Promise<{ open: number; high: number; latestSeq: number }> {
      const row = await db
        .selectFrom('alert_recipient as r')
        .innerJoin('alert as a', 'a.seq', 'r.alert_seq')
        .select([
          sql<number>`(count(*) filter (where r.acknowledged_at is null))::int`.as('open'),
          sql<number>`(count(*) filter (where r.acknowledged_at is null and a.priority = 'high'))::int`.as('high'),
          sql<number | string>`coalesce(max(r.alert_seq), 0)`.as('latestSeq'),
        ])
        .where('r.staff_id', '=', staffId)
        .executeTakeFirstOrThrow()
      return { open: row.open, high: row.high, latestSeq: Number(row.latestSeq) }
    },

    /** The inbox: newest first, filtered. */
    async inbox(staffId: string, filter: AlertFilter, limit: number): Promise<AlertView[]> {
      const status = filter.status ?? 'open'
      return copies(staffId)
        .$if(status === 'open', q => q.where('r.acknowledged_at', 'is', null))
        .$if(status === 'acknowledged', q => q.where('r.acknowledged_at', 'is not', null))
        .$if(filter.priority !== undefined, q => q.where('a.priority', '=', filter.priority ?? 'high'))
        .$if(filter.kind !== undefined, q => q.where('a.kind', '=', filter.kind ?? ''))
        .orderBy('r.alert_seq', 'desc')
        .limit(limit)
        .execute()
    },

    async copy(staffId: string, seq: number): Promise<AlertView | undefined> {
      return copies(staffId).where('r.alert_seq', '=', seq).executeTakeFirst()
    },

    async markRead(staffId: string, seq: number, at: Date): Promise<void> {
      await db
        .updateTable('alert_recipient')
        .set({ read_at: at })
        .where('alert_seq', '=', seq)
        .where('staff_id', '=', staffId)
        .execute()
    },

    async acknowledge(staffId: string, seq: number, at: Date, note: string, readAt: Date): Promise<void> {
      await db
        .updateTable('alert_recipient')
        .set({ acknowledged_at: at, acknowledgement_note: note, read_at: readAt })
        .where('alert_seq', '=', seq)
        .where('staff_id', '=', staffId)
        .execute()
    },

    /** High-priority copies created at or before `cutoff`, neither acknowledged nor escalated (escalations excluded). */
    async dueEscalations(cutoff: Date, limit: number): Promise<DueEscalation[]> {
      return db
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
        .limit(limit)
        .execute()
    },

    /** Claims one copy for escalation; false when another instance claimed it or it was acknowledged meanwhile. */
    async claimEscalation(seq: number, staffId: string, at: Date): Promise<boolean> {
      const claimed = await db
        .updateTable('alert_recipient')
        .set({ escalated_at: at })
        .where('alert_seq', '=', seq)
        .where('staff_id', '=', staffId)
        .where('escalated_at', 'is', null)
        .where('acknowledged_at', 'is', null)
        .executeTakeFirst()
      return Number(claimed.numUpdatedRows) > 0
    },

    async alert(
      seq: number,
    ): Promise<
      { subjectId: string | null; title: string; detail: string; data: Record<string, unknown> } | undefined
    > {
      const row = await db
        .selectFrom('alert')
        .select(['subject_id', 'title', 'detail', 'data'])
        .where('seq', '=', seq)
        .executeTakeFirst()
      if (!row) return undefined
      const data = (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as Record<string, unknown>
      return { subjectId: row.subject_id, title: row.title, detail: row.detail, data }
    },
  }
}

export type AlertRepository = ReturnType<typeof alertRepository>
