import type { Config } from '../config.ts'
import { systemClock, todayIn, type Clock } from '../domain/clock.ts'
import { openDatabase, type Database } from '../data/database.ts'
import { migrateToLatest } from '../data/migrate.ts'
import { hashPassword } from '../services/auth/passwords.ts'
import { SecretBox } from '../services/auth/secretBox.ts'
import type { SeedResult } from '../seed/seed.ts'

/** Opens the configured database and brings its schema up to date. */
export async function openMigratedDatabase(config: Config): Promise<Database> {
  const database = await openDatabase(config.database)
  try {
    await migrateToLatest(database)
  } catch (error) {
    await database.close()
    throw error
  }
  return database
}

/** Seeds synthetic demo data when the register is empty and seeding on start is enabled (never by default in production). */
export async function seedIfEmpty(
  database: Database,
  config: Config,
  clock: Clock = systemClock,
): Promise<SeedResult | null> {
  if (!config.seed.onStart) return null
  const staff = await database.db
    .selectFrom('staff')
    .select(database.db.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  if (staff.n > 0) return null
  const box = new SecretBox(config.sessionSecret)
  // Loaded only when seeding, so production start-up never loads the synthetic-data generator.
  const { seedDatabase } = await import('../seed/seed.ts')
  return seedDatabase(database, {
    subjects: config.seed.subjects,
    seed: config.seed.seed,
    today: todayIn(clock),
    passwordHash: await hashPassword(config.seed.demoPassword),
    sealSecret: secret => box.seal(secret),
    sharedDataDir: config.sharedDataDir,
  })
}
