import { sql, type Kysely } from 'kysely'

/** Each idempotency key remembers a digest of the request that claimed it, so a reuse with another body is refused. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table idempotency_key add column fingerprint text`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table idempotency_key drop column fingerprint`.execute(db)
}
