import { sql, type Kysely } from 'kysely'

/**
 * The register (SOA 2003 Part 2): what the subject was convicted of, every notification they gave, and what each
 * notification told us (identity documents, bank and card details, foreign travel, associations), plus the
 * possible failures to comply that late or missed notifications raise. The notification requirement itself is
 * computed on read from the convictions and the notification history (src/domain/register), so it can never
 * disagree with its inputs; only the inputs the engine cannot derive are stored (review determinations, orders).
 */
const statements = [
  `create table conviction (
    id uuid primary key default gen_random_uuid(),
    subject_id uuid not null references subject(id),
    offence text not null,
    schedule3_paragraph text,
    court text not null,
    offence_date date,
    conviction_date date not null,
    sentence_date date,
    relevant_date date not null,
    disposal text not null check (disposal in ('imprisonment','life','ipp','hospital-order-restricted','hospital-order','caution','conditional-discharge','other')),
    custodial_months numeric check (custodial_months is null or custodial_months > 0),
    discharge_months integer check (discharge_months is null or discharge_months between 1 and 36),
    sentence text not null default '',
    recorded_at timestamptz not null,
    recorded_by uuid references staff(id)
  )`,
  `create index conviction_subject_idx on conviction(subject_id)`,
  /* s.91A–91F inputs the engine cannot derive from the history. One row per subject, created when first needed. */
  `create table notification_requirement (
    subject_id uuid primary key references subject(id),
    relevant_notification_on date,
    subject_to_prevention_order boolean not null default false,
    last_review_determination_on date,
    further_review_months integer,
    updated_at timestamptz not null
  )`,
  `create table notification (
    id uuid primary key default gen_random_uuid(),
    subject_id uuid not null references subject(id),
    kind text not null check (kind in ('initial','change-of-name','change-of-home-address','other-address','release-from-custody','child-household','periodic','foreign-travel','identity-documents','bank-details','association')),
    event_date date,
    notified_at timestamptz not null,
    notified_on date not null,
    taken_by uuid references staff(id),
    police_station text not null,
    no_fixed_abode boolean,
    details jsonb not null default '{}',
    deadline date,
    late boolean not null default false,
    days_late integer not null default 0 check (days_late >= 0),
    recorded_at timestamptz not null
  )`,
  `create index notification_subject_idx on notification(subject_id, notified_on)`,
  `create table identity_document (
    id uuid primary key default gen_random_uuid(),
    subject_id uuid not null references subject(id),
    notification_id uuid references notification(id),
    kind text not null check (kind in ('passport','driving-licence','identity-card','other')),
    document_number text not null,
    issuing_country text not null,
    name_on_document text not null,
    issued_on date,
    expires_on date,
    recorded_at timestamptz not null
  )`,
  `create index identity_document_subject_idx on identity_document(subject_id)`,
  /* Card numbers are never stored: only the last 4 digits (PCI DSS 3.3/3.4 truncation). Bank account numbers and
     sort codes are stored because the statute requires them, and shown in full only to authorised roles. */
  `create table financial_account (
    id uuid primary key default gen_random_uuid(),
    subject_id uuid not null references subject(id),
    notification_id uuid references notification(id),
    kind text not null check (kind in ('bank-account','debit-card','credit-card')),
    provider text not null,
    name_on_account text not null,
    sort_code text check (sort_code is null or sort_code ~ '^[0-9]{6}$'),
    account_number text check (account_number is null or account_number ~ '^[0-9]{8}$'),
    card_last4 text check (card_last4 is null or card_last4 ~ '^[0-9]{4}$'),
    card_expiry text check (card_expiry is null or card_expiry ~ '^[0-9]{4}-[0-9]{2}$'),
    recorded_at timestamptz not null,
    check ((kind = 'bank-account' and account_number is not null and card_last4 is null)
        or (kind <> 'bank-account' and card_last4 is not null and account_number is null))
  )`,
  `create index financial_account_subject_idx on financial_account(subject_id)`,
  `create table foreign_travel (
    id uuid primary key default gen_random_uuid(),
    subject_id uuid not null references subject(id),
    notification_id uuid not null references notification(id),
    departure_at timestamptz not null,
    departure_point text not null,
    return_on date,
    return_point text,
    carrier text not null,
    details_known_seven_days_ahead boolean not null,
    reasonable_excuse boolean not null default false,
    destinations jsonb not null,
    recorded_at timestamptz not null
  )`,
  `create index foreign_travel_subject_idx on foreign_travel(subject_id, departure_at)`,
  `create table association (
    id uuid primary key default gen_random_uuid(),
    subject_id uuid not null references subject(id),
    person_id uuid not null references person(id),
    kind text not null check (kind in ('lives-with','stays-with','associate')),
    relationship text not null,
    address_id uuid references address(id),
    from_date date not null,
    to_date date,
    notification_id uuid references notification(id),
    created_at timestamptz not null
  )`,
  `create index association_subject_idx on association(subject_id)`,
  `create table possible_failure_to_comply (
    id uuid primary key default gen_random_uuid(),
    subject_id uuid not null references subject(id),
    notification_id uuid references notification(id),
    kind text not null check (kind in ('late-notification','periodic-overdue')),
    basis text not null,
    due_on date not null,
    days_late integer not null check (days_late >= 0),
    raised_at timestamptz not null,
    status text not null default 'open' check (status in ('open','closed')),
    closed_at timestamptz,
    closed_by uuid references staff(id),
    outcome text
  )`,
  `create index ftc_subject_idx on possible_failure_to_comply(subject_id)`,
  /* The sweep raises one item per missed periodic notification, however often it runs. */
  `create unique index ftc_periodic_once on possible_failure_to_comply(subject_id, due_on) where kind = 'periodic-overdue'`,
  /* Answers to a multi-page notification journey, held server-side so that no personal data travels in URLs.
     Card numbers are truncated before a draft is saved. */
  `create table notification_draft (
    id uuid primary key default gen_random_uuid(),
    staff_id uuid not null references staff(id),
    subject_id uuid not null references subject(id),
    kind text not null,
    answers jsonb not null default '{}',
    created_at timestamptz not null,
    updated_at timestamptz not null
  )`,
  `create index notification_draft_staff_idx on notification_draft(staff_id, updated_at)`,
  `create index alert_created_idx on alert(created_at) where priority = 'high'`,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('drop index if exists alert_created_idx').execute(db)
  for (const table of [
    'notification_draft',
    'possible_failure_to_comply',
    'association',
    'foreign_travel',
    'financial_account',
    'identity_document',
    'notification',
    'notification_requirement',
    'conviction',
  ]) {
    await sql.raw(`drop table if exists ${table}`).execute(db)
  }
}
