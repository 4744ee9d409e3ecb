/**
 * Audit-log benchmark: builds a hash-chained log of N rows (default 1,000,000) on PostgreSQL
 * and times `audit verify` over it (target: under 60 s for 1,000,000 rows); also times single
 * appends through appendAudit (p50/p95). Usage: npm run bench:audit -- [--rows 1000000] [--engine postgres|pglite]
 */
import { sql } from 'kysely'
import { chainHash, GENESIS_HASH, type AuditRecord } from '../src/domain/audit/chain.ts'
import { migrateToLatest } from '../src/data/migrate.ts'
import { appendAudit } from '../src/data/audit/auditRepository.ts'
import { createDataAccess } from '../src/data/index.ts'
import { verifyAuditLog } from '../src/services/audit/auditVerification.ts'
import { argValue, mib, peakMemorySampler, percentile, throwawayDatabase } from './support.ts'

const rows = Number(argValue('--rows', '1000000'))
const engine = argValue('--engine', 'postgres')
const OPERATIONS = ['consult', 'consult', 'consult', 'search', 'collect', 'alter', 'sign-in', 'disclose']

const { database, drop: cleanup } = await throwawayDatabase(engine)
await migrateToLatest(database)
const memory = peakMemorySampler()

// Build the chain in memory in batches and insert it (as the application would have, row by row).
let prev = GENESIS_HASH
const base = Date.UTC(2021, 0, 1)
const loadStarted = performance.now()
const batch = 2000
for (let start = 1; start <= rows; start += batch) {
  const values = []
  for (let seq = start; seq < Math.min(start + batch, rows + 1); seq++) {
    const record: AuditRecord = {
      seq,
      occurredAt: new Date(base + seq * 150_000).toISOString(),
      actorId: null,
      actorUsername: `officer.${seq % 80}`,
      operation: OPERATIONS[seq % OPERATIONS.length]!,
      recordType: 'subject',
      recordId: `00000000-0000-4000-8000-${String(seq % 100_000).padStart(12, '0')}`,
      subjectId: null,
      purpose: null,
      recipient: null,
      correlationId: `req-${seq}`,
      outcome: 'success',
      details: { fields: ['identity', 'address'], page: seq % 5 },
    }
    const hash = chainHash(prev, record)
    values.push({
      seq,
      occurred_at: record.occurredAt,
      actor_id: null,
      actor_username: record.actorUsername,
      operation: record.operation,
      record_type: record.recordType,
      record_id: record.recordId,
      subject_id: null,
      purpose: null,
      recipient: null,
      correlation_id: record.correlationId,
      outcome: record.outcome,
      details: JSON.stringify(record.details),
      prev_hash: prev,
      hash,
    })
    prev = hash
  }
  await database.db.insertInto('audit_event').values(values).execute()
}
await database.db.updateTable('audit_head').set({ seq: rows, hash: prev }).where('id', '=', 1).execute()
if (database.engine === 'postgres') await sql`vacuum analyze audit_event`.execute(database.db)
const loadSeconds = (performance.now() - loadStarted) / 1000
console.log(`audit ${engine}: built a chain of ${rows} rows in ${loadSeconds.toFixed(1)} s`)

const verifyStarted = performance.now()
const result = await verifyAuditLog(createDataAccess(database))
const verifySeconds = (performance.now() - verifyStarted) / 1000
if (!result.ok) throw new Error(`verify failed at ${result.seq}: ${result.reason}`)
console.log(
  `audit ${engine}: verified ${result.count} rows in ${verifySeconds.toFixed(1)} s (${Math.round(result.count / verifySeconds)} rows/s; target < 60 s for 1,000,000)`,
)

// Single appends, as requests make them: one transaction each, chained under the head lock.
const appendTimes: number[] = []
for (let i = 0; i < 500; i++) {
  const t0 = performance.now()
  await appendAudit(database.db, new Date(), [
    { actorId: null, actorUsername: 'bench', operation: 'consult', recordType: 'subject', details: { i } },
  ])
  appendTimes.push(performance.now() - t0)
}
const total = appendTimes.reduce((a, b) => a + b, 0) / 1000
console.log(
  `audit ${engine}: single append p50 ${percentile(appendTimes, 50).toFixed(2)} ms, p95 ${percentile(appendTimes, 95).toFixed(2)} ms, ${Math.round(500 / total)} appends/s; peak rss ${mib(memory.stop())}`,
)
await cleanup()
