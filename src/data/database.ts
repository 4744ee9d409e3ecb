import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely'
import pg from 'pg'
import { ServiceUnavailable } from '../domain/errors.ts'
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
const DATE_OID = pg.types.builtins.DATE
const INT8_OID = pg.types.builtins.INT8
const NUMERIC_OID = pg.types.builtins.NUMERIC
pg.types.setTypeParser(DATE_OID, v => v)
pg.types.setTypeParser(INT8_OID, v => Number(v))
pg.types.setTypeParser(NUMERIC_OID, v => Number(v))

/**
 * SQLSTATEs and driver messages that mean the connection to PostgreSQL is gone or cannot be made: the server ended
 * the session (57P01 admin shutdown, 57P02 crash, 57P03 not accepting connections yet) or the connection failed
 * (class 08). The request cannot complete; the next one gets a fresh connection.
 */
const CONNECTION_LOST_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
])
const CONNECTION_LOST_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'timeout exceeded when trying to connect',
]

export function isConnectionLoss(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string' && CONNECTION_LOST_CODES.has(code)) return true
  return CONNECTION_LOST_MESSAGES.some(m => error.message.startsWith(m))
}

/** Connection loss becomes the domain's ServiceUnavailable (a 503 to the user); every other error passes unchanged. */
function translated(error: unknown): unknown {
  return isConnectionLoss(error) && !(error instanceof ServiceUnavailable) ? new ServiceUnavailable() : error
}

/**
 * A statement that may run again on another connection when the first statement of a checkout finds its
 * connection already dead: reads and BEGIN change nothing, so nothing can have been done twice.
 */
const REROUTABLE = /^\s*(select|begin|start transaction)\b/i

/**
 * The pool as Kysely sees it: the same clients, with two differences.
 * - A dead idle connection is discarded instead of failing a request: after PostgreSQL ends the pool's
 *   sessions, the pool may hand out a client that has not yet read its termination notice. If the first
 *   statement of a checkout is a read or BEGIN and fails for that reason, it runs on another connection.
 * - Any other query or checkout that fails because the connection is gone rejects with ServiceUnavailable
 *   instead of a driver error, so every layer above sees one domain error (a 503 to the user).
 * (No cursor is configured, so Kysely only ever calls query(text, values).)
 */
function translatingPool(pool: pg.Pool, attempts: number): PostgresPool {
  const acquire = async (): Promise<pg.PoolClient> => {
    try {
      return await pool.connect()
    } catch (error) {
      throw translated(error)
    }
  }
  return {
    async connect() {
      let client = await acquire()
      let first = true
      const query = async (text: string, values: readonly unknown[]) => {
        const rerouteable = first && REROUTABLE.test(text)
        first = false
        for (let attempt = 1; ; attempt++) {
          try {
            return await client.query(text, values as unknown[])
          } catch (error) {
            if (!rerouteable || !isConnectionLoss(error) || attempt >= attempts) throw translated(error)
            // Passing the error makes the pool destroy the client rather than keep it.
            client.release(error as Error)
            client = await acquire()
          }
        }
      }
      return {
        query: query as unknown as PostgresPoolClient['query'],
        release: () => {
          client.release()
        },
      }
    },
    end: () => pool.end(),
  }
}

export async function openDatabase(target: DatabaseTarget, options: { poolSize?: number } = {}): Promise<Database> {
  if (target.engine === 'postgres') {
    const max = options.poolSize ?? 10
    const pool = new pg.Pool({ connectionString: target.url, max })
    // A connection can die under us (a failover, an administrator ending it). node-postgres emits 'error' on the
    // client, and an 'error' event nobody listens to ends the process. The pool listens only while a client is
    // idle; a client checked out by a request is on its own. So every client gets a listener the moment it
    // connects: the request's query fails (ServiceUnavailable, a 503) and the pool discards the dead client.
    pool.on('connect', client => {
      client.on('error', error => {
        console.warn(`PostgreSQL: a connection was lost (${error.message}); it will be replaced`)
      })
    })
    // An idle client's error reaches the pool too (pg-pool re-emits it); without this handler it would be unhandled.
    pool.on('error', () => undefined)
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: translatingPool(pool, max + 1) }) })
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
