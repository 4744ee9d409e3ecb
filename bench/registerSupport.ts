import { Temporal } from 'temporal-polyfill'
import { loadConfig } from '../src/config.ts'
import type { Database, Engine } from '../src/data/database.ts'
import { migrateToLatest } from '../src/data/migrate.ts'
import { hashPassword } from '../src/services/auth/passwords.ts'
import { SecretBox } from '../src/services/auth/secretBox.ts'
import { seedDatabase } from '../src/seed/seed.ts'
import { throwawayDatabase } from './support.ts'

// The register tests' sign-in helper (signInOn) uses the test password.
export const BENCH_PASSWORD = 'test-demo-password'
export const benchConfig = () =>
  loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SHARED_DATA_DIR: '../shared/data', SIGN_IN_RATE_LIMIT: '100000' })

/** A throwaway, migrated and seeded database on either engine (PostgreSQL from BENCH_DATABASE_URL). */
export async function benchDatabase(
  engine: Engine,
  subjects: number,
): Promise<{ database: Database; drop: () => Promise<void> }> {
  const { database, drop } = await throwawayDatabase(engine)
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
