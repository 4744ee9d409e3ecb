import { createHash, createHmac } from 'node:crypto'

/**
 * The audit log is a hash chain: h(n) = SHA-256(h(n-1) ‖ canonical JSON of row n). Editing,
 * deleting or reordering any row changes every later hash, so `vigil audit verify` finds the first
 * broken row. (QUALITY.md "Tamper-evident audit logs"; ASVS 5.0 16.4.2.)
 */
export const GENESIS_HASH = '0'.repeat(64)

export type AuditOperation =
  | 'collect'
  | 'alter'
  | 'consult'
  | 'disclose'
  | 'combine'
  | 'erase'
  | 'sign-in'
  | 'sign-out'
  | 'break-glass'
  | 'export'
  | 'search'
  | 'admin'

export interface AuditRecord {
  seq: number
  occurredAt: string
  actorId: string | null
  actorUsername: string | null
  operation: string
  recordType: string | null
  recordId: string | null
  subjectId: string | null
  purpose: string | null
  recipient: string | null
  correlationId: string | null
  outcome: string
  details: Record<string, unknown>
}

/** JSON with keys sorted at every level, so the same row always hashes the same on any engine. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null)
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
}

export function chainHash(prevHash: string, record: AuditRecord): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(record)).digest('hex')
}

export interface ChainBreak {
  seq: number
  reason: string
}

/**
 * Walks rows in sequence order and returns the first break: a gap or repeat in the sequence
 * (a deleted or reordered row), a prev_hash that does not match (an inserted or reordered row),
 * or a hash that does not match the content (an edited row).
 */
export function verifyChain(
  rows: Iterable<{ record: AuditRecord; prevHash: string; hash: string }>,
  start: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
): { ok: true; count: number; lastHash: string } | { ok: false; count: number; break: ChainBreak } {
  let expectedSeq = start.seq + 1
  let prev = start.hash
  let count = 0
  for (const row of rows) {
    const seq = row.record.seq
    if (seq !== expectedSeq) {
      // Name the first row that should be there: the one deleted or moved.
      const reason = `expected row ${expectedSeq} but found row ${seq} (a row is missing or out of order)`
      return { ok: false, count, break: { seq: expectedSeq, reason } }
    }
    if (row.prevHash !== prev) {
      return {
        ok: false,
        count,
        break: { seq, reason: 'its link to the previous row does not match (rows removed or reordered)' },
      }
    }
    if (chainHash(prev, row.record) !== row.hash) {
      return { ok: false, count, break: { seq, reason: 'its content does not match its hash (the row was edited)' } }
    }
    prev = row.hash
    expectedSeq++
    count++
  }
  return { ok: true, count, lastHash: prev }
}

/** A checkpoint (sequence, hash) signed with HMAC-SHA-256, to be stored outside the database. */
export function signCheckpoint(key: string, checkpoint: { seq: number; hash: string; at: string }): string {
  return createHmac('sha256', key).update(canonicalJson(checkpoint)).digest('hex')
}
