import { sql, type Kysely } from 'kysely'

/**
 * The governance counts of overdue periodic notifications (issue 5) read `subject_due.last_notified_on`,
 * which a trigger on the timeline keeps up to date for the kinds listed in `risk_visit_setting`.
 * The register records each notification on the timeline under its own kind, so list the kinds that
 * start the year again: notifications under s.83 (initial), s.84 (changes) and s.85 (periodic).
 * Foreign travel (s.86) does not reset the periodic notification.
 */
const KINDS = ['notification', 'initial', 'change-of-name', 'change-of-home-address', 'other-address', 'release-from-custody', 'child-household', 'periodic']

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`update risk_visit_setting set notification_kinds = ${sql.raw(`array[${KINDS.map(k => `'${k}'`).join(',')}]`)}`.execute(db)
  // Databases that already hold register history: bring last_notified_on up to date once.
  await sql`update subject_due sd set last_notified_on = x.last
    from (select subject_id, max(occurred_on) as last from subject_event
          where kind = any(${sql.raw(`array[${KINDS.map(k => `'${k}'`).join(',')}]`)}) group by subject_id) x
    where x.subject_id = sd.subject_id and (sd.last_notified_on is null or sd.last_notified_on < x.last)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`update risk_visit_setting set notification_kinds = array['notification']`.execute(db)
}
