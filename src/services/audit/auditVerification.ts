import { nowDate, type Clock } from '../../domain/clock.ts'
import { GENESIS_HASH, signCheckpoint, verifyChain } from '../../domain/audit/chain.ts'
import type { DataAccess } from '../../data/index.ts'

export type VerifyResult =
  | { ok: true; count: number; lastHash: string; headMatches: boolean }
  | { ok: false; count: number; seq: number; reason: string }

/**
 * Re-computes the whole chain in sequence order, reading in keyset pages so memory stays flat
 * however long the log is. Also checks the stored head: deleting the newest rows and rewinding
 * nothing else would otherwise go unnoticed.
 */
export async function verifyAuditLog(data: DataAccess, pageSize = 20_000): Promise<VerifyResult> {
  const audit = data.repos.audit
  let start = { seq: 0, hash: GENESIS_HASH }
  let count = 0
  for (;;) {
    const page = await audit.chainAfter(start.seq, pageSize)
    if (page.length === 0) break
    const result = verifyChain(page, start)
    if (!result.ok)
      return { ok: false, count: count + result.count, seq: result.break.seq, reason: result.break.reason }
    count += result.count
    start = { seq: page[page.length - 1]?.record.seq ?? start.seq, hash: result.lastHash }
    if (page.length < pageSize) break
  }
  const head = await audit.head()
  const headMatches = head.seq === start.seq && head.hash === start.hash
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
export async function auditCheckpoint(data: DataAccess, clock: Clock, key: string): Promise<Checkpoint> {
  const head = await data.repos.audit.head()
  const body = { seq: head.seq, hash: head.hash, at: nowDate(clock).toISOString() }
  return { ...body, signature: signCheckpoint(key, body) }
}

/** Checks a stored checkpoint: signed by us, and its row still carries the same hash. */
export async function checkCheckpoint(
  data: DataAccess,
  key: string,
  checkpoint: Checkpoint,
): Promise<{ ok: boolean; reason?: string }> {
  const expected = signCheckpoint(key, { seq: checkpoint.seq, hash: checkpoint.hash, at: checkpoint.at })
  if (expected !== checkpoint.signature) return { ok: false, reason: 'the checkpoint signature is not valid' }
  if (checkpoint.seq === 0) return { ok: true }
  const hash = await data.repos.audit.hashAt(checkpoint.seq)
  if (hash === null) return { ok: false, reason: `row ${checkpoint.seq} named by the checkpoint is missing` }
  if (hash !== checkpoint.hash)
    return { ok: false, reason: `row ${checkpoint.seq} no longer has the hash the checkpoint recorded` }
  return { ok: true }
}
