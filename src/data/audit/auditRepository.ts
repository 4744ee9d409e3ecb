import { sql, type Kysely } from 'kysely'
import { chainHash, type AuditRecord } from '../../domain/audit/chain.ts'
import type { DB } from '../schema.ts'

/** bigint columns (seq) reach us as strings from `pg` whatever the generated row types say. */
const int = (value: number | string | bigint): number => Number(value)

export type AuditEntry = Omit<AuditRecord, 'seq' | 'occurredAt' | 'outcome' | 'details' | 'recordType' | 'recordId' | 'subjectId' | 'purpose' | 'recipient' | 'correlationId'> &
  Partial<Pick<AuditRecord, 'outcome' | 'details' | 'recordType' | 'recordId' | 'subjectId' | 'purpose' | 'recipient' | 'correlationId'>>

function toDb(record: AuditRecord, prevHash: string, hash: string) {
  return {
    seq: record.seq,
    occurred_at: record.occurredAt,
    actor_id: record.actorId,
    actor_username: record.actorUsername,
    operation: record.operation,
    record_type: record.recordType,
    record_id: record.recordId,
    subject_id: record.subjectId,
    purpose: record.purpose,
    recipient: record.recipient,
    correlation_id: record.correlationId,
    outcome: record.outcome,
    details: JSON.stringify(record.details),
    prev_hash: prevHash,
    hash,
  }
}

export function fromDb(row: {
  seq: number
  occurred_at: Date
  actor_id: string | null
  actor_username: string | null
  operation: string
  record_type: string | null
  record_id: string | null
  subject_id: string | null
  purpose: string | null
  recipient: string | null
  correlation_id: string | null
  outcome: string
  details: Record<string, unknown>
}): AuditRecord {
  return {
    seq: int(row.seq),
    occurredAt: row.occurred_at.toISOString(),
    actorId: row.actor_id,
    actorUsername: row.actor_username,
    operation: row.operation,
    recordType: row.record_type,
    recordId: row.record_id,
    subjectId: row.subject_id,
    purpose: row.purpose,
    recipient: row.recipient,
    correlationId: row.correlation_id,
    outcome: row.outcome,
    details: row.details,
  }
}

/**
 * Appends audit rows inside the caller's transaction, so the record of a change commits or rolls
 * back with the change itself. The chain head is locked (FOR UPDATE) for the rest of the
 * transaction: rows are chained in the order their transactions commit.
 */
export async function appendAudit(trx: Kysely<DB>, at: Date, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return
  if (!trx.isTransaction) return trx.transaction().execute(t => appendAudit(t, at, entries))
  const head = await sql<{ seq: number; hash: string }>`select seq, hash from audit_head where id = 1 for update`.execute(trx)
  const current = head.rows[0]
  if (!current) throw new Error('audit_head row missing: run migrations')
  let seq = int(current.seq)
  let prev = current.hash
  const rows = []
  for (const entry of entries) {
    seq++
    // Timestamps are rounded to the millisecond: that is what both engines store and return.
    const record: AuditRecord = {
      seq,
      occurredAt: new Date(Math.floor(at.getTime())).toISOString(),
      actorId: entry.actorId,
      actorUsername: entry.actorUsername,
      operation: entry.operation,
      recordType: entry.recordType ?? null,
      recordId: entry.recordId ?? null,
      subjectId: entry.subjectId ?? null,
      purpose: entry.purpose ?? null,
      recipient: entry.recipient ?? null,
      correlationId: entry.correlationId ?? null,
      outcome: entry.outcome ?? 'success',
      details: entry.details ?? {},
    }
    const hash = chainHash(prev, record)
    rows.push(toDb(record, prev, hash))
    prev = hash
  }
  await trx.insertInto('audit_event').values(rows).execute()
  await trx.updateTable('audit_head').set({ seq, hash: prev }).where('id', '=', 1).execute()
}

/** What an auditor searches by (all optional, combined with "and"); `toBefore` is exclusive. */
export interface AuditSearch {
  username?: string
  reference?: string
  operation?: string
  outcome?: string
  from: Date | null
  toBefore: Date | null
}

/** A chained row as stored: the record, and the hashes that link it to the row before. */
export interface ChainedRow {
  record: AuditRecord
  prevHash: string
  hash: string
}

/** The audit log as a repository: appends join the caller's transaction (see `appendAudit`). */
export function auditRepository(db: Kysely<DB>) {
  return {
    append: (at: Date, entries: AuditEntry[]): Promise<void> => appendAudit(db, at, entries),

    /** Matching rows, newest first, with the reference of the subject each names. */
    async search(filters: AuditSearch, limit: number, offset: number) {
      const rows = await db
        .selectFrom('audit_event as a')
        .leftJoin('subject as s', 's.id', 'a.subject_id')
        .$if(filters.username !== undefined, q => q.where('a.actor_username', '=', filters.username ?? ''))
        .$if(filters.reference !== undefined, q => q.where('s.reference', '=', filters.reference ?? ''))
        .$if(filters.operation !== undefined, q => q.where('a.operation', '=', filters.operation ?? ''))
        .$if(filters.outcome !== undefined, q => q.where('a.outcome', '=', filters.outcome ?? ''))
        .$if(filters.from !== null, q => q.where('a.occurred_at', '>=', filters.from ?? new Date(0)))
        .$if(filters.toBefore !== null, q => q.where('a.occurred_at', '<', filters.toBefore ?? new Date(0)))
        .select([
          'a.seq',
          'a.occurred_at as occurredAt',
          'a.actor_username as actorUsername',
          'a.operation',
          'a.outcome',
          'a.record_type as recordType',
          'a.record_id as recordId',
          's.reference as subjectReference',
          'a.purpose',
          'a.recipient',
          'a.correlation_id as correlationId',
        ])
        .orderBy('a.seq', 'desc')
        .limit(limit)
        .offset(offset)
        .execute()
      return rows.map(r => ({ ...r, seq: int(r.seq), occurredAt: new Date(r.occurredAt) }))
    },

    /** Up to `limit` rows after `afterSeq`, in chain order (a keyset page for verification). */
    async chainAfter(afterSeq: number, limit: number): Promise<ChainedRow[]> {
      const rows = await db
        .selectFrom('audit_event')
        .selectAll()
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .limit(limit)
        .execute()
      return rows.map(r => ({ record: fromDb(r as Parameters<typeof fromDb>[0]), prevHash: r.prev_hash, hash: r.hash }))
    },

    /** The chain head: how many rows were written and the hash of the last. */
    async head(): Promise<{ seq: number; hash: string }> {
      const row = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst()
      if (!row) throw new Error('audit_head row missing: run migrations')
      return { seq: int(row.seq), hash: row.hash }
    },

    async hashAt(seq: number): Promise<string | null> {
      const row = await db.selectFrom('audit_event').select('hash').where('seq', '=', seq).executeTakeFirst()
      return row?.hash ?? null
    },
  }
}

export type AuditRepository = ReturnType<typeof auditRepository>
