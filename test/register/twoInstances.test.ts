import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { loadConfig } from '../../src/config.ts'
import { openDatabase, type Database } from '../../src/data/database.ts'
import { createServices, type Services } from '../../src/app/composition.ts'
import { createApp } from '../../src/app/httpApp.ts'
import { createTestDatabase, testEngines } from '../support/db.ts'
import { testServices } from '../support/app.ts'
import type { TestClock } from '../support/clock.ts'
import type { Factories } from '../support/factories.ts'
import { within } from '../support/events.ts'
import { common, readEvents, signInOn } from './support.ts'
import { ifSet } from '../support/hooks.ts'

// Fan-out across instances needs a real PostgreSQL server: defined only when TEST_DATABASE_URL is set.
if (testEngines().includes('postgres')) {
  describe('two app instances on one PostgreSQL', () => {
    let databaseA: Database
    let databaseB: Database
    let drop: () => Promise<void>
    let a: { app: FastifyInstance; services: Services }
    let b: { app: FastifyInstance; services: Services; url: string }
    let clock: TestClock
    let f: Factories
    before(async () => {
      ;({ database: databaseA, drop } = await createTestDatabase('postgres'))
      const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SHARED_DATA_DIR: '../shared/data' })
      const seeded = testServices(databaseA)
      ;({ clock, f } = seeded)
      a = { app: await createApp(seeded.services, config, { logger: false }), services: seeded.services }
      await a.app.ready()
      databaseB = await openDatabase({ engine: 'postgres', url: databaseA.url ?? '' }, { poolSize: 3 })
      const servicesB = createServices(databaseB, seeded.clock, config)
      const appB = await createApp(servicesB, config, { logger: false })
      b = { app: appB, services: servicesB, url: await appB.listen({ port: 0, host: '127.0.0.1' }) }
    })
    after(async () => {
      await ifSet(b)?.app.close()
      await ifSet(a)?.app.close()
      await ifSet(databaseB)?.close()
      await ifSet(drop)?.()
    })

    async function streamOnB(username: string) {
      const session = await signInOn(b.app, b.services, clock, username)
      const latest = await b.services.alerts.latestSeq(
        (await databaseA.db.selectFrom('staff').select('id').where('username', '=', username).executeTakeFirstOrThrow())
          .id,
      )
      return { session, latest }
    }

    test('an alert raised through instance A reaches an SSE client on instance B', async () => {
      const s = await f.managedSubject({ signIn: true })
      const { session, latest } = await streamOnB(s.om.username)
      const events = readEvents(
        `${b.url}/alerts/stream`,
        { cookie: session.cookie, 'last-event-id': String(latest) },
        1,
      )
      await events.opened
      const delivered = within(events, 2000, 'delivered within 2 s')
      const result = await a.services.notifications.record(s.om, s.id, {
        kind: 'change-of-name',
        ...common,
        eventDate: '2026-11-23',
        givenName: 'Across',
        familyName: 'Instances',
      })
      const received = await delivered
      assert.equal(received.length, 1)
      assert.equal(Number(received[0]?.id), result.alerts[0]?.seq)
    })

    test('instance B re-reads after its LISTEN connection is cut, so nothing raised meanwhile is lost', async () => {
      const s = await f.managedSubject({ signIn: true })
      const { session, latest } = await streamOnB(s.om.username)
      const events = readEvents(
        `${b.url}/alerts/stream`,
        { cookie: session.cookie, 'last-event-id': String(latest) },
        2,
        15_000,
      )
      await events.opened
      // B re-reads for its clients once its LISTEN connection is back: that is the event to wait for.
      const resynced = new Promise<void>(resolve => {
        const stop = b.services.alerts.bus.onResync(() => {
          stop()
          resolve()
        })
      })
      // Cut every LISTEN session (B's and A's): the buses reconnect with back-off and resync their clients.
      // Only this suite's own database: other suites running in parallel on the same server keep theirs.
      await sql`select pg_terminate_backend(pid) from pg_stat_activity where query ilike 'listen %' and datname = current_database() and pid <> pg_backend_pid()`.execute(
        databaseA.db,
      )
      await a.services.notifications.record(s.om, s.id, {
        kind: 'change-of-name',
        ...common,
        eventDate: '2026-11-23',
        givenName: 'During',
        familyName: 'Outage',
      })
      await within(resynced, 10_000, 'instance B reconnected its LISTEN connection')
      await a.services.notifications.record(s.om, s.id, {
        kind: 'change-of-name',
        ...common,
        eventDate: '2026-11-23',
        givenName: 'After',
        familyName: 'Reconnect',
      })
      const received = await events
      assert.equal(received.length, 2)
      assert.deepEqual(
        received.map(e => e.data.kind),
        ['new-name', 'new-name'],
      )
    })
  })
}
