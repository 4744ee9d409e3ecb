import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { sql } from 'kysely'
import { openDatabase, type Database } from '../src/data/database.ts'
import { migrateToLatest } from '../src/data/migrate.ts'
import { latestModelId, loadModel, saveModel } from '../src/data/identity/identityRepository.ts'
import { personMatchFields, type PersonForMatching } from '../src/domain/identity/personRecord.ts'
import { blockingKeys } from '../src/domain/matching/blocking.ts'
import { prepareRecords } from '../src/domain/matching/recordSet.ts'
import { createRepositories } from '../src/data/index.ts'
import { likelyMatches, trainOnPeople } from '../src/services/identity/identityService.ts'
import { generatePeople } from './matching/syntheticPeople.ts'
import { argValue, mib, peakMemorySampler, percentile } from './support.ts'

/**
 * "This person may already be known" at scale: one new record checked against an indexed table of 1,000,000 people
 * on PostgreSQL (target p95 ≤ 50 ms). The people come from the matching benchmark's synthetic generator (a quarter
 * are extra records of someone already generated, with typos, nicknames and swapped dates); they and their blocking
 * keys are bulk-loaded once into their own database, which later runs reuse.
 *
 *   npm run bench:identity                                   1,000,000 people, 1,000 queries
 *   npm run bench:identity -- --people 100000 --queries 500  smaller
 *   BENCH_DATABASE_URL=postgres://… npm run bench:identity   another server (default: TEST_DATABASE_URL or local)
 */
const people = Number(argValue('--people', '1000000'))
const queries = Number(argValue('--queries', '1000'))
const adminUrl =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const dbName = `vigil_identity_bench_${people}_${queries}`
const memory = peakMemorySampler()

