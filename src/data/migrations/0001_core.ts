import { sql, type Kysely } from 'kysely'

/**
 * The spine: districts, teams, staff and their sessions/tokens, the nominal index (people, aliases,
 * addresses, address history, households) and `subject` — a person under management.
 * One statement per entry: PGlite's extended protocol runs one statement at a time.
 */
const up_statements = [
  `create table district (
    code text primary key check (code ~ '^E0[0-9]{7}$'),
    name text not null unique,
    force_code text not null default 'GMP'
  )`,
  `create table team (
    id uuid primary key default gen_random_uuid(),
    name text not null unique,
    district_code text not null references district(code),
    station_name text not null,
    station_lat double precision not null,
    station_lon double precision not null,
    created_at timestamptz not null default now()
  )`,
  `create table staff (
    id uuid primary key default gen_random_uuid(),
    username text not null unique check (username = lower(username) and length(username) between 3 and 64),
    display_name text not null,
    email text,
    role text not null check (role in ('offender_manager','supervisor','unit_head','analyst','investigator','partner','admin','auditor')),
    team_id uuid references team(id),
    supervisor_id uuid references staff(id),
    agency text,
    collar_number text,
    accreditations text[] not null default '{}',
    capacity integer not null default 0 check (capacity >= 0),
    password_hash text not null,
    active boolean not null default true,
    last_sign_in_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create index staff_team_idx on staff(team_id)`,
  `create table user_session (
    id text primary key,
    staff_id uuid not null references staff(id),
    csrf_token text not null,
    created_at timestamptz not null,
    last_seen_at timestamptz not null,
    expires_at timestamptz not null,
    revoked_at timestamptz,
    ip text,
    user_agent text
  )`,
  `create index user_session_staff_idx on user_session(staff_id)`,
  `create table api_token (
    id uuid primary key default gen_random_uuid(),
    staff_id uuid not null references staff(id),
    name text not null,
    token_hash text not null unique,
    created_at timestamptz not null,
    last_used_at timestamptz,
    revoked_at timestamptz
  )`,
  `create table person (
    id uuid primary key default gen_random_uuid(),
    given_name text not null check (length(given_name) > 0),
    middle_names text,
    family_name text not null check (length(family_name) > 0),
    given_norm text not null,
    family_norm text not null,
    date_of_birth date,
    gender text not null default 'unknown' check (gender in ('male','female','other','unknown')),
    pnc_id text,
    ni_number text,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    version integer not null default 1
  )`,
  `create index person_family_norm_idx on person(family_norm text_pattern_ops)`,
  `create index person_given_norm_idx on person(given_norm text_pattern_ops)`,
  `create index person_dob_idx on person(date_of_birth)`,
  `create index person_pnc_idx on person(pnc_id) where pnc_id is not null`,
  `create index person_ni_idx on person(ni_number) where ni_number is not null`,
  `create table person_alias (
    id uuid primary key default gen_random_uuid(),
    person_id uuid not null references person(id),
    given_name text not null,
    family_name text not null,
    given_norm text not null,
    family_norm text not null,
    kind text not null default 'alias' check (kind in ('alias','previous','nickname','maiden')),
    created_at timestamptz not null
  )`,
  `create index person_alias_person_idx on person_alias(person_id)`,
  `create index person_alias_family_norm_idx on person_alias(family_norm text_pattern_ops)`,
  `create index person_alias_given_norm_idx on person_alias(given_norm text_pattern_ops)`,
  `create table address (
    id uuid primary key default gen_random_uuid(),
    line1 text not null,
    line2 text,
    town text not null,
    postcode text,
    lat double precision,
    lon double precision,
    district_code text references district(code),
    lsoa_code text,
    created_at timestamptz not null
  )`,
  `create index address_postcode_idx on address(postcode)`,
  `create table person_address (
    id uuid primary key default gen_random_uuid(),
    person_id uuid not null references person(id),
    address_id uuid not null references address(id),
    kind text not null check (kind in ('home','other','nfa')),
    from_date date not null,
    to_date date,
    created_at timestamptz not null,
    check (to_date is null or to_date >= from_date)
  )`,
  `create index person_address_person_idx on person_address(person_id)`,
  `create index person_address_address_idx on person_address(address_id)`,
  /* A person has at most one current home (or no-fixed-abode location) at a time. */
  `create unique index person_address_one_current_home on person_address(person_id) where to_date is null and kind in ('home','nfa')`,
  `create table household (
    id uuid primary key default gen_random_uuid(),
    address_id uuid not null references address(id),
    created_at timestamptz not null
  )`,
  `create index household_address_idx on household(address_id)`,
  `create table household_member (
    id uuid primary key default gen_random_uuid(),
    household_id uuid not null references household(id),
    person_id uuid not null references person(id),
    relationship text not null,
    from_date date not null,
    to_date date
  )`,
  `create index household_member_household_idx on household_member(household_id)`,
  `create index household_member_person_idx on household_member(person_id)`,
  `create table subject (
    id uuid primary key default gen_random_uuid(),
    reference text not null unique,
    person_id uuid not null unique references person(id),
    category text not null check (category in ('rso','rasso_suspect')),
    status text not null default 'active' check (status in ('active','in_custody','reactive','ended')),
    risk_level text check (risk_level in ('low','medium','high','very_high')),
    managing_team_id uuid not null references team(id),
    offender_manager_id uuid references staff(id),
    registered_on date not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    version integer not null default 1
  )`,
  `create index subject_om_idx on subject(offender_manager_id)`,
  `create index subject_team_idx on subject(managing_team_id)`,
  `create sequence subject_reference_seq`,
  /* A retried or double-submitted write (same actor, same key) returns the first result instead of
     writing twice. The row is written in the same transaction as the write it guards. */
  `create table idempotency_key (
    actor_id uuid not null,
    key text not null,
    created_at timestamptz not null,
    result jsonb not null,
    primary key (actor_id, key)
  )`,
  /* Append-only audit of every collection, alteration, consultation, disclosure, combination and
     erasure (Data Protection Act 2018 s.62). Each row's hash chains to the previous row's, so an
     edit, deletion or reordering breaks the chain (checked by "vigil audit verify"). */
  `create table audit_event (
    seq bigint primary key,
    occurred_at timestamptz not null,
    actor_id uuid,
    actor_username text,
    operation text not null,
    record_type text,
    record_id text,
    subject_id uuid,
    purpose text,
    recipient text,
    correlation_id text,
    outcome text not null default 'success',
    details jsonb not null default '{}',
    prev_hash text not null,
    hash text not null
  )`,
  `create index audit_event_subject_idx on audit_event(subject_id, occurred_at)`,
  `create index audit_event_actor_idx on audit_event(actor_id, occurred_at)`,
  /* One row: the head of the chain. Writers lock it (FOR UPDATE) so rows are chained in commit order. */
  `create table audit_head (
    id integer primary key check (id = 1),
    seq bigint not null,
    hash text not null
  )`,
  `insert into audit_head (id, seq, hash) values (1, 0, repeat('0', 64))`,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of up_statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'audit_head',
    'audit_event',
    'idempotency_key',
    'subject',
    'household_member',
    'household',
    'person_address',
    'address',
    'person_alias',
    'person',
    'api_token',
    'user_session',
    'staff',
    'team',
    'district',
  ]) {
    await sql.raw(`drop table if exists ${table}`).execute(db)
  }
  await sql.raw('drop sequence if exists subject_reference_seq').execute(db)
}
