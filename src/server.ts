import { ConfigError, DEFAULT_DEMO_PASSWORD, loadConfig, type Config } from './config.ts'
import { systemClock } from './domain/clock.ts'
import { openMigratedDatabase, seedIfEmpty } from './app/bootstrap.ts'
import { createServices } from './app/composition.ts'
import { createApp } from './app/httpApp.ts'

/** `npm start`: migrate, seed an empty register with synthetic data (not in production), serve. */
async function main(): Promise<void> {
  let config: Config
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message)
      process.exit(1)
    }
    throw error
  }
  const started = performance.now()
  const database = await openMigratedDatabase(config)
  const where = config.database.engine === 'postgres' ? 'PostgreSQL' : `PGlite in ${config.database.dir}`
  const seeded = await seedIfEmpty(database, config)
  if (seeded) console.log(`Seeded ${seeded.subjects} synthetic subjects and ${seeded.staff} staff into ${where}.`)

  const app = await createApp(createServices(database, systemClock, config), config)
  await app.listen({ port: config.port, host: config.host })
  console.log(
    `Vigil is running on ${where}: http://localhost:${config.port} (ready in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
  )
  if (!config.production) {
    const demo = await database.db
      .selectFrom('staff')
      .select(['username', 'role'])
      .where('username', 'like', 'demo.%')
      .orderBy('username')
      .execute()
    if (demo.length > 0) {
      const password =
        config.seed.demoPassword === DEFAULT_DEMO_PASSWORD ? DEFAULT_DEMO_PASSWORD : '(the DEMO_PASSWORD you set)'
      console.log(`Demo accounts (password: ${password}):`)
      for (const d of demo) console.log(`  ${d.username.padEnd(20)} ${d.role}`)
    }
  }

  const shutdown = async (signal: string) => {
    console.log(`${signal}: closing`)
    await app.close()
    await database.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void shutdown('SIGINT'))
  process.once('SIGTERM', () => void shutdown('SIGTERM'))
}

await main()
