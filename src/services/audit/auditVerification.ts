import { sql } from 'kysely'
import { nowDate, type Clock } from '../../domain/clock.ts'
import { GENESIS_HASH, signCheckpoint, verifyChain, type AuditRecord } from '../../domain/audit/chain.ts'
import type { Database } from '../../data/database.ts'
import { fromDb } from '../../data/audit/auditRepository.ts'

export type VerifyResult =
  | { ok: true; count: number; lastHash: string; headMatches: boolean }
  | { ok: false; count: number; seq: number; reason: string }

/**
 * Re-computes the whole chain in sequence order, reading in keyset pages so memory stays flat
 * however long the log is. Also checks the stored head: deleting the newest rows and rewinding
 * nothing else would otherwise go unnoticed.
 */
export async function verifyAuditLog(database: Database, pageSize = 20_000): Promise<VerifyResult> {
  const { db } = database
  let start = { seq: 0, hash: GENESIS_HASH }
  let count = 0
  for (;;) {
    const rows = await db
      .selectFrom('audit_event')
      .selectAll()
      .where('seq', '>', start.seq)
      .orderBy('seq')
      .limit(pageSize)
      .execute()
    if (rows.length === 0) break
    const page = rows.map(r => ({
      record: fromDb(r as Parameters<typeof fromDb>[0]) as AuditRecord,
      prevHash: r.prev_hash,
      hash: r.hash,
    }))
    const result = verifyChain(page, start)
    if (!result.ok)
      return { ok: false, count: count + result.count, seq: result.break.seq, reason: result.break.reason }
    count += result.count
    const last = rows[rows.length - 1]!
    start = { seq: Number(last.seq), hash: last.hash }
    if (rows.length < pageSize) break
  }
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow()
  const headMatches = Number(head.seq) === start.seq && head.hash === start.hash
  if (!headMatches) {
    return {
      ok: false,
      count,
      seq: start.seq + 1,
      reason: `the chain ends at row ${start.seq} but the head says ${head.seq} rows were written (rows at the end were removed)`,
    }
  }
  return { ok: true, count, lastHash: start.hash, headMatches }
}

export interface Checkpoint {
  seq: number
  hash: string
  at: string
  signature: string
}

/** A signed (seq, hash) for storage outside the database (ASVS 16.4.3): a later `verify` against it proves nothing before it changed. */
export async function auditCheckpoint(database: Database, clock: Clock, key: string): Promise<Checkpoint> {
  const head = await sql<{ seq: number; hash: string }>`select seq, hash from audit_head where id = 1`.execute(
    database.db,
  )
  const row = head.rows[0]
  if (!row) throw new Error('audit_head row missing')
  const body = { seq: Number(row.seq), hash: row.hash, at: nowDate(clock).toISOString() }
  return { ...body, signature: signCheckpoint(key, body) }
}

/** Checks a stored checkpoint: signed by us, and its row still carries the same hash. */
export async function checkCheckpoint(
  database: Database,
  key: string,
  checkpoint: Checkpoint,
): Promise<{ ok: boolean; reason?: string }> {
  const expected = signCheckpoint(key, { seq: checkpoint.seq, hash: checkpoint.hash, at: checkpoint.at })
  if (expected !== checkpoint.signature) return { ok: false, reason: 'the checkpoint signature is not valid' }
  if (checkpoint.seq === 0) return { ok: true }
  const row = await database.db
    .selectFrom('audit_event')
    .select('hash')
    .where('seq', '=', checkpoint.seq)
    .executeTakeFirst()
  if (!row) return { ok: false, reason: `row ${checkpoint.seq} named by the checkpoint is missing` }
  if (row.hash !== checkpoint.hash)
    return { ok: false, reason: `row ${checkpoint.seq} no longer has the hash the checkpoint recorded` }
  return { ok: true }
}
