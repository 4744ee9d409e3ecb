import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { PGliteDialect } from './pgliteDialect.ts'
import type { DB } from './schema.ts'

export type Engine = 'pglite' | 'postgres'

export type DatabaseTarget = { engine: 'postgres'; url: string } | { engine: 'pglite'; dir: string | null }

export interface Database {
  db: Kysely<DB>
  engine: Engine
  /** The raw PGlite instance (PGlite only): LISTEN/NOTIFY in-process. */
  pglite?: PGlite
  /** The connection string (PostgreSQL only): a dedicated LISTEN client connects with it. */
  url?: string
  close(): Promise<void>
}

// Both engines must hand back the same JavaScript values, or code that passes on one fails on the other.
// DATE stays a 'YYYY-MM-DD' string (a date of birth has no time zone); INT8 (counts) becomes a number.
const DATE_OID = 1082
const INT8_OID = 20
const NUMERIC_OID = 1700
pg.types.setTypeParser(DATE_OID, v => v)
pg.types.setTypeParser(INT8_OID, v => Number(v))
pg.types.setTypeParser(NUMERIC_OID, v => Number(v))

export async function openDatabase(target: DatabaseTarget, options: { poolSize?: number } = {}): Promise<Database> {
  if (target.engine === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: options.poolSize ?? 10 })
    // An idle connection can die under us (a failover, an administrator ending it). The pool drops it and
    // opens a new one on demand; without this handler node-postgres would crash the whole process.
    pool.on('error', error => console.warn(`PostgreSQL: an idle connection was lost (${error.message}); it will be replaced`))
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
    return { db, engine: 'postgres', url: target.url, close: () => db.destroy() }
  }
  if (target.dir) mkdirSync(target.dir, { recursive: true })
  const pglite = new PGlite({
    ...(target.dir ? { dataDir: target.dir } : {}),
    parsers: { [DATE_OID]: v => v, [INT8_OID]: v => Number(v), [NUMERIC_OID]: v => Number(v) },
  })
  await pglite.waitReady
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) })
  return {
    db,
    engine: 'pglite',
    pglite,
    close: async () => {
      await db.destroy()
      await pglite.close()
    },
  }
}
