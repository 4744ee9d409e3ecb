import { sql, type Transaction } from 'kysely'
import type { Temporal } from 'temporal-polyfill'
import { GM_DISTRICTS } from '../domain/geography/districts.ts'
import type { Role } from '../domain/access/actor.ts'
import type { Database } from '../data/database.ts'
import type { DB } from '../data/schema.ts'
import { appendAudit } from '../data/audit/auditRepository.ts'
import { demoTotpSecret } from '../domain/auth/totp.ts'
import { loadGeography } from './geography.ts'
import { bulkInsert, skipRowChecksIfPermitted } from './bulkInsert.ts'
import { seedIdentity } from './identity.ts'
import { seedRiskVisits } from './riskVisits.ts'
import { seedRegister } from './register.ts'
import { seedOcait } from './ocait.ts'
import { SeedGenerator, createFaker, type SubjectSeedRows } from './generate.ts'

const SHARE_SCOPES = ['summary', 'risk', 'address'] as const

export interface SeedOptions {
  subjects: number
  seed: number
  today: Temporal.PlainDate
  /** One argon2id hash shared by every synthetic account (hashing 80 passwords would dominate seeding). */
  passwordHash: string
  /** Seals a TOTP secret for storage (see SecretBox); demo accounts get deterministic secrets so their codes can be printed. */
  sealSecret: (secret: string) => string
  sharedDataDir: string
  /** Subjects per transaction. */
  chunkSize?: number
  onProgress?: (done: number, total: number) => void
  /** Reports how long each capability's part of the seed took. */
  onStage?: (name: string, seconds: number) => void
}

export interface SeedResult {
  subjects: number
  staff: number
  demoAccounts: Array<{ username: string; role: string }>
}

export class RegisterNotEmpty extends Error {}

/** Deterministic synthetic data for an empty register (see generate.ts). */
export async function seedDatabase(database: Database, options: SeedOptions): Promise<SeedResult> {
  const { db } = database
  const existing = await db.selectFrom('staff').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  if (existing.n > 0) {
    throw new RegisterNotEmpty('The register already holds data; seed only an empty database (use --reset to wipe it).')
  }
  const stage = async (name: string, run: () => Promise<unknown>) => {
    const started = performance.now()
    await run()
    options.onStage?.(name, (performance.now() - started) / 1000)
  }
  const coreStarted = performance.now()
  const geography = loadGeography(options.sharedDataDir)
  const generator = new SeedGenerator(createFaker(options.seed), geography, options.today)
  generator.generateStaff()

  await db.transaction().execute(async trx => {
    await trx
      .insertInto('district')
      .values(GM_DISTRICTS.map(d => ({ code: d.code, name: d.name })))
      .execute()
    await trx.insertInto('team').values(generator.teams).execute()
    // Supervisors reference the unit head, who is created after them: insert without, then link.
    await trx
      .insertInto('staff')
      .values(
        generator.staff.map(s => ({
          ...s,
          supervisor_id: null,
          password_hash: options.passwordHash,
          totp_secret: options.sealSecret(demoTotpSecret(options.seed, s.username)),
          totp_enrolled_at: new Date(`${options.today.toString()}T00:00:00Z`),
        })),
      )
      .execute()
    for (const s of generator.staff) {
      if (s.supervisor_id)
        await trx.updateTable('staff').set({ supervisor_id: s.supervisor_id }).where('id', '=', s.id).execute()
    }
  })

  const chunk = options.chunkSize ?? 2000
  for (let done = 0; done < options.subjects; done += chunk) {
    const rows = generator.generateSubjects(Math.min(chunk, options.subjects - done))
    await db.transaction().execute(async trx => {
      // Every reference is to a row of this chunk or to staff and teams inserted above; no row triggers here.
      await skipRowChecksIfPermitted(trx)
      for (const table of [
        'person',
        'person_alias',
        'address',
        'person_address',
        'household',
        'household_member',
        'subject',
      ] as const) {
        await insertBatched(trx, table, rows[table])
      }
    })
    options.onProgress?.(Math.min(done + chunk, options.subjects), options.subjects)
  }
  await sql`select setval('subject_reference_seq', ${Math.max(options.subjects, 1)})`.execute(db)
  options.onStage?.('core (staff and subjects)', (performance.now() - coreStarted) / 1000)
  await stage('risk and visits', () => seedRiskVisits(database, { seed: options.seed, today: options.today }))
  await stage('register', () => seedRegister(database, { seed: options.seed, today: options.today }))
  await stage('identity', () => seedIdentity(database, { seed: options.seed, today: options.today }))
  await stage('disclosures', () => seedDisclosures(database, options.today))
  let ocaitAccounts: Array<{ username: string; role: Role }> = []
  await stage('online child abuse referrals', async () => {
    ocaitAccounts = await seedOcait(database, options)
  })
  await appendAudit(db, new Date(`${options.today.toString()}T00:00:00Z`), [
    {
      actorId: null,
      actorUsername: 'system',
      operation: 'collect',
      recordType: 'synthetic-seed',
      details: { subjects: options.subjects, seed: options.seed, staff: generator.staff.length },
    },
  ])
  if (database.engine === 'postgres') await stage('analyze', () => sql`analyze`.execute(db))

  return {
    subjects: options.subjects,
    staff: generator.staff.length,
    demoAccounts: generator.staff
      .filter(s => s.username.startsWith('demo.'))
      .map(s => ({ username: s.username, role: s.role }))
      .concat(ocaitAccounts),
  }
}

async function insertBatched(
  trx: Transaction<DB>,
  table: keyof SubjectSeedRows,
  rows: Array<Record<string, unknown>>,
): Promise<void> {
  await bulkInsert(trx, table, rows)
}

/**
 * A few of the Trafford team's subjects shared with the Probation Service (the demo partner's
 * agency), so the partner view has something to show: a summary for some, risk for others.
 */
async function seedDisclosures(database: Database, today: Temporal.PlainDate): Promise<void> {
  const { db } = database
  const supervisor = await db
    .selectFrom('staff')
    .select(['id', 'team_id'])
    .where('username', '=', 'demo.supervisor')
    .executeTakeFirst()
  if (!supervisor?.team_id) return
  const subjects = await db
    .selectFrom('subject')
    .select('id')
    .where('managing_team_id', '=', supervisor.team_id)
    .where('status', '=', 'active')
    .orderBy('reference', 'desc')
    .limit(6)
    .execute()
  if (subjects.length === 0) return
  const sharedAt = new Date(`${today.subtract({ days: 14 }).toString()}T10:00:00Z`)
  await db
    .insertInto('disclosure')
    .values(
      subjects.map((s, i) => ({
        subject_id: s.id,
        agency: 'Probation Service',
        scope: SHARE_SCOPES[i % SHARE_SCOPES.length] ?? 'summary',
        purpose: 'MAPPA level 2 meeting: joint risk management plan (synthetic)',
        shared_by: supervisor.id,
        shared_at: sharedAt,
        expires_on: today.add({ months: 6 }).toString(),
      })),
    )
    .execute()
}

/** Empties every table (CLI `seed --reset`), leaving the schema and the audit chain's head in place. */
export async function wipeRegister(database: Database): Promise<void> {
  await sql`truncate table subject, household_member, household, person_address, address, person_alias, person,
    api_token, user_session, staff, team, district cascade`.execute(database.db)
}
