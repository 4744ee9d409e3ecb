import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import pg from 'pg'
import { sql } from 'kysely'
import { isConnectionLoss } from '../../src/data/database.ts'
import { createDataAccess } from '../../src/data/index.ts'
import { ServiceUnavailable } from '../../src/domain/errors.ts'
import { describeOnEachEngine } from '../support/db.ts'
import { signIn, startTestApp, type TestApp } from '../support/app.ts'

const pgError = (code: string, message = 'server said no') => Object.assign(new Error(message), { code })

test('connection-loss errors are recognised by SQLSTATE and by the driver message, and nothing else is', () => {
  for (const code of ['57P01', '57P02', '57P03', '08000', '08003', '08006', 'ECONNREFUSED'])
    assert.equal(isConnectionLoss(pgError(code)), true, code)
  assert.equal(isConnectionLoss(new Error('Connection terminated unexpectedly')), true)
  assert.equal(isConnectionLoss(new Error('Client has encountered a connection error and is not queryable')), true)
  for (const code of ['23505', '40001', '22P02']) assert.equal(isConnectionLoss(pgError(code)), false, code)
  assert.equal(isConnectionLoss('57P01'), false)
})

describeOnEachEngine('a write transaction that loses a serialization race', ctx => {
  const append = (repos: ReturnType<typeof createDataAccess>['repos'], marker: string) =>
    repos.audit.append(new Date('2026-11-23T10:00:00Z'), [
      { actorId: null, actorUsername: 'retry-test', operation: 'admin', recordType: 'test', details: { marker } },
    ])
  const countMarker = async (marker: string) => {
    const row = await sql<{
      n: number
    }>`select count(*)::int as n from audit_event where details->>'marker' = ${marker}`.execute(ctx.database.db)
    return row.rows[0]?.n
  }

  test('runs once more after 40001 or 40P01, and its first attempt leaves nothing behind', async () => {
    const data = createDataAccess(ctx.database)
    for (const code of ['40001', '40P01']) {
      let attempts = 0
      const result = await data.transaction(async repos => {
        attempts++
        await append(repos, `retry-${code}`)
        if (attempts === 1) throw pgError(code, 'could not serialize access')
        return 'done'
      })
      assert.equal(result, 'done')
      assert.equal(attempts, 2)
      assert.equal(await countMarker(`retry-${code}`), 1)
    }
  })

  test('is retried only once, and other errors are not retried at all', async () => {
    const data = createDataAccess(ctx.database)
    let attempts = 0
    await assert.rejects(
      data.transaction(() => {
        attempts++
        return Promise.reject(pgError('40P01', 'deadlock detected'))
      }),
      /deadlock/,
    )
    assert.equal(attempts, 2)
    attempts = 0
    await assert.rejects(
      data.transaction(() => {
        attempts++
        return Promise.reject(pgError('23505', 'duplicate key'))
      }),
      /duplicate/,
    )
    assert.equal(attempts, 1)
  })
})

