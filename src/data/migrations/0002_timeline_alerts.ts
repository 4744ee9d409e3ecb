import { sql, type Kysely } from 'kysely'

/**
 * Two tables that several capabilities share:
 * - `subject_event`: everything that happens to a subject's record, in order (the timeline). Risk
 *   reviews are triggered from it (change of address, association with a child, breach, …).
 * - `alert` + `alert_recipient`: the transactional outbox of live-time alerts. An alert is
 *   inserted in the same transaction as the event that causes it, so no alert is lost and none is
 *   sent for a change that rolled back.
 */
const statements = [
  `create table subject_event (
    id uuid primary key default gen_random_uuid(),
    subject_id uuid not null references subject(id),
    kind text not null,
    occurred_on date not null,
    recorded_at timestamptz not null,
    recorded_by uuid references staff(id),
    summary text not null,
    details jsonb not null default '{}'
  )`,
  `create index subject_event_subject_idx on subject_event(subject_id, recorded_at)`,
  `create index subject_event_kind_idx on subject_event(kind, occurred_on)`,
  `create table alert (
    seq bigint generated always as identity primary key,
    id uuid not null unique default gen_random_uuid(),
    subject_id uuid references subject(id),
    kind text not null,
    priority text not null default 'normal' check (priority in ('high','normal')),
    title text not null,
    detail text not null default '',
    data jsonb not null default '{}',
    created_at timestamptz not null,
    created_by uuid references staff(id)
  )`,
  `create index alert_subject_idx on alert(subject_id)`,
  `create table alert_recipient (
    alert_seq bigint not null references alert(seq),
    staff_id uuid not null references staff(id),
    reason text not null,
    read_at timestamptz,
    acknowledged_at timestamptz,
    acknowledgement_note text,
    escalated_at timestamptz,
    primary key (alert_seq, staff_id)
  )`,
  `create index alert_recipient_staff_idx on alert_recipient(staff_id, alert_seq)`,
  `create index alert_recipient_open_idx on alert_recipient(staff_id) where acknowledged_at is null`,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['alert_recipient', 'alert', 'subject_event']) await sql.raw(`drop table if exists ${table}`).execute(db)
}
