import { sql, type Kysely } from 'kysely'

/**
 * Optimistic concurrency (issue 10 item 6): every record people edit carries a version, raised by one on each change.
 * A save names the version it started from and writes only `where version = expected`; a stale save changes nothing
 * and is shown to the user with both versions. `person` and `subject` (nominal details, allocation, health and victim
 * notes) have had a version since 0001; these are the other editable records.
 */
const TABLES = ['staff', 'notification_draft', 'arms_assessment', 'risk_plan_action', 'visit_plan', 'visit']

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES) {
    await sql`alter table ${sql.table(table)} add column if not exists version integer not null default 1`.execute(db)
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES) {
    await sql`alter table ${sql.table(table)} drop column if exists version`.execute(db)
  }
}