// Terminating backends needs a PostgreSQL server: these run when TEST_DATABASE_URL is set.
describe(
  'PostgreSQL ends the app’s connections while requests are in flight',
  { skip: !process.env.TEST_DATABASE_URL },
  () => {
    let t: TestApp
    let admin: pg.Client
    // Holds the lock in its own transaction: pg_stat_activity is a snapshot inside a transaction, so the client that
    // watches it must not be in one.
    let locker: pg.Client
    let lockerPid = 0
    let token = ''
    let web = { cookie: '', csrf: '' }
    let subjectId = ''

    before(async () => {
      t = await startTestApp({ engine: 'postgres', subjects: 20 })
      token = await t.services.auth.createApiToken('demo.om', 'resilience test')
      web = await signIn(t.app, 'demo.om')
      const me = await asApi('/api/v1/me')
      const om = me.json<{ id: string }>().id
      subjectId = (
        await t.database.db
          .selectFrom('subject')
          .select('id')
          .where('offender_manager_id', '=', om)
          .executeTakeFirstOrThrow()
      ).id
      admin = new pg.Client({ connectionString: t.database.url })
      await admin.connect()
      locker = new pg.Client({ connectionString: t.database.url })
      await locker.connect()
      lockerPid = (await locker.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid ?? 0
    })
    after(async () => {
      await admin.end()
      await locker.end()
      await t.close()
    })

    // inject() is lazy (it dispatches on then()): start each request now, so it is in flight before the termination.
    const send = (options: { url: string; headers: Record<string, string> }) =>
      t.app.inject({ method: 'GET', ...options }).then(response => response)
    const asApi = (url: string) => send({ url, headers: { authorization: `Bearer ${token}` } })
    const asWeb = (url: string) => send({ url, headers: { cookie: web.cookie } })

    const terminateAppBackends = () =>
      admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid not in (pg_backend_pid(), $1)',
        [lockerPid],
      )

    /** Waits (bounded) until `n` of the app's queries are blocked on a lock, i.e. hold a checked-out connection. */
    const waitForBlocked = async (n: number) => {
      for (let i = 0; i < 500; i++) {
        const { rows } = await admin.query<{ n: number }>(
          "select count(*)::int as n from pg_stat_activity where datname = current_database() and state = 'active' and wait_event_type = 'Lock'",
        )
        if ((rows[0]?.n ?? 0) >= n) return
      }
      const { rows } = await admin.query(
        'select pid, state, wait_event_type, wait_event, query from pg_stat_activity where datname = current_database()',
      )
      assert.fail(`fewer than ${String(n)} requests reached the database: ${JSON.stringify(rows)}`)
    }

    test('a query whose connection is terminated fails with ServiceUnavailable, and the process lives', async () => {
      await assert.rejects(
        t.database.db.connection().execute(async conn => {
          await sql`select 1`.execute(conn)
          await terminateAppBackends()
          // The connection is dead (PostgreSQL told the client so): this query cannot run.
          await sql`select 1`.execute(conn)
        }),
        ServiceUnavailable,
      )
      // The next query succeeds: the dead connections the pool still held are replaced, not handed out.
      const again = await sql<{ one: number }>`select 1 as one`.execute(t.database.db)
      assert.equal(again.rows[0]?.one, 1)
    })

    test('requests in flight get a 503 (problem+json with Retry-After on the API, a GOV.UK page on the web); the next succeed', async () => {
      // Block the writes every request makes first (the API token's last use, the web session's touch, written at most
      // once a minute: hence the clock), so the requests are mid-way, on checked-out connections, when their backends
      // are terminated. Reads still pass, so what fails is a write that cannot simply be run again.
      t.clock.advance({ minutes: 2 })
      await locker.query('begin')
      await locker.query('lock table api_token, user_session in share mode')
      const inFlight = [
        ...Array.from({ length: 3 }, () => asApi(`/api/v1/subjects/${subjectId}`)),
        ...Array.from({ length: 2 }, () => asWeb('/')),
      ]
      await waitForBlocked(5)
      await terminateAppBackends()
      await locker.query('commit')
      const responses = await Promise.all(inFlight)
      for (const api of responses.slice(0, 3)) {
        assert.equal(api.statusCode, 503)
        assert.match(String(api.headers['content-type']), /^application\/problem\+json/)
        assert.equal(api.headers['retry-after'], '5')
        assert.equal(api.json<{ status: number }>().status, 503)
      }
      for (const page of responses.slice(3)) {
        assert.equal(page.statusCode, 503)
        assert.match(page.body, /Sorry, the service is unavailable/)
        assert.match(page.body, /govuk-heading-l/)
      }

      const api = await asApi(`/api/v1/subjects/${subjectId}`)
      assert.equal(api.statusCode, 200)
      const page = await asWeb('/')
      assert.equal(page.statusCode, 200)
    })

    test('under repeated terminations every answer is a success or a 503, never a 500 or a crash', async () => {
      const statuses = new Map<number, number>()
      for (let round = 0; round < 5; round++) {
        const requests = Array.from({ length: 12 }, (_, i) =>
          i % 3 === 2 ? asWeb('/') : asApi(`/api/v1/subjects/${subjectId}`),
        )
        await terminateAppBackends()
        for (const r of await Promise.all(requests)) statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1)
      }
      for (const status of statuses.keys()) assert.ok(status === 200 || status === 503, `unexpected ${String(status)}`)
      const last = await asApi('/api/v1/me')
      assert.equal(last.statusCode, 200)
    })
  },
)
