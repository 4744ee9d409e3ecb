import { sql, type Kysely } from 'kysely'
import type { DB } from '../data/schema.ts'

/**
 * Bulk loading for the synthetic seed (hundreds of thousands of rows per table at national scale).
 *
 * Rows travel as ONE JSON parameter per statement (`json_populate_recordset` against the table's own row type)
 * instead of one bind parameter per value: parsing a 30,000-parameter multi-row VALUES list was most of the cost of a
 * seed statement on both engines, and one parameter has no 65,535-parameter limit to stay under.
 *
 * Every row of one call must carry the same keys (a key missing from a row is inserted as null, as in a VALUES
 * list); columns not named by any row take their defaults. json/jsonb columns may be given as JSON text (as they
 * are for Kysely) or as values; other values go through JSON as they would through a bind parameter (Date → ISO
 * instant, arrays → SQL arrays).
 */
export async function bulkInsert(
  db: Kysely<DB>,
  table: keyof DB,
  rows: ReadonlyArray<Record<string, unknown>>,
  options: { skipConflicts?: boolean } = {},
): Promise<void> {
  if (rows.length === 0) return
  const columns = [...new Set(rows.flatMap(r => Object.keys(r)))]
  const jsonColumns = new Set(
    (
      await sql<{ name: string }>`
        select attname as name from pg_attribute
        where attrelid = ${table}::regclass and attnum > 0 and not attisdropped
          and atttypid in ('json'::regtype, 'jsonb'::regtype)`.execute(db)
    ).rows.map(r => r.name),
  )
  const embedded = columns.filter(c => jsonColumns.has(c))
  const list = sql.join(columns.map(c => sql.ref(c)))
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const batch = rows.slice(i, i + ROWS_PER_STATEMENT)
    const payload =
      embedded.length === 0
        ? batch
        : batch.map(r => {
            const copy = { ...r }
            // JSON text for a json column would arrive as a JSON string scalar: embed the document itself.
            for (const c of embedded) if (typeof copy[c] === 'string') copy[c] = JSON.parse(copy[c])
            return copy
          })
    await sql`insert into ${sql.table(table)} (${list})
      select ${list} from json_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(payload)}::json)
      ${options.skipConflicts === true ? sql`on conflict do nothing` : sql``}`.execute(db)
  }
}

/** Large enough to amortise a statement, small enough to keep each JSON document to a few MiB. */
const ROWS_PER_STATEMENT = 5000

/**
 * Skips foreign-key checks and per-row triggers for the rest of the current transaction when the seed runs as a
 * superuser (always on PGlite; usually for a local PostgreSQL), which roughly halves the cost of each inserted row.
 * Safe only because the seed builds every reference from ids it has just read or written, and because callers
 * apply the effect of the one row trigger (subject_event → subject_due, migration 0004) themselves, set-based
 * (see applyEventDueDates). Any other role keeps the checks and triggers; the result is the same, only slower.
 */
export async function skipRowChecksIfPermitted(trx: Kysely<DB>): Promise<boolean> {
  const role = await sql<{ superuser: string }>`select current_setting('is_superuser') as superuser`.execute(trx)
  if (role.rows[0]?.superuser !== 'on') return false
  await sql`set local session_replication_role = replica`.execute(trx)
  return true
}

/**
 * The set-based equivalent of the subject_event → subject_due trigger (migration 0004, vigil_subject_event_due)
 * over every event in the table, for a seed that loaded events with row triggers skipped. Seed only: it assumes the
 * register held no events before the seed. Idempotent, so it is also correct when the trigger did run (a role
 * without the right to skip it): the earliest qualifying event wins, exactly as applying the rows one by one.
 */
export async function applyEventDueDates(db: Kysely<DB>): Promise<void> {
  // Notifications: the latest one is the last notified date (the trigger keeps the greatest).
  await sql`
    insert into subject_due (subject_id, review_due, review_reason, last_notified_on, updated_at)
    select s.id, s.registered_on + cfg.initial_assessment_days, 'initial assessment', n.notified_on, now()
    from risk_visit_setting cfg
    join (
      select e.subject_id, max(e.occurred_on) as notified_on
      from subject_event e, risk_visit_setting c
      where c.id = 1 and e.kind = any(c.notification_kinds)
      group by e.subject_id
    ) n on true
    join subject s on s.id = n.subject_id
    where cfg.id = 1
    on conflict (subject_id) do update
      set last_notified_on = greatest(subject_due.last_notified_on, excluded.last_notified_on), updated_at = now()`.execute(
    db,
  )
  // Review triggers: an event on or after registration, and after the last assessment when there is one, brings the
  // review forward to event + event_review_days; a subject without a row is first due from registration.
  await sql`
    with cfg as (select * from risk_visit_setting where id = 1),
    q as (
      select e.subject_id, min(e.occurred_on + cfg.event_review_days) as event_due,
        s.registered_on + cfg.initial_assessment_days as initial_due, (d.subject_id is not null) as existing
      from subject_event e
      cross join cfg
      join subject s on s.id = e.subject_id
      left join subject_due d on d.subject_id = e.subject_id
      where e.kind = any(cfg.trigger_kinds) and e.occurred_on >= s.registered_on
        and (d.last_assessed_on is null or e.occurred_on > d.last_assessed_on)
      group by e.subject_id, s.registered_on, cfg.initial_assessment_days, d.subject_id
    ),
    updated as (
      update subject_due d
      set review_due = least(d.review_due, q.event_due),
        review_reason = case when q.event_due < d.review_due then 'change of circumstances' else d.review_reason end,
        updated_at = now()
      from q
      where q.existing and d.subject_id = q.subject_id
    )
    insert into subject_due (subject_id, review_due, review_reason, updated_at)
    select q.subject_id, least(q.initial_due, q.event_due),
      case when q.event_due < q.initial_due then 'change of circumstances' else 'initial assessment' end, now()
    from q
    where not q.existing`.execute(db)
}
