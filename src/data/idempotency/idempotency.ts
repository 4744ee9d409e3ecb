import { sql, type Kysely, type Transaction } from 'kysely'
import { IdempotencyKeyReused } from '../../domain/errors.ts'
import type { DB } from '../schema.ts'

/**
 * Runs `write` in a transaction guarded by (actor, key). The first call inserts the key row and
 * stores the result; a concurrent duplicate blocks on the key's unique index until the first
 * commits, then finds the row and returns the stored result without writing anything.
 */
export async function withIdempotency<T>(
  db: Kysely<DB>,
  actorId: string,
  key: string | undefined,
  at: Date,
  write: (trx: Transaction<DB>) => Promise<T>,
  /** A digest of the request; the same key with a different request is refused (IdempotencyKeyReused). */
  fingerprint?: string,
): Promise<T> {
  if (!key) return db.transaction().execute(write)
  const earlier = await storedWithFingerprint(db, actorId, key)
  if (earlier !== undefined) return sameRequestOr(earlier, fingerprint) as T
  const outcome = await db.transaction().execute(async trx => {
    const claimed = await sql<{ key: string }>`
      insert into idempotency_key (actor_id, key, created_at, result, fingerprint)
      values (${actorId}, ${key}, ${at}, '{}'::jsonb, ${fingerprint ?? null})
      on conflict do nothing returning key`.execute(trx)
    if (claimed.rows.length === 0) return { duplicate: true as const }
    const result = await write(trx)
    await trx
      .updateTable('idempotency_key')
      .set({ result: JSON.stringify(result ?? null) })
      .where('actor_id', '=', actorId)
      .where('key', '=', key)
      .execute()
    return { duplicate: false as const, result }
  })
  if (!outcome.duplicate) return outcome.result
  const again = await storedWithFingerprint(db, actorId, key)
  if (again === undefined) throw new Error('Idempotent write lost its stored result')
  return sameRequestOr(again, fingerprint) as T
}

function sameRequestOr(earlier: { result: unknown; fingerprint: string | null }, fingerprint: string | undefined): unknown {
  if (fingerprint !== undefined && earlier.fingerprint !== null && earlier.fingerprint !== fingerprint) {
    throw new IdempotencyKeyReused()
  }
  return earlier.result
}

async function storedWithFingerprint(
  db: Kysely<DB>,
  actorId: string,
  key: string,
): Promise<{ result: unknown; fingerprint: string | null } | undefined> {
  const row = await db
    .selectFrom('idempotency_key')
    .select(['result', 'fingerprint'])
    .where('actor_id', '=', actorId)
    .where('key', '=', key)
    .executeTakeFirst()
  return row ? { result: row.result, fingerprint: row.fingerprint } : undefined
}

/** The result stored for (actor, key), if that write already happened. */
export async function stored<T>(db: Kysely<DB>, actorId: string, key: string): Promise<T | undefined> {
  const row = await db
    .selectFrom('idempotency_key')
    .select('result')
    .where('actor_id', '=', actorId)
    .where('key', '=', key)
    .executeTakeFirst()
  return row ? (row.result as T) : undefined
}
