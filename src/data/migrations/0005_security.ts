import { sql, type Kysely } from 'kysely'

/**
 * Security and accountability (issue 3): multi-factor sign-in, lockout, break-glass grants,
 * sharing with partner agencies, sensitive fields, and an audit log nobody can rewrite.
 */
const statements = [
  `alter table staff add column totp_secret text`,
  `alter table staff add column totp_enrolled_at timestamptz`,
  `alter table staff add column totp_last_step bigint`,
  `alter table staff add column failed_sign_ins integer not null default 0`,
  `alter table staff add column locked_until timestamptz`,
  `create table recovery_code (
    id uuid primary key default gen_random_uuid(),
    staff_id uuid not null references staff(id),
    code_hash text not null,
    used_at timestamptz
  )`,
  `create index recovery_code_staff_idx on recovery_code(staff_id)`,
  /* A session is "pending" between the password and the second factor: it can do nothing else. */
  `alter table user_session add column mfa_verified_at timestamptz`,
  `alter table user_session add column ended_by uuid references staff(id)`,
  `create table break_glass_grant (
    id uuid primary key default gen_random_uuid(),
    staff_id uuid not null references staff(id),
    subject_id uuid not null references subject(id),
    reason text not null,
    created_at timestamptz not null,
    expires_at timestamptz not null
  )`,
  `create index break_glass_grant_lookup_idx on break_glass_grant(staff_id, subject_id, expires_at)`,
  /* An explicit disclosure to a partner agency (DPA 2018 s.62: a disclosure is logged with its recipient). */
  `create table disclosure (
    id uuid primary key default gen_random_uuid(),
    subject_id uuid not null references subject(id),
    agency text not null,
    scope text not null check (scope in ('summary','risk','address')),
    purpose text not null,
    shared_by uuid not null references staff(id),
    shared_at timestamptz not null,
    expires_on date,
    revoked_at timestamptz
  )`,
  `create index disclosure_agency_idx on disclosure(agency, subject_id)`,
  /* Special category data (DPA 2018 s.35(8)): shown only to roles that need it. */
  `alter table subject add column health_notes text`,
  `alter table subject add column victim_notes text`,
  /* The audit log is append-only for everyone, owner included: edits and deletions raise an error.
     (A database superuser could still disable the trigger — which the hash chain then exposes.) */
  `create or replace function audit_event_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_event is append-only: % is not allowed', tg_op using errcode = '42501';
    end
  $$`,
  `create trigger audit_event_no_update before update or delete on audit_event
    for each row execute function audit_event_append_only()`,
  `create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_event_append_only()`,
  /* The least-privilege role the application should run as on PostgreSQL (README, "Security model"):
     it can read and write the register but only SELECT and INSERT on the audit log. Roles are
     cluster-wide, so a second database on the same server finds it already there. */
  `do $$ begin
    create role vigil_app nologin;
  exception when duplicate_object or unique_violation then null;
  end $$`,
  `grant usage on schema public to vigil_app`,
  `grant select, insert, update, delete on all tables in schema public to vigil_app`,
  `grant usage, select on all sequences in schema public to vigil_app`,
  `alter default privileges in schema public grant select, insert, update, delete on tables to vigil_app`,
  `alter default privileges in schema public grant usage, select on sequences to vigil_app`,
  `revoke update, delete, truncate on audit_event from vigil_app`,
  `revoke update, delete, truncate on audit_event from public`,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    'drop trigger if exists audit_event_no_truncate on audit_event',
    'drop trigger if exists audit_event_no_update on audit_event',
    'drop function if exists audit_event_append_only()',
    'alter table subject drop column if exists victim_notes',
    'alter table subject drop column if exists health_notes',
    'drop table if exists disclosure',
    'drop table if exists break_glass_grant',
    'alter table user_session drop column if exists ended_by',
    'alter table user_session drop column if exists mfa_verified_at',
    'drop table if exists recovery_code',
    'alter table staff drop column if exists locked_until',
    'alter table staff drop column if exists failed_sign_ins',
    'alter table staff drop column if exists totp_last_step',
    'alter table staff drop column if exists totp_enrolled_at',
    'alter table staff drop column if exists totp_secret',
  ]) {
    await sql.raw(statement).execute(db)
  }
}
