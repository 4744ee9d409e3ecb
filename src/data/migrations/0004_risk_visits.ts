import { sql, type Kysely } from 'kysely'

/**
 * Risk assessment, home visits, governance and allocation (issue 5).
 *
 * Design choice for the governance dashboards: every subject's "next visit due", "risk review due" and "last
 * periodic notification" are kept in `subject_due`, maintained in the same transaction as each visit,
 * assessment, override or allocation (services/risk, services/visits) and, for timeline events written by other
 * capabilities (change of address, breach, arrest, notification…), by a trigger on `subject_event`. Counting
 * overdue work at 100,000 subjects is then one scan of two narrow tables instead of a lateral search through five
 * years of visit history for every subject, and the dashboard, drill-down and API all read the same columns.
 * A subject with no row yet (just registered) is due from its registration date (see governanceRepository).
 */
const statements = [
  /* One row of settings the database itself needs (the trigger); the rest are config objects in the domain. */
  `create table risk_visit_setting (
    id integer primary key check (id = 1),
    initial_assessment_days integer not null check (initial_assessment_days > 0),
    periodic_review_months integer not null check (periodic_review_months > 0),
    event_review_days integer not null check (event_review_days >= 0),
    trigger_kinds text[] not null,
    first_visit_days integer not null check (first_visit_days > 0),
    notification_kinds text[] not null,
    periodic_notification_months integer not null check (periodic_notification_months > 0),
    updated_at timestamptz not null default now()
  )`,
  `insert into risk_visit_setting values (1, 28, 12, 14,
    array['change-of-home-address','association-with-child','new-relationship','breach','arrest','new-intelligence','risk-review-requested'],
    28, array['notification'], 12, now())`,
  `create table static_risk_score (
    id uuid primary key default gen_random_uuid(),
    subject_id uuid not null references subject(id),
    tool text not null,
    version text not null,
    score integer not null,
    category text not null check (category in ('low','medium','high','very_high')),
    assessed_on date not null,
    details jsonb not null default '{}',
    recorded_by uuid references staff(id),
    recorded_at timestamptz not null
  )`,
  `create index static_risk_score_subject_idx on static_risk_score(subject_id, assessed_on)`,
  `create table arms_assessment (
    id uuid primary key default gen_random_uuid(),
    subject_id uuid not null references subject(id),
    author_id uuid not null references staff(id),
    assessed_on date not null,
    factors jsonb not null,
    static_score_id uuid references static_risk_score(id),
    professional_judgement jsonb,
    derived_level text not null check (derived_level in ('low','medium','high','very_high')),
    level text not null check (level in ('low','medium','high','very_high')),
    explanation jsonb not null default '[]',
    countersigned_by uuid references staff(id),
    countersigned_on date,
    countersigned_at timestamptz,
    countersign_comments text,
    created_at timestamptz not null,
    check ((countersigned_by is null) = (countersigned_on is null)),
    check (countersigned_by is null or countersigned_by <> author_id)
  )`,
  `create index arms_assessment_subject_idx on arms_assessment(subject_id, assessed_on desc)`,
  `create index arms_assessment_awaiting_idx on arms_assessment(subject_id) where countersigned_by is null`,
  `create table risk_plan_action (
    id uuid primary key default gen_random_uuid(),
    assessment_id uuid not null references arms_assessment(id),
    subject_id uuid not null references subject(id),
    description text not null,
    owner_id uuid not null references staff(id),
    due_on date not null,
    completed_on date
  )`,
  `create index risk_plan_action_assessment_idx on risk_plan_action(assessment_id)`,
  `create index risk_plan_action_open_idx on risk_plan_action(owner_id, due_on) where completed_on is null`,
  /* The officer's visit plan: a frequency override (needs a reason and a supervisor's approval) and reactive management. */
  `create table visit_plan (
    subject_id uuid primary key references subject(id),
    override_months integer check (override_months between 1 and 24),
    override_reason text,
    override_for_level text check (override_for_level in ('low','medium','high','very_high')),
    override_requested_by uuid references staff(id),
    override_requested_at timestamptz,
    override_approved_by uuid references staff(id),
    override_approved_at timestamptz,
    reactive_since date,
    reactive_reason text,
    updated_at timestamptz not null,
    check (override_months is null or (override_reason is not null and override_requested_by is not null and override_for_level is not null)),
    check (override_approved_by is null or override_approved_by <> override_requested_by)
  )`,
  `create index visit_plan_pending_override_idx on visit_plan(subject_id) where override_months is not null and override_approved_by is null`,
  `create table visit (
    id uuid primary key default gen_random_uuid(),
    subject_id uuid not null references subject(id),
    kind text not null check (kind in ('planned','unannounced')),
    visited_at timestamptz not null,
    officer_1_id uuid not null references staff(id),
    officer_2_id uuid not null references staff(id),
    outcome text not null check (outcome in ('seen','not at home','access refused','address not occupied')),
    checks text[] not null default '{}',
    findings text not null,
    follow_ups jsonb not null default '[]',
    recorded_by uuid references staff(id),
    recorded_at timestamptz not null,
    check (officer_1_id <> officer_2_id)
  )`,
  `create index visit_subject_idx on visit(subject_id, visited_at desc)`,
  /* Maintained due dates per subject (see the note at the top). */
  `create table subject_due (
    subject_id uuid primary key references subject(id),
    interval_months integer,
    interval_source text,
    last_completed_visit_on date,
    next_visit_due date,
    last_assessed_on date,
    review_due date not null,
    review_reason text not null,
    last_notified_on date,
    updated_at timestamptz not null
  )`,
  `create index subject_due_visit_idx on subject_due(next_visit_due)`,
  `create index subject_due_review_idx on subject_due(review_due)`,
  /* Daily counts for trends ("overdue visits down 81% since January"). */
  `create table governance_snapshot (
    taken_on date not null,
    group_by text not null check (group_by in ('force','district','team','officer')),
    group_key text not null,
    group_label text not null,
    measure text not null check (measure in ('visits','reviews','notifications')),
    overdue_1_7 integer not null,
    overdue_8_28 integer not null,
    overdue_29_90 integer not null,
    overdue_over_90 integer not null,
    overdue integer not null,
    due_14 integer not null,
    due_28 integer not null,
    taken_at timestamptz not null,
    primary key (taken_on, group_by, group_key, measure)
  )`,
  `create index governance_snapshot_series_idx on governance_snapshot(group_by, group_key, measure, taken_on)`,
  /*
   * A review-trigger event or a notification recorded by any capability updates the subject's due dates in the
   * same transaction. riskReviewDue's rule: an event after the last counting assessment makes the review due no
   * later than the event + event_review_days; events before registration do not count.
   */
  `create function vigil_subject_event_due() returns trigger language plpgsql as $$
  declare
    cfg risk_visit_setting%rowtype;
    registered date;
  begin
    select * into cfg from risk_visit_setting where id = 1;
    if not found then return new; end if;
    if new.kind = any(cfg.notification_kinds) then
      insert into subject_due (subject_id, review_due, review_reason, last_notified_on, updated_at)
        select s.id, s.registered_on + cfg.initial_assessment_days, 'initial assessment', new.occurred_on, now()
        from subject s where s.id = new.subject_id
      on conflict (subject_id) do update
        set last_notified_on = greatest(subject_due.last_notified_on, excluded.last_notified_on), updated_at = now();
    end if;
    if new.kind = any(cfg.trigger_kinds) then
      select registered_on into registered from subject where id = new.subject_id;
      if registered is null or new.occurred_on < registered then return new; end if;
      insert into subject_due (subject_id, review_due, review_reason, updated_at)
        values (new.subject_id,
          least(registered + cfg.initial_assessment_days, new.occurred_on + cfg.event_review_days),
          case when new.occurred_on + cfg.event_review_days < registered + cfg.initial_assessment_days
            then 'change of circumstances' else 'initial assessment' end,
          now())
      on conflict (subject_id) do update
        set review_due = least(subject_due.review_due, new.occurred_on + cfg.event_review_days),
            review_reason = case when new.occurred_on + cfg.event_review_days < subject_due.review_due
              then 'change of circumstances' else subject_due.review_reason end,
            updated_at = now()
        where subject_due.last_assessed_on is null or new.occurred_on > subject_due.last_assessed_on;
    end if;
    return new;
  end $$`,
  `create trigger subject_event_due after insert on subject_event for each row execute function vigil_subject_event_due()`,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('drop trigger if exists subject_event_due on subject_event').execute(db)
  await sql.raw('drop function if exists vigil_subject_event_due()').execute(db)
  for (const table of [
    'governance_snapshot',
    'subject_due',
    'visit',
    'visit_plan',
    'risk_plan_action',
    'arms_assessment',
    'static_risk_score',
    'risk_visit_setting',
  ]) {
    await sql.raw(`drop table if exists ${table}`).execute(db)
  }
}
