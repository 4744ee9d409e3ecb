/**
 * Fault injection: the app runs in a child process on a throwaway PostgreSQL database while 4 API clients read and
 * write, and every 2 s all of the app's PostgreSQL backends are terminated (as a failover or an administrator would).
 * The process must live (0 restarts) and every write the API acknowledged (2xx) must be in the database afterwards
 * (0 lost); failed requests should be 503s, never 500s.
 * Usage: npm run bench:faults -- [--seconds 60] [--every-ms 2000] [--clients 4] [--subjects 300]
 * PostgreSQL from BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres). Loopback only.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { setTimeout as delay } from 'node:timers/promises'
import pg from 'pg'
import { createServices } from '../src/app/composition.ts'
import { systemClock } from '../src/domain/clock.ts'
import { benchConfig, benchDatabase } from './registerSupport.ts'
import { argValue, mib, percentile } from './support.ts'

const seconds = Number(argValue('--seconds', '60'))
const everyMs = Number(argValue('--every-ms', '2000'))
const clients = Number(argValue('--clients', '4'))
const subjects = Number(argValue('--subjects', '300'))
/** Upper bound on requests per client, whatever the time limit: no loop here is unbounded. */
const MAX_REQUESTS_PER_CLIENT = 200_000
const MAX_RESTARTS = 3

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => {
        resolve(port)
      })
    })
  })

/** Peak resident memory of a Linux process (VmHWM), in bytes; 0 where /proc is not available. */
function peakRss(pid: number | undefined): number {
  if (!pid) return 0
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${String(pid)}/status`, 'utf8'))
    return match?.[1] ? Number(match[1]) * 1024 : 0
  } catch {
    return 0
  }
}

const { database, drop } = await benchDatabase('postgres', subjects)
const url = database.url ?? ''
const dbName = new URL(url).pathname.slice(1)
const services = createServices(database, systemClock, benchConfig())

// One offender manager per client, each with a subject on the register (category rso) to notify against.
const managers = await database.db
  .selectFrom('subject as s')
  .innerJoin('staff as om', 'om.id', 's.offender_manager_id')
  .select(['om.username', 's.id as subjectId'])
  .where('s.category', '=', 'rso')
  .where('om.username', 'not like', 'demo.%')
  .distinctOn('om.username')
  .orderBy('om.username')
  .limit(clients)
  .execute()
if (managers.length < clients) throw new Error(`only ${String(managers.length)} offender managers with subjects`)
const tokens = await Promise.all(managers.map(m => services.auth.createApiToken(m.username, 'bench:faults')))
// The bench's own pool must not count as the app's backends, nor survive into the run.
await database.close()

const port = await freePort()
const base = `http://127.0.0.1:${String(port)}`
let restarts = 0
const app: { child: ChildProcess | null } = { child: null }
let peakBytes = 0
let stopping = false

function startApp(): Promise<void> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: url,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'error',
      SEED_ON_START: 'false',
      SHARED_DATA_DIR: '../shared/data',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  app.child = proc
  let stderrTail = ''
  proc.stderr.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-2000)
  })
  proc.once('exit', (code, signal) => {
    peakBytes = Math.max(peakBytes, peakRss(proc.pid))
    if (stopping) return
    restarts++
    console.error(`the app exited (code ${String(code)}, signal ${String(signal)}); last stderr:\n${stderrTail}`)
    if (restarts <= MAX_RESTARTS) void startApp()
  })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error('the app did not start within 60 s'))
    }, 60_000)
    let out = ''
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (out.includes('Vigil is running')) {
        clearTimeout(timer)
        resolve()
      }
    })
    proc.once('exit', () => {
      clearTimeout(timer)
      reject(new Error('the app exited before it was ready'))
    })
  })
}

await startApp()
const memoryTimer = setInterval(() => {
  peakBytes = Math.max(peakBytes, peakRss(app.child?.pid))
}, 500)

const statuses = new Map<string, number>()
const latencies: number[] = []
const acknowledged = { subjects: [] as string[], notifications: [] as string[] }
let requests = 0
/** The first answer of each failing kind (route and status), printed at the end so a failure can be diagnosed. */
const examples = new Map<string, string>()
const count = (key: string) => statuses.set(key, (statuses.get(key) ?? 0) + 1)

async function call(token: string, method: string, path: string, body?: unknown, key?: string) {
  const t0 = performance.now()
  requests++
  try {
    const response = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(key ? { 'idempotency-key': key } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(15_000),
    })
    const text = await response.text()
    latencies.push(performance.now() - t0)
    count(String(response.status))
    const route = `${method} ${path.replace(/[0-9a-f-]{36}/g, ':id')} ${String(response.status)}`
    if (response.status >= 400 && !examples.has(route)) examples.set(route, text.slice(0, 300))
    return { status: response.status, json: () => JSON.parse(text) as { id?: string } }
  } catch (error) {
    latencies.push(performance.now() - t0)
    count(`network (${error instanceof Error ? error.name : 'error'})`)
    return null
  }
}