// The table holds the first `people` records; the last `queries` are held out and checked against it. About a
// quarter of those are another record of someone in the table, so the check's recall can be scored as well.
const generated = generatePeople(people + queries, 42)
/** Person ids carry the record's index, so a run that reuses the loaded table can still tell who is who. */
const idOf = (index: number) => `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`
const indexOf = (id: string) => parseInt(id.slice(24), 16)
/** A typo can make a date that cannot exist (19781305): the register stores no date then, and neither do the keys. */
function validDate(raw: string | undefined): string | null {
  const digits = (raw ?? '').replace(/-/g, '')
  if (!/^\d{8}$/.test(digits)) return null
  const iso = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`
  const date = new Date(`${iso}T00:00:00Z`)
  const year = Number(digits.slice(0, 4))
  return year >= 1900 && year <= 2100 && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso)
    ? iso
    : null
}

const asPerson = (row: readonly (string | undefined)[]): PersonForMatching => ({
  givenName: row[0] ?? 'Unknown',
  middleNames: null,
  familyName: row[1] ?? 'Unknown',
  dateOfBirth: validDate(row[2]),
  gender: row[3] === 'F' ? 'female' : row[3] === 'M' ? 'male' : null,
  addressLine: row[4] ?? null,
  postcode: row[5] ?? null,
  town: row[6] ?? null,
  pncId: null,
  niNumber: null,
  aliases: [],
})

const database = await openBenchDatabase()
try {
  if (!(await alreadyLoaded(database))) await load(database)
  const modelId = await latestModelId(database.db)
  const stored = modelId === undefined ? undefined : await loadModel(database.db, modelId)
  if (!stored) throw new Error('no model stored')
  await measure(database, stored.model)
} finally {
  await database.close()
}

async function openBenchDatabase(): Promise<Database> {
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  const exists = await admin.query('select 1 from pg_database where datname = $1', [dbName])
  if (exists.rowCount === 0) await admin.query(`create database ${dbName}`)
  await admin.end()
  const url = new URL(adminUrl)
  url.pathname = `/${dbName}`
  const opened = await openDatabase({ engine: 'postgres', url: url.toString() }, { poolSize: 4 })
  await migrateToLatest(opened)
  return opened
}

async function alreadyLoaded(database: Database): Promise<boolean> {
  const row = await database.db
    .selectFrom('person')
    .select(database.db.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow()
  const model = await latestModelId(database.db)
  if (Number(row.n) === people && model !== undefined) {
    console.log(`reusing ${dbName}: ${people.toLocaleString()} people already loaded`)
    return true
  }
  if (Number(row.n) > 0)
    await sql`truncate person_match_key, person_address, address, person cascade`.execute(database.db)
  return false
}

/** Bulk load with unnest (one statement per 20,000 rows); the key index is built after the rows are in. */
async function load(database: Database): Promise<void> {
  const started = performance.now()
  const { db } = database
  const at = new Date('2026-11-23T00:00:00Z')
  const ids = Array.from({ length: people }, (_, i) => idOf(i))
  const batch = 20_000
  for (let from = 0; from < people; from += batch) {
    const rows = generated.rows.slice(from, from + batch)
    const slice = ids.slice(from, from + batch)
    const addressIds = rows.map(() => randomUUID())
    const col = (f: (r: PersonForMatching) => string | null) => rows.map(r => f(asPerson(r)))
    await sql`insert into person (id, given_name, family_name, given_norm, family_norm, date_of_birth, gender, created_at, updated_at)
      select id, g, f, lower(g), lower(f), d::date, s, ${at}, ${at}
      from unnest(${slice}::uuid[], ${col(r => r.givenName)}::text[], ${col(r => r.familyName)}::text[],
                  ${col(r => r.dateOfBirth)}::text[], ${col(r => r.gender ?? 'unknown')}::text[])
        as t(id, g, f, d, s)`.execute(db)
    await sql`insert into address (id, line1, town, postcode, created_at)
      select id, l, t, p, ${at} from unnest(${addressIds}::uuid[], ${col(r => r.addressLine ?? 'Unknown')}::text[],
        ${col(r => r.town ?? 'Unknown')}::text[], ${col(r => r.postcode)}::text[]) as t(id, l, t, p)`.execute(db)
    await sql`insert into person_address (person_id, address_id, kind, from_date, created_at)
      select p, a, 'home', '2020-01-01', ${at} from unnest(${slice}::uuid[], ${addressIds}::uuid[]) as t(p, a)`.execute(
      db,
    )
  }
  const loadedPeople = performance.now()
  console.log(
    `loaded ${people.toLocaleString()} people with addresses in ${((loadedPeople - started) / 1000).toFixed(0)} s`,
  )

  // Keys are computed from one record set over everyone (the same keys personMatchKeys gives one person at a time).
  const set = prepareRecords(
    personMatchFields,
    generated.rows.slice(0, people).map(r => matchRow(r)),
  )
  await sql`alter table person_match_key drop constraint person_match_key_pkey`.execute(db)
  await sql`alter table person_match_key drop constraint person_match_key_person_id_fkey`.execute(db)
  await sql`drop index person_match_key_person_idx`.execute(db)
  let keyCount = 0
  for (let from = 0; from < people; from += batch) {
    const keys: string[] = []
    const owners: string[] = []
    for (let i = from; i < Math.min(people, from + batch); i++) {
      for (const key of blockingKeys(set, i)) {
        keys.push(key)
        owners.push(ids[i] as string)
      }
    }
    keyCount += keys.length
    await sql`insert into person_match_key (key, person_id) select * from unnest(${keys}::text[], ${owners}::uuid[])`.execute(
      db,
    )
  }
  await sql`alter table person_match_key add primary key (key, person_id)`.execute(db)
  await sql`create index person_match_key_person_idx on person_match_key(person_id)`.execute(db)
  await sql`alter table person_match_key add constraint person_match_key_person_id_fkey foreign key (person_id) references person(id) not valid`.execute(
    db,
  )
  await sql`analyze`.execute(db)
  const keyed = performance.now()
  console.log(`indexed ${keyCount.toLocaleString()} blocking keys in ${((keyed - loadedPeople) / 1000).toFixed(0)} s`)

  // Trained on a 200,000-person sample: enough for stable m and u, and the model is what any later check loads.
  const sample = generated.rows.slice(0, Math.min(people, 200_000)).map(asPerson)
  const model = trainOnPeople(sample)
  await saveModel(db, at, 'bench', sample.length, model)
  console.log(
    `trained the model on ${sample.length.toLocaleString()} people in ${((performance.now() - keyed) / 1000).toFixed(0)} s`,
  )
}

function matchRow(row: readonly (string | undefined)[]): (string | undefined)[] {
  const p = asPerson(row)
  return [
    p.givenName,
    undefined,
    p.familyName,
    p.dateOfBirth ?? undefined,
    p.gender ?? undefined,
    p.postcode ?? undefined,
    p.addressLine ?? undefined,
    p.town ?? undefined,
    undefined,
    undefined,
  ]
}

async function measure(database: Database, model: Parameters<typeof likelyMatches>[1]): Promise<void> {
  const repos = createRepositories(database.db)
  const query = (i: number) => asPerson(generated.rows[people + (i % queries)] as (string | undefined)[])
  const truth = (i: number) => generated.person[people + i] as number
  const inTable = new Set<number>()
  for (let i = 0; i < people; i++) inTable.add(generated.person[i] as number)
  for (let i = 0; i < 50; i++) await likelyMatches(repos, model, query(i))
  const times: number[] = []
  let known = 0
  let foundKnown = 0
  let unknown = 0
  let falseAlarms = 0
  const started = performance.now()
  for (let i = 0; i < queries; i++) {
    const t0 = performance.now()
    const matches = await likelyMatches(repos, model, query(i))
    times.push(performance.now() - t0)
    const hits = matches.map(m => generated.person[indexOf(m.personId)] as number)
    if (inTable.has(truth(i))) {
      known++
      if (hits.includes(truth(i))) foundKnown++
    } else {
      unknown++
      if (matches.length > 0) falseAlarms++
    }
  }
  const seconds = (performance.now() - started) / 1000
  // Four at once, as several officers would: throughput with the pool's connections busy.
  const concurrentStart = performance.now()
  let next = 0
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < queries) await likelyMatches(repos, model, query(next++))
    }),
  )
  const concurrentSeconds = (performance.now() - concurrentStart) / 1000
  console.log(
    `one new record against ${people.toLocaleString()} indexed people (PostgreSQL): ` +
      `p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms ` +
      `(target p95 ≤ 50 ms) over ${queries} held-out records`,
  )
  console.log(
    `${foundKnown} of ${known} records of someone already in the table found them (recall ${(foundKnown / Math.max(1, known)).toFixed(3)}); ` +
      `${falseAlarms} of ${unknown} people not in the table were shown a likely match`,
  )
  console.log(
    `throughput ${(queries / seconds).toFixed(0)} checks/s one at a time, ${(queries / concurrentSeconds).toFixed(0)} checks/s four at once; ` +
      `peak RSS ${mib(memory.stop())}`,
  )
}
