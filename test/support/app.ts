import type { FastifyInstance } from 'fastify'
import { Temporal } from 'temporal-polyfill'
import { loadConfig } from '../../src/config.ts'
import type { Actor } from '../../src/domain/access/actor.ts'
import type { Database, Engine } from '../../src/data/database.ts'
import { hashPassword } from '../../src/services/auth/passwords.ts'
import { SecretBox } from '../../src/services/auth/secretBox.ts'
import { createServices, type Services } from '../../src/app/composition.ts'
import { seedDatabase } from '../../src/seed/seed.ts'
import { createApp } from '../../src/app/httpApp.ts'
import { TestClock } from './clock.ts'
import { factories, type Factories } from './factories.ts'
import { createTestDatabase } from './db.ts'

export const DEMO_PASSWORD = 'test-demo-password'

export interface TestApp {
  app: FastifyInstance
  services: Services
  database: Database
  clock: TestClock
  /** Factories on the app's database, for data a test adds beside the seed. */
  f: Factories
  close(): Promise<void>
}

/**
 * Vigil on a fresh database with a clock the test controls: seeded with the demo register, or with
 * `seed: false` empty (migrated only), for tests that make their own data with `f` (the factories).
 */
export async function startTestApp(
  options: {
    engine?: Engine
    subjects?: number
    /** `false`: no demo register, only the migrated schema (make the data with `f`). */
    seed?: boolean
    listen?: boolean
    signInRateLimit?: number
    /** Wraps the database the services use (e.g. to count the queries a request makes). */
    instrument?: (database: Database) => Database
  } = {},
): Promise<TestApp & { url: string }> {
  const { database, drop } = await createTestDatabase(options.engine ?? 'pglite')
  const clock = new TestClock('2026-11-23T10:00:00Z')
  const config = testConfig(options)
  if (options.seed !== false)
    await seedDatabase(database, {
      subjects: options.subjects ?? 150,
      seed: 7,
      today: Temporal.PlainDate.from('2026-11-23'),
      passwordHash: await hashPassword(DEMO_PASSWORD),
      sealSecret: secret => new SecretBox(config.sessionSecret).seal(secret),
      sharedDataDir: config.sharedDataDir,
    })
  const services = createServices(options.instrument ? options.instrument(database) : database, clock, config)
  const app = await createApp(services, config, { logger: false })
  testApps.set(app, { services, clock })
  let url = ''
  if (options.listen) url = await app.listen({ port: 0, host: '127.0.0.1' })
  else await app.ready()
  return {
    app,
    services,
    database,
    clock,
    f: factories(database, clock, { sealSecret: s => services.secretBox.seal(s) }),
    url,
    close: async () => {
      await app.close()
      await drop()
    },
  }
}

/**
 * Services on an unseeded database (migrated only), with the test clock and factories for the data
 * each test needs. Use this rather than a seeded app unless the test is about the seeded demo.
 */
export function testServices(database: Database): { services: Services; clock: TestClock; f: Factories } {
  const clock = new TestClock('2026-11-23T10:00:00Z')
  const config = testConfig()
  const services = createServices(database, clock, config)
  return { services, clock, f: factories(database, clock, { sealSecret: s => services.secretBox.seal(s) }) }
}

function testConfig(options: { signInRateLimit?: number } = {}) {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SHARED_DATA_DIR: '../shared/data',
    SIGN_IN_RATE_LIMIT: String(options.signInRateLimit ?? 10_000),
  })
}

/** A seeded staff member as a service actor; the correlation id `test-<username>` finds their audit rows. */
export async function actorNamed(database: Database, username: string): Promise<Actor> {
  const s = await database.db
    .selectFrom('staff')
    .select(['id', 'username', 'display_name as displayName', 'role', 'team_id as teamId', 'agency'])
    .where('username', '=', username)
    .executeTakeFirstOrThrow()
  return { ...s, correlationId: `test-${username}` }
}

const testApps = new WeakMap<FastifyInstance, { services: Services; clock: TestClock }>()

/**
 * The current authenticator code for a seeded account. The test clock moves on one 30-second
 * step first, because a code is never accepted twice and tests sign the same user in repeatedly.
 */
export async function currentCode(app: FastifyInstance, username: string): Promise<string> {
  const t = testApps.get(app)
  if (!t) throw new Error('not a test app')
  t.clock.advance({ seconds: 30 })
  return t.services.auth.currentCode(username)
}

/** Signs in through the real forms (password, then authenticator code; CSRF and all) and returns the session cookie. */
export async function signIn(
  app: FastifyInstance,
  username: string,
  password = DEMO_PASSWORD,
): Promise<{ cookie: string; csrf: string }> {
  const page = await app.inject({ method: 'GET', url: '/sign-in' })
  const csrfCookie = page.cookies.find(c => c.name === 'vigil-sign-in-csrf')
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1]
  if (!csrfCookie || !token) throw new Error('sign-in page had no CSRF token')
  const response = await app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { cookie: `vigil-sign-in-csrf=${csrfCookie.value}` },
    payload: { username, password, _csrf: token },
  })
  const pending = response.cookies.find(c => c.name === 'vigil-session')
  if (response.statusCode !== 303 || !pending) throw new Error(`sign-in failed for ${username}: ${response.statusCode}`)
  const codePage = await app.inject({
    method: 'GET',
    url: '/sign-in/code',
    headers: { cookie: `vigil-session=${pending.value}` },
  })
  const codeCsrf = /name="_csrf" value="([^"]+)"/.exec(codePage.body)?.[1]
  const verified = await app.inject({
    method: 'POST',
    url: '/sign-in/code',
    headers: { cookie: `vigil-session=${pending.value}` },
    payload: { code: await currentCode(app, username), _csrf: codeCsrf },
  })
  const session = verified.cookies.find(c => c.name === 'vigil-session')
  if (verified.statusCode !== 303 || !session)
    throw new Error(`second factor failed for ${username}: ${verified.statusCode}`)
  const cookie = `vigil-session=${session.value}`
  const home = await app.inject({ method: 'GET', url: '/', headers: { cookie } })
  const csrf = /name="_csrf" value="([^"]+)"/.exec(home.body)?.[1] ?? ''
  return { cookie, csrf }
}