/** A number as letters (0 → a, 26 → ba): names may hold only letters, spaces, hyphens and apostrophes. */
const letters = (n: number): string => (n >= 26 ? letters(Math.floor(n / 26)) : '') + String.fromCharCode(97 + (n % 26))

const deadline = performance.now() + seconds * 1000
const today = new Date().toISOString().slice(0, 10)

async function client(index: number): Promise<void> {
  const token = tokens[index] ?? ''
  const subjectId = managers[index]?.subjectId ?? ''
  for (let i = 0; i < MAX_REQUESTS_PER_CLIENT && performance.now() < deadline; i++) {
    const step = i % 4
    if (step === 0) {
      const r = await call(
        token,
        'POST',
        '/subjects',
        {
          givenName: 'Fault',
          familyName: `Bench-${letters(index)}-${letters(i)}`,
          dateOfBirth: '1980-03-14',
          gender: 'male',
          category: 'rasso_suspect',
          address: { line1: `${String(i)} Fault Road`, town: 'Sale', postcode: 'M33 7AB' },
        },
        `faults-${String(index)}-${String(i)}`,
      )
      const id = r && r.status >= 200 && r.status < 300 ? r.json().id : undefined
      if (id) acknowledged.subjects.push(id)
    } else if (step === 1) {
      const r = await call(
        token,
        'POST',
        `/subjects/${subjectId}/notifications`,
        { kind: 'periodic', notifiedOn: today, notifiedTime: '00:01', policeStation: 'Bench', noFixedAbode: 'no' },
        `faults-n-${String(index)}-${String(i)}`,
      )
      const id = r && r.status >= 200 && r.status < 300 ? r.json().id : undefined
      if (id) acknowledged.notifications.push(id)
    } else if (step === 2) {
      await call(token, 'GET', `/subjects/${subjectId}`)
    } else {
      await call(token, 'POST', '/subjects/search', { query: 'Smith' })
    }
  }
}

// Terminate every backend of the app's database every `everyMs` until the deadline.
const admin = new pg.Client({ connectionString: url })
await admin.connect()
let terminations = 0
let backendsEnded = 0
async function terminator(): Promise<void> {
  const rounds = Math.floor((seconds * 1000) / everyMs)
  for (let round = 0; round < rounds && performance.now() < deadline; round++) {
    await delay(everyMs)
    const { rows } = await admin.query<{ ended: boolean }>(
      'select pg_terminate_backend(pid) as ended from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [dbName],
    )
    terminations++
    backendsEnded += rows.filter(r => r.ended).length
  }
}

const started = performance.now()
await Promise.all([terminator(), ...Array.from({ length: clients }, (_, i) => client(i))])
const elapsed = (performance.now() - started) / 1000

// After the faults: the app must answer again, and every acknowledged write must be stored.
let recovered = false
for (let i = 0; i < 50 && !recovered; i++) {
  const r = await call(tokens[0] ?? '', 'GET', '/me')
  recovered = r?.status === 200
  if (!recovered) await delay(200)
}
const stored = async (table: 'subject' | 'notification', ids: string[]) => {
  if (ids.length === 0) return 0
  const { rows } = await admin.query<{ n: number }>(
    `select count(*)::int as n from ${table} where id = any($1::uuid[])`,
    [ids],
  )
  return rows[0]?.n ?? 0
}
const lostSubjects = acknowledged.subjects.length - (await stored('subject', acknowledged.subjects))
const lostNotifications = acknowledged.notifications.length - (await stored('notification', acknowledged.notifications))
await admin.end()

clearInterval(memoryTimer)
peakBytes = Math.max(peakBytes, peakRss(app.child?.pid))
stopping = true
const exited = new Promise(resolve => app.child?.once('exit', resolve))
app.child?.kill('SIGTERM')
await Promise.race([exited, delay(10_000)])
await drop()

const byStatus = [...statuses.entries()].sort(([a], [b]) => a.localeCompare(b))
console.log(
  `bench:faults: ${String(clients)} clients for ${elapsed.toFixed(1)} s; backends terminated every ${String(everyMs)} ms ` +
    `(${String(terminations)} rounds, ${String(backendsEnded)} backends ended)`,
)
console.log(`  requests ${String(requests)} (${(requests / elapsed).toFixed(0)}/s)`)
console.log(`  by status: ${byStatus.map(([s, n]) => `${s}: ${String(n)}`).join(', ')}`)
console.log(
  `  latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms; app peak rss ${mib(peakBytes)}`,
)
console.log(
  `  process restarts: ${String(restarts)} (must be 0); app answering afterwards: ${recovered ? 'yes' : 'NO'}`,
)
console.log(
  `  acknowledged writes: ${String(acknowledged.subjects.length)} subjects, ${String(acknowledged.notifications.length)} notifications; ` +
    `lost: ${String(lostSubjects + lostNotifications)} (must be 0)`,
)
for (const [route, body] of examples) console.log(`  first ${route}: ${body}`)
const ok = restarts === 0 && recovered && lostSubjects + lostNotifications === 0
process.exit(ok ? 0 : 1)
