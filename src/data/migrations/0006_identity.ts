import { sql, type Kysely } from 'kysely'

/**
 * Identity resolution (issue 6): the blocking-key index that finds a new person's likely matches with an ordinary
 * b-tree lookup, the trained match model, the queue of possible duplicates a person decides on, and merge records
 * that say exactly what moved so a merge can be undone.
 * One statement per entry: PGlite's extended protocol runs one statement at a time.
 */
const up_statements = [
  /* One row per blocking key of a person (and of each alias), e.g. 'date of birth:1980-03-27'. The key is looked up,
     never scanned, so the primary key leads with it; the second index serves re-indexing one person. */
  `create table person_match_key (
    key text not null,
    person_id uuid not null references person(id),
    primary key (key, person_id)
  )`,
  `create index person_match_key_person_idx on person_match_key(person_id)`,
  /* Each training run is kept (the newest is used), so a reviewer's probability can be traced to the model behind it. */
  `create table identity_model (
    id serial primary key,
    trained_at timestamptz not null,
    trained_by text not null,
    people integer not null,
    model jsonb not null
  )`,
  /* A possible duplicate for a person to decide. The pair is stored smaller id first so it is queued once. */
  `create table duplicate_candidate (
    id uuid primary key default gen_random_uuid(),
    person_a_id uuid not null references person(id),
    person_b_id uuid not null references person(id),
    match_probability double precision not null check (match_probability between 0 and 1),
    explanation jsonb not null,
    model_id integer references identity_model(id),
    status text not null default 'open' check (status in ('open','confirmed','rejected')),
    found_at timestamptz not null,
    decided_by uuid references staff(id),
    decided_at timestamptz,
    reason text,
    check (person_a_id < person_b_id),
    unique (person_a_id, person_b_id)
  )`,
  `create index duplicate_candidate_open_idx on duplicate_candidate(status, match_probability desc)`,
  /* A merge: the merged person's names became aliases of the surviving person and their rows were moved. 'moved'
     lists every row id changed and its previous values, which is what unmerge puts back. */
  `create table identity_merge (
    id uuid primary key default gen_random_uuid(),
    surviving_person_id uuid not null references person(id),
    merged_person_id uuid not null references person(id),
    candidate_id uuid references duplicate_candidate(id),
    moved jsonb not null,
    decided_by uuid not null references staff(id),
    decided_at timestamptz not null,
    reason text,
    undone_by uuid references staff(id),
    undone_at timestamptz,
    check (surviving_person_id <> merged_person_id)
  )`,
  /* A person can be merged away only once at a time. */
  `create unique index identity_merge_active_idx on identity_merge(merged_person_id) where undone_at is null`,
  `create index identity_merge_surviving_idx on identity_merge(surviving_person_id)`,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of up_statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['identity_merge', 'duplicate_candidate', 'identity_model', 'person_match_key']) {
    await sql.raw(`drop table if exists ${table}`).execute(db)
  }
}
