/**
 * Notification submissions per second through the service (validation, the record change, timeline, audit, alert
 * outbox, all in one transaction), on each engine, with --concurrency submissions in flight.
 * Usage: npm run bench:notifications -- [--engines pglite,postgres] [--count 1000] [--concurrency 8]
 */
import type { Engine } from '../src/data/database.ts'
import type { Actor } from '../src/domain/access/actor.ts'
import { createServices } from '../src/app/composition.ts'
import { TestClock } from '../test/support/clock.ts'
import { benchConfig, benchDatabase } from './registerSupport.ts'
import { argValue, mib, peakMemorySampler, percentile } from './support.ts'

process.env.ALERT_SWEEP_INTERVAL_MS = '0'
const engines = argValue('--engines', 'pglite,postgres').split(',') as Engine[]
const count = Number(argValue('--count', '1000'))
const concurrency = Number(argValue('--concurrency', '8'))

for (const engine of engines) {
  const memory = peakMemorySampler()
  const { database, drop } = await benchDatabase(engine, 400)
  const clock = new TestClock(new Date().toISOString())
  const services = createServices(database, clock, benchConfig())
  const today = clock.now().toZonedDateTimeISO('Europe/London').toPlainDate()
  const subjects = await database.db
    .selectFrom('subject as s')
    .innerJoin('staff as om', 'om.id', 's.offender_manager_id')
    .select(['s.id', 'om.id as omId', 'om.username', 'om.display_name as displayName', 'om.team_id as teamId'])
    .where('s.category', '=', 'rso')
    .orderBy('s.reference')
    .execute()
  // A realistic mix: mostly periodic notifications, some changes of address (which raise alerts) and travel.
  const input = (i: number) => {
    const common = { notifiedOn: today.toString(), notifiedTime: '00:01', policeStation: 'Bench police station' }
    if (i % 5 === 0) {
      return {
        ...common,
        kind: 'change-of-home-address',
        eventDate: today.toString(),
        noFixedAbode: 'no',
        address: { line1: `${i} Bench Road`, town: 'Sale', postcode: 'M33 7AB' },
      }
    }
    if (i % 17 === 0) {
      const departure = today.add({ days: 14 }).toString()
      return {
        ...common,
        kind: 'foreign-travel',
        departureDate: departure,
        departureTime: '08:00',
        departurePoint: 'Manchester Airport',
        carrier: 'EA 1',
        destinations: [{ country: 'Spain', arrivalPoint: 'Malaga', accommodation: 'Hotel' }],
        detailsKnownSevenDaysAhead: 'yes',
      }
    }
    return { ...common, kind: 'periodic', noFixedAbode: 'no' }
  }
  const latencies: number[] = []
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++
        const s = subjects[i % subjects.length]!
        const actor: Actor = {
          id: s.omId,
          username: s.username,
          displayName: s.displayName,
          role: 'offender_manager',
          teamId: s.teamId,
          agency: null,
          correlationId: 'bench',
        }
        const t0 = performance.now()
        await services.notifications.record(actor, s.id, input(i), `bench-${i}`)
        latencies.push(performance.now() - t0)
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  console.log(
    `${engine}: ${count} notifications in ${seconds.toFixed(1)} s = ${(count / seconds).toFixed(0)}/s (concurrency ${concurrency}); ` +
      `latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms; peak rss ${mib(memory.stop())}`,
  )
  await drop()
}
process.exit(0)
