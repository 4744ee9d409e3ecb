/**
 * Governance benchmark (issue 5): the overdue dashboard query and GET /api/v1/governance/overdue on a seeded
 * register with five years of visit history. Defaults: 100,000 subjects on PostgreSQL (BENCH_DATABASE_URL,
 * default postgres://postgres@127.0.0.1:5432/postgres; a throwaway database) and 4,400 on PGlite.
 * Usage: npm run bench:governance -- [--pg-subjects 100000] [--pglite-subjects 4400] [--runs 100] [--engines postgres,pglite]
 * Target: p95 ≤ 200 ms on PostgreSQL at 100,000 subjects.
 */
import { Temporal } from 'temporal-polyfill'
import { loadConfig } from '../src/config.ts'
import type { Clock } from '../src/domain/clock.ts'
import { migrateToLatest } from '../src/data/migrate.ts'
import { SecretBox } from '../src/services/auth/secretBox.ts'
import { createServices } from '../src/app/composition.ts'
import { seedDatabase } from '../src/seed/seed.ts'
import { createApp } from '../src/app/httpApp.ts'
import { argValue, mib, peakMemorySampler, percentile, throwawayDatabase } from './support.ts'

const engines = argValue('--engines', 'postgres,pglite').split(',')
const runs = Number(argValue('--runs', '100'))
const clock: Clock = { now: () => Temporal.Instant.from('2026-11-23T10:00:00Z') }

async function measure(label: string, fn: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 5; i++) await fn()
  const times: number[] = []
  const started = performance.now()
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    await fn()
    times.push(performance.now() - t0)
  }
  const seconds = (performance.now() - started) / 1000
  console.log(
    `  ${label.padEnd(44)} p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, ` +
      `${(runs / seconds).toFixed(1)} req/s`,
  )
}

async function run(engine: string, subjects: number): Promise<void> {
  const { database, drop: cleanup } = await throwawayDatabase(engine)
  const memory = peakMemorySampler()
  try {
    await migrateToLatest(database)
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      SHARED_DATA_DIR: process.env.SHARED_DATA_DIR ?? '../shared/data',
    })
    const box = new SecretBox(config.sessionSecret)
    const seeded = performance.now()
    await seedDatabase(database, {
      subjects,
      seed: 2026,
      today: Temporal.PlainDate.from('2026-11-23'),
      passwordHash: 'not-a-real-hash',
      sealSecret: secret => box.seal(secret),
      sharedDataDir: config.sharedDataDir,
    })
    const counts = await database.db
      .selectFrom('visit')
      .select(database.db.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    console.log(
      `${engine} N=${subjects}: seeded in ${((performance.now() - seeded) / 1000).toFixed(1)} s with ${counts.n} visits`,
    )
    const services = createServices(database, clock, config)
    const app = await createApp(services, config, { logger: false })
    await app.ready()
    const head = await database.db
      .selectFrom('staff')
      .select(['id', 'username', 'display_name as displayName', 'role', 'team_id as teamId', 'agency'])
      .where('username', '=', 'demo.head')
      .executeTakeFirstOrThrow()
    const actor = { ...head, correlationId: 'bench' }
    const p = await services.governance.parameters()
    const { overdueCounts } = await import('../src/data/governance/governanceRepository.ts')
    await measure('overdue query, force by district (SQL only)', () =>
      overdueCounts(database.db, p, { level: 'force' }, 'district'),
    )
    await measure('dashboard service, force by officer (+audit)', () =>
      services.governance.dashboard(actor, { groupBy: 'officer' }),
    )
    const token = await services.auth.createApiToken('demo.head')
    for (const groupBy of ['force', 'district', 'team', 'officer']) {
      await measure(`GET /api/v1/governance/overdue?groupBy=${groupBy}`, async () => {
        const res = await app.inject({
          method: 'GET',
          url: `/api/v1/governance/overdue?groupBy=${groupBy}`,
          headers: { authorization: `Bearer ${token}` },
        })
        if (res.statusCode !== 200) throw new Error(`API answered ${res.statusCode}: ${res.body}`)
      })
    }
    await measure('drill-down list, force overdue visits page 1', () =>
      services.governance.list(actor, { measure: 'visits', cell: 'overdue' }),
    )
    await app.close()
  } finally {
    console.log(`  peak rss ${mib(memory.stop())}`)
    await cleanup()
  }
}

for (const engine of engines) {
  await run(
    engine,
    Number(
      argValue(
        engine === 'postgres' ? '--pg-subjects' : '--pglite-subjects',
        engine === 'postgres' ? '100000' : '4400',
      ),
    ),
  )
}
