import { sql, type Kysely } from 'kysely'

/**
 * Online child abuse referrals (issue 14): intake with account identifiers and upload times, KIRAT-style triage and
 * its deadlines, development to warrant stage, the record of execution, safeguarding referrals to partner agencies
 * with their acknowledgement, and transfers to and from other forces. Partner sharing of subjects (`disclosure`)
 * gains acknowledgement and who revoked it, as every kind of share does.
 * One statement per entry: PGlite's extended protocol runs one statement at a time.
 */
const statements = [
  `create sequence ocait_referral_reference_seq`,
  `create table ocait_referral (
    id uuid primary key default gen_random_uuid(),
    reference text not null unique,
    owning_team_id uuid not null references team(id),
    officer_id uuid references staff(id),
    source text not null check (source in ('national','other-force','proactive','other')),
    source_reference text,
    other_force text,
    received_at timestamptz not null,
    platform text,
    images_a integer not null default 0 check (images_a >= 0),
    images_b integer not null default 0 check (images_b >= 0),
    images_c integer not null default 0 check (images_c >= 0),
    summary text not null,
    suspect_given_name text,
    suspect_family_name text,
    suspect_date_of_birth date,
    suspect_postcode text,
    suspect_person_id uuid references person(id),
    suspect_linked_by uuid references staff(id),
    suspect_linked_at timestamptz,
    status text not null default 'awaiting-triage'
      check (status in ('awaiting-triage','in-development','ready-for-warrant','actioned','transferred','closed')),
    grade text check (grade in ('low','medium','high','very_high')),
    triage jsonb,
    triaged_at timestamptz,
    triaged_by uuid references staff(id),
    triage_due_at timestamptz not null,
    triage_overdue_alerted_at timestamptz,
    action_due_at timestamptz,
    action_overdue_alerted_at timestamptz,
    actioned_at timestamptz,
    action_kind text,
    development jsonb not null default '{}',
    warrant_pack_first_at timestamptz,
    executed_on date,
    execution jsonb,
    arrested_on date,
    created_at timestamptz not null,
    created_by uuid not null references staff(id),
    updated_at timestamptz not null,
    version integer not null default 1
  )`,
  `create index ocait_referral_team_idx on ocait_referral(owning_team_id, status, received_at)`,
  `create index ocait_referral_action_due_idx on ocait_referral(action_due_at) where actioned_at is null`,
  `create index ocait_referral_triage_due_idx on ocait_referral(triage_due_at) where triaged_at is null`,
  `create index ocait_referral_suspect_idx on ocait_referral(suspect_person_id)`,
  `create table ocait_account (
    id uuid primary key default gen_random_uuid(),
    referral_id uuid not null references ocait_referral(id),
    position integer not null,
    platform text not null,
    kind text not null check (kind in ('username','email','phone','account-id','other')),
    value text not null
  )`,
  `create index ocait_account_referral_idx on ocait_account(referral_id, position)`,
  `create index ocait_account_value_idx on ocait_account(lower(value))`,
  `create table ocait_upload (
    id uuid primary key default gen_random_uuid(),
    referral_id uuid not null references ocait_referral(id),
    position integer not null,
    ip text not null,
    uploaded_at timestamptz not null,
    reported_time text not null,
    reported_zone text not null
  )`,
  `create index ocait_upload_referral_idx on ocait_upload(referral_id, position)`,
  `create table ocait_safeguarding_referral (
    id uuid primary key default gen_random_uuid(),
    referral_id uuid not null references ocait_referral(id),
    kind text not null check (kind in ('childrens-social-care','lado','school')),
    agency text not null,
    content jsonb not null,
    purpose text not null,
    sent_at timestamptz not null,
    sent_by uuid not null references staff(id),
    acknowledged_at timestamptz,
    acknowledged_by uuid references staff(id),
    acknowledgement_note text,
    chased_at timestamptz,
    escalated_at timestamptz,
    revoked_at timestamptz,
    revoked_by uuid references staff(id),
    revocation_reason text
  )`,
  `create index ocait_safeguarding_referral_idx on ocait_safeguarding_referral(referral_id, sent_at)`,
  `create index ocait_safeguarding_agency_idx on ocait_safeguarding_referral(agency, sent_at)`,
  `create index ocait_safeguarding_open_idx on ocait_safeguarding_referral(sent_at)
    where acknowledged_at is null and revoked_at is null`,
  `create table ocait_transfer (
    id uuid primary key default gen_random_uuid(),
    referral_id uuid not null references ocait_referral(id),
    direction text not null check (direction in ('sent','received')),
    force text not null,
    reason text not null,
    recorded_at timestamptz not null,
    recorded_by uuid not null references staff(id),
    decision text check (decision in ('accepted','declined')),
    decided_at timestamptz,
    decided_by uuid references staff(id),
    decision_note text
  )`,
  `create index ocait_transfer_referral_idx on ocait_transfer(referral_id, recorded_at)`,
  /* Every kind of share gains acknowledgement by the partner and who revoked it (issue 14 item 4). */
  `alter table disclosure add column acknowledged_at timestamptz`,
  `alter table disclosure add column acknowledged_by uuid references staff(id)`,
  `alter table disclosure add column revoked_by uuid references staff(id)`,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    'alter table disclosure drop column if exists revoked_by',
    'alter table disclosure drop column if exists acknowledged_by',
    'alter table disclosure drop column if exists acknowledged_at',
    'drop table if exists ocait_transfer',
    'drop table if exists ocait_safeguarding_referral',
    'drop table if exists ocait_upload',
    'drop table if exists ocait_account',
    'drop table if exists ocait_referral',
    'drop sequence if exists ocait_referral_reference_seq',
  ]) {
    await sql.raw(statement).execute(db)
  }
}
