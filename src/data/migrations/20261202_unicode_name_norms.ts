import { sql, type Kysely } from 'kysely'
import { normaliseName } from '../../domain/people/names.ts'

/**
 * Names in other scripts (Arabic, Hebrew, Chinese, …) used to normalise to nothing, so they could not be searched.
 * The normal form now keeps letters of every script: recompute it for every name that is not plain ASCII.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['person', 'person_alias'] as const) {
    const rows = await sql<{ id: string; given_name: string; family_name: string }>`
      select id, given_name, family_name from ${sql.table(table)}
      where given_name !~ '^[ -~]*$' or family_name !~ '^[ -~]*$'`.execute(db)
    for (const r of rows.rows) {
      await sql`update ${sql.table(table)} set given_norm = ${normaliseName(r.given_name)},
        family_norm = ${normaliseName(r.family_name)} where id = ${r.id}`.execute(db)
    }
  }
}

export async function down(): Promise<void> {
  // The new normal form is a superset of the old for ASCII names; nothing to undo.
}
