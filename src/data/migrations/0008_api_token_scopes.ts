import { sql, type Kysely } from 'kysely'

/**
 * API tokens get scopes, an expiry and a record of who revoked them (issue 10, finding 7). Scopes are
 * stored as a space-separated list of `capability:read|write`. Tokens issued before this migration
 * keep working as they did (every scope of the day) for 90 days from now, then expire.
 */
const LEGACY_SCOPES = [
  'subjects',
  'register',
  'alerts',
  'risk',
  'visits',
  'workload',
  'governance',
  'identity',
]
  .flatMap(c => [`${c}:read`, `${c}:write`])
  .join(' ')

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table api_token add column scopes text not null default ''`.execute(db)
  await sql`alter table api_token add column expires_at timestamptz`.execute(db)
  await sql`alter table api_token add column revoked_by uuid references staff(id)`.execute(db)
  await sql`update api_token set scopes = ${LEGACY_SCOPES}, expires_at = now() + interval '90 days'`.execute(db)
  await sql`alter table api_token alter column expires_at set not null`.execute(db)
  await sql`create index api_token_staff_idx on api_token(staff_id)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists api_token_staff_idx`.execute(db)
  await sql`alter table api_token drop column if exists revoked_by`.execute(db)
  await sql`alter table api_token drop column if exists expires_at`.execute(db)
  await sql`alter table api_token drop column if exists scopes`.execute(db)
}
