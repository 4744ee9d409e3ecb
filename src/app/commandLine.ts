import { loadConfig, type Config } from '../config.ts'
import { systemClock } from '../domain/clock.ts'
import { openDatabase, type Database } from '../data/database.ts'
import { migrateToLatest } from '../data/migrate.ts'
import { createServices, type Services } from './composition.ts'
import { openMigratedDatabase } from './bootstrap.ts'

/**
 * What a CLI command runs inside: the configuration, the migrated database and the services built the one way the
 * server builds them. The database is closed when the command's work ends, however it ends.
 */
export async function withServices<T>(
  work: (system: { services: Services; database: Database; config: Config }) => Promise<T>,
): Promise<T> {
  const config = loadConfig()
  const database = await openMigratedDatabase(config)
  try {
    return await work({ services: createServices(database, systemClock, config), database, config })
  } finally {
    await database.close()
  }
}

/** `vigil migrate`: brings the configured database up to date and names the migrations applied. */
export async function migrateConfiguredDatabase(): Promise<string[]> {
  const database = await openDatabase(loadConfig().database)
  try {
    return await migrateToLatest(database)
  } finally {
    await database.close()
  }
}
