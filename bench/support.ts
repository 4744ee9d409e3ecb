import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { openDatabase, type Database } from '../src/data/database.ts'

/** Small helpers shared by the benchmarks: percentiles and a peak-memory sampler. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[index]!
}

export function peakMemorySampler(intervalMs = 100): { stop: () => number } {
  let peak = process.memoryUsage().rss
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, intervalMs)
  return {
    stop: () => {
      clearInterval(timer)
      return Math.max(peak, process.memoryUsage().rss)
    },
  }
}

export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`

export function argValue(name: string, fallback: string): string {
  const i = process.argv.indexOf(name)
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback
}

/**
 * A throwaway database for one benchmark run: PostgreSQL (a new database on BENCH_DATABASE_URL's
 * server, dropped afterwards) or PGlite (in memory, or in a temporary folder when `onDisk`, which is
 * what `npm start` uses).
 */
export async function throwawayDatabase(
  engine: string,
  options: { onDisk?: boolean; poolSize?: number } = {},
): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (engine !== 'postgres') {
    const dir = options.onDisk ? mkdtempSync(join(tmpdir(), 'vigil-bench-')) : null
    const database = await openDatabase({ engine: 'pglite', dir })
    return {
      database,
      drop: async () => {
        await database.close()
        if (dir) rmSync(dir, { recursive: true, force: true })
      },
    }
  }
  const adminUrl =
    process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  const name = `vigil_bench_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const database = await openDatabase({ engine: 'postgres', url: url.toString() }, { poolSize: options.poolSize ?? 10 })
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
