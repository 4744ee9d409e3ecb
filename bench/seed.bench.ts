/**
 * Seeding benchmark: synthetic subjects per second at national scale (N = 100,000 by default) on
 * PostgreSQL and on PGlite. Usage: npm run bench:seed -- [--subjects 100000] [--engines postgres,pglite]
 * PostgreSQL comes from BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres);
 * a throwaway database is created and dropped.
 */
import { Temporal } from 'temporal-polyfill'
import { migrateToLatest } from '../src/data/migrate.ts'
import { seedDatabase } from '../src/seed/seed.ts'
import { SecretBox } from '../src/services/auth/secretBox.ts'

const box = new SecretBox('bench-secret-bench-secret-bench-secret')
import { argValue, mib, peakMemorySampler, percentile, throwawayDatabase } from './support.ts'

const subjects = Number(argValue('--subjects', '100000'))
const engines = argValue('--engines', 'postgres,pglite').split(',')

async function run(engine: string): Promise<void> {
  const { database, drop: cleanup } = await throwawayDatabase(engine, { onDisk: true })
  await migrateToLatest(database)
  const memory = peakMemorySampler()
  const chunkTimes: number[] = []
  const stages: string[] = []
  let last = performance.now()
  const started = last
  await seedDatabase(database, {
    subjects,
    seed: 2026,
    today: Temporal.PlainDate.from('2026-11-23'),
    passwordHash: 'not-a-real-hash',
    sealSecret: secret => box.seal(secret),
    sharedDataDir: process.env.SHARED_DATA_DIR ?? '../shared/data',
    chunkSize: 2000,
    onProgress: () => {
      const now = performance.now()
      chunkTimes.push(now - last)
      last = now
    },
    onStage: (name, seconds) => {
      stages.push(`${name} ${seconds.toFixed(1)} s`)
      console.log(`  ${engine} stage ${name}: ${seconds.toFixed(1)} s`)
    },
  })
  const seconds = (performance.now() - started) / 1000
  const peak = memory.stop()
  console.log(
    `seed ${engine.padEnd(8)} N=${subjects}: ${seconds.toFixed(1)} s, ${Math.round(subjects / seconds)} subjects/s; ` +
      `per 2,000-subject chunk p50 ${percentile(chunkTimes, 50).toFixed(0)} ms, p95 ${percentile(chunkTimes, 95).toFixed(0)} ms; peak rss ${mib(peak)}` +
      `\n  stages: ${stages.join(', ')}`,
  )
  await cleanup()
}

for (const engine of engines) await run(engine)
