import { randomBytes } from 'node:crypto'
import { after, before, describe } from 'node:test'
import pg from 'pg'
import { openDatabase, type Database, type Engine } from '../../src/data/database.ts'
import { migrateToLatest } from '../../src/data/migrate.ts'

/**
 * Repository and service suites run on PGlite always, and on PostgreSQL too whenever
 * TEST_DATABASE_URL is set (CI sets it). Each suite gets its own throwaway database, so suites
 * never see each other's data and can run in parallel.
 */
export function testEngines(): Engine[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']
}

export async function createTestDatabase(engine: Engine): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (engine === 'pglite') {
    const database = await openDatabase({ engine: 'pglite', dir: null })
    await migrateToLatest(database)
    return { database, drop: () => database.close() }
  }
  const adminUrl = process.env.TEST_DATABASE_URL
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set')
  const name = `vigil_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const database = await openDatabase({ engine: 'postgres', url: url.toString() }, { poolSize: 5 })
  await migrateToLatest(database)
  return {
    database,
    drop: async () => {
      await database.close()
      const cleanup = new pg.Client({ connectionString: adminUrl })
      await cleanup.connect()
      await cleanup.query(`drop database if exists ${name} with (force)`)
      await cleanup.end()
    },
  }
}

/** `describe` once per engine, with a migrated database ready in `ctx.database`. */
export function describeOnEachEngine(
  title: string,
  body: (ctx: { readonly database: Database; readonly engine: Engine }) => void,
): void {
  for (const engine of testEngines()) {
    describe(`${title} [${engine}]`, () => {
      let database: Database | undefined
      let drop: (() => Promise<void>) | undefined
      before(async () => {
        ;({ database, drop } = await createTestDatabase(engine))
      })
      after(async () => {
        await drop?.()
      })
      body({
        get database() {
          if (!database) throw new Error('database not ready')
          return database
        },
        engine,
      })
    })
  }
}
