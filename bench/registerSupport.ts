import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { Temporal } from 'temporal-polyfill'
import { loadConfig } from '../src/config.ts'
import { openDatabase, type Database, type Engine } from '../src/data/database.ts'
import { migrateToLatest } from '../src/data/migrate.ts'
import { hashPassword } from '../src/services/auth/passwords.ts'
import { SecretBox } from '../src/services/auth/secretBox.ts'
import { seedDatabase } from '../src/seed/seed.ts'

// The register tests' sign-in helper (signInOn) uses the test password.
export const BENCH_PASSWORD = 'test-demo-password'
export const benchConfig = () => loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SHARED_DATA_DIR: '../shared/data', SIGN_IN_RATE_LIMIT: '100000' })

/** A throwaway, migrated and seeded database on either engine (PostgreSQL from BENCH_DATABASE_URL). */
export async function benchDatabase(engine: Engine, subjects: number): Promise<{ database: Database; drop: () => Promise<void> }> {
  let database: Database
  let drop: () => Promise<void>
  if (engine === 'postgres') {
    const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
    const name = `vigil_bench_${randomBytes(4).toString('hex')}`
    const admin = new pg.Client({ connectionString: adminUrl })
    await admin.connect()
    await admin.query(`create database ${name}`)
    await admin.end()
    const url = new URL(adminUrl)
    url.pathname = `/${name}`
    database = await openDatabase({ engine: 'postgres', url: url.toString() }, { poolSize: 10 })
    drop = async () => {
      await database.close()
      const cleanup = new pg.Client({ connectionString: adminUrl })
      await cleanup.connect()
      await cleanup.query(`drop database if exists ${name} with (force)`)
      await cleanup.end()
    }
  } else {
    database = await openDatabase({ engine: 'pglite', dir: null })
    drop = () => database.close()
  }
  await migrateToLatest(database)
  const config = benchConfig()
  await seedDatabase(database, {
    subjects,
    seed: 5,
    today: Temporal.Now.plainDateISO('Europe/London'),
    passwordHash: await hashPassword(BENCH_PASSWORD),
    sealSecret: secret => new SecretBox(config.sessionSecret).seal(secret),
    sharedDataDir: config.sharedDataDir,
  })
  return { database, drop }
}
