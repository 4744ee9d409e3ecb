import http from 'node:http'
import type { FastifyInstance } from 'fastify'
import { Temporal } from 'temporal-polyfill'
import { loadConfig } from '../../src/config.ts'
import type { Actor } from '../../src/domain/access/actor.ts'
import type { Database } from '../../src/data/database.ts'
import { hashPassword } from '../../src/services/auth/passwords.ts'
import { SecretBox } from '../../src/services/auth/secretBox.ts'
import { createServices, type Services } from '../../src/app/composition.ts'
import { seedDatabase } from '../../src/seed/seed.ts'
import { TestClock } from '../support/clock.ts'

/** A small seeded register and services on it, for the register's service tests. */
export async function seededServices(
  database: Database,
  subjects = 40,
): Promise<{ services: Services; clock: TestClock }> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SHARED_DATA_DIR: '../shared/data' })
  await seedDatabase(database, {
    subjects,
    seed: 11,
    today: Temporal.PlainDate.from('2026-11-23'),
    passwordHash: await hashPassword('test-demo-password'),
    sealSecret: secret => new SecretBox(config.sessionSecret).seal(secret),
    sharedDataDir: config.sharedDataDir,
  })
  const clock = new TestClock('2026-11-23T10:00:00Z')
  return { services: createServices(database, clock, config), clock }
}

export async function actorFor(database: Database, staffId: string): Promise<Actor> {
  const s = await database.db.selectFrom('staff').selectAll().where('id', '=', staffId).executeTakeFirstOrThrow()
  return {
    id: s.id,
    username: s.username,
    displayName: s.display_name,
    role: s.role,
    teamId: s.team_id,
    agency: s.agency,
    correlationId: `test-${s.username}`,
  }
}

/** A subject with an offender manager who has a supervisor (a fresh one per call, so tests do not share). */
export async function managedSubject(database: Database, index = 0) {
  const rows = await database.db
    .selectFrom('subject as s')
    .innerJoin('staff as om', 'om.id', 's.offender_manager_id')
    .innerJoin('person as p', 'p.id', 's.person_id')
    .select([
      's.id',
      's.reference',
      's.person_id as personId',
      'om.id as omId',
      'om.supervisor_id as supervisorId',
      'p.date_of_birth as dob',
    ])
    .where('om.supervisor_id', 'is not', null)
    .where('s.status', '=', 'active')
    .where('s.category', '=', 'rso')
    .orderBy('s.reference')
    .execute()
  const row = rows[index]
  if (!row || !row.supervisorId) throw new Error(`no managed subject #${index}`)
  return { ...row, supervisorId: row.supervisorId, om: await actorFor(database, row.omId) }
}

export const common = { notifiedOn: '2026-11-23', notifiedTime: '09:30', policeStation: 'Trafford police station' }

export async function count(
  database: Database,
  table:
    | 'notification'
    | 'alert'
    | 'alert_recipient'
    | 'possible_failure_to_comply'
    | 'audit_event'
    | 'subject_event'
    | 'person_address'
    | 'financial_account',
) {
  const row = await database.db
    .selectFrom(table)
    .select(database.db.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return row.n
}

/**
 * Reads Server-Sent Events until `count` events arrived (or `timeoutMs` passes: an upper bound, not a wait).
 * `opened` resolves when the server has sent its "connected" comment, by which time the connection is
 * registered for live alerts, so a test can raise one without sleeping first.
 */
export function readEvents(
  url: string,
  headers: Record<string, string>,
  count: number,
  timeoutMs = 5000,
): Promise<Array<{ id: string; data: Record<string, unknown> }>> & { opened: Promise<void> } {
  let markOpened: () => void = () => undefined
  let failOpened: (error: Error) => void = () => undefined
  const opened = new Promise<void>((resolve, reject) => {
    markOpened = resolve
    failOpened = reject
  })
  const events = new Promise<Array<{ id: string; data: Record<string, unknown> }>>((resolve, reject) => {
    const events: Array<{ id: string; data: Record<string, unknown> }> = []
    const fail = (error: Error) => {
      failOpened(error)
      reject(error)
    }
    const req = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, res => {
      if (res.statusCode !== 200) {
        fail(new Error(`stream answered ${res.statusCode}`))
        return
      }
      let buffer = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        buffer += chunk
        let cut: number
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut)
          buffer = buffer.slice(cut + 2)
          if (/^: connected/m.test(block)) markOpened()
          const id = /^id: (.*)$/m.exec(block)?.[1]
          const data = /^data: (.*)$/m.exec(block)?.[1]
          if (id && data) events.push({ id, data: JSON.parse(data) as Record<string, unknown> })
          if (events.length >= count) {
            req.destroy()
            resolve(events)
          }
        }
      })
    })
    req.on('error', error => {
      if (events.length < count) fail(error)
    })
    setTimeout(() => {
      req.destroy()
      failOpened(new Error(`stream not opened within ${timeoutMs} ms`))
      resolve(events)
    }, timeoutMs).unref()
  })
  // A test that never awaits `opened` must not see an unhandled rejection from it.
  opened.catch(() => undefined)
  return Object.assign(events, { opened })
}

/** Signs in through the real forms on an app built outside startTestApp (a second instance). */
/** `advance` moves the clock on a 30-second step first, because a code is never accepted twice for one user. */
export async function signInOn(
  app: FastifyInstance,
  services: Services,
  clock: TestClock,
  username: string,
  advance = true,
): Promise<{ cookie: string }> {
  const page = await app.inject({ method: 'GET', url: '/sign-in' })
  const csrfCookie = page.cookies.find(c => c.name === 'vigil-sign-in-csrf')
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? ''
  const first = await app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { cookie: `vigil-sign-in-csrf=${csrfCookie?.value}` },
    payload: { username, password: 'test-demo-password', _csrf: token },
  })
  const pending = first.cookies.find(c => c.name === 'vigil-session')
  const codePage = await app.inject({
    method: 'GET',
    url: '/sign-in/code',
    headers: { cookie: `vigil-session=${pending?.value}` },
  })
  if (advance) clock.advance({ seconds: 30 })
  const verified = await app.inject({
    method: 'POST',
    url: '/sign-in/code',
    headers: { cookie: `vigil-session=${pending?.value}` },
    payload: {
      code: await services.auth.currentCode(username),
      _csrf: /name="_csrf" value="([^"]+)"/.exec(codePage.body)?.[1] ?? '',
    },
  })
  const session = verified.cookies.find(c => c.name === 'vigil-session')
  if (verified.statusCode !== 303 || !session) throw new Error(`sign-in failed for ${username}: ${verified.statusCode}`)
  return { cookie: `vigil-session=${session.value}` }
}
