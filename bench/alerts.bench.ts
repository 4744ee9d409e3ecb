/**
 * Alert latency: commit of the notification that raises an alert → the event received by SSE clients, with
 * --clients (1,000) connected to one instance, spread over the offender managers and supervisors like open tabs.
 * Usage: npm run bench:alerts -- [--engine pglite|postgres] [--clients 1000] [--alerts 200] [--rate 10] [--managers N]
 * --managers 1 puts every connection on one offender manager and their supervisor (the worst case: each alert
 * goes to every client); the default spreads them over every manager and supervisor.
 * Target: p95 ≤ 1 s. The clients run in the same process as the server, so the figures include their CPU cost.
 */
import http from 'node:http'
import type { Engine } from '../src/data/database.ts'
import type { Actor } from '../src/domain/access/actor.ts'
import { createServices } from '../src/app/composition.ts'
import { createApp } from '../src/app/httpApp.ts'
import { TestClock } from '../test/support/clock.ts'
import { signInOn } from '../test/register/support.ts'
import { benchConfig, benchDatabase } from './registerSupport.ts'
import { argValue, mib, peakMemorySampler, percentile } from './support.ts'

process.env.ALERT_SWEEP_INTERVAL_MS = '0'
const engine = argValue('--engine', 'pglite') as Engine
const clients = Number(argValue('--clients', '1000'))
const alerts = Number(argValue('--alerts', '200'))
const rate = Number(argValue('--rate', '10'))
const managers = Number(argValue('--managers', '0'))

const memory = peakMemorySampler()
const { database, drop } = await benchDatabase(engine, 400)
const clock = new TestClock(new Date().toISOString())
const config = benchConfig()
const services = createServices(database, clock, config)
const app = await createApp(services, config, { logger: false })
const url = await app.listen({ port: 0, host: '127.0.0.1' })

// Subjects with an offender manager who has a supervisor: their alerts go to both.
const subjects = await database.db
  .selectFrom('subject as s')
  .innerJoin('staff as om', 'om.id', 's.offender_manager_id')
  .select([
    's.id',
    'om.id as omId',
    'om.username',
    'om.display_name as displayName',
    'om.team_id as teamId',
    'om.supervisor_id as supervisorId',
  ])
  .where('om.supervisor_id', 'is not', null)
  .where('s.category', '=', 'rso')
  .orderBy('s.reference')
  .execute()
if (managers > 0) {
  const chosen = new Set([...new Set(subjects.map(s => s.omId))].slice(0, managers))
  subjects.splice(0, subjects.length, ...subjects.filter(s => chosen.has(s.omId)))
}
const staffIds = [...new Set(subjects.flatMap(s => [s.omId, s.supervisorId ?? '']))]
const staff = await database.db.selectFrom('staff').select(['id', 'username']).where('id', 'in', staffIds).execute()
console.log(`${engine}: signing in ${staff.length} staff for ${clients} connections…`)
const cookies = new Map<string, string>()
const signInStarted = performance.now()
for (const s of staff) cookies.set(s.id, (await signInOn(app, services, clock, s.username, false)).cookie)
console.log(`signed in ${staff.length} staff in ${((performance.now() - signInStarted) / 1000).toFixed(1)} s`)

const arrivals: Array<{ seq: number; at: number }> = []
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity })
const requests: http.ClientRequest[] = []
let opened = 0
await new Promise<void>(resolve => {
  for (let i = 0; i < clients; i++) {
    const who = staff[i % staff.length]!
    const req = http.get(
      `${url}/alerts/stream`,
      { agent, headers: { cookie: cookies.get(who.id) ?? '', accept: 'text/event-stream' } },
      res => {
        if (process.env.BENCH_DEBUG) console.log('status', res.statusCode, res.headers['content-type'])
        let buffer = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          const now = performance.now()
          if (process.env.BENCH_DEBUG) console.log('chunk', JSON.stringify(chunk))
          buffer += chunk
          let cut: number
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut)
            buffer = buffer.slice(cut + 2)
            if (block.startsWith(': connected') || block.includes('\n: connected')) {
              if (++opened === clients) resolve()
            }
            const id = /^id: (\d+)$/m.exec(block)?.[1]
            if (id) arrivals.push({ seq: Number(id), at: now })
          }
        })
      },
    )
    req.on('error', () => undefined)
    requests.push(req)
  }
})
console.log(`${services.alertStream.connections} SSE connections open; raising ${alerts} alerts at ${rate}/s…`)

const committed = new Map<number, { submitted: number; committed: number; recipients: number }>()
const actors = new Map<string, Actor>()
const started = performance.now()
const pending: Array<Promise<void>> = []
for (let i = 0; i < alerts; i++) {
  const target = started + (i * 1000) / rate
  const wait = target - performance.now()
  if (wait > 0) await new Promise(resolve => setTimeout(resolve, wait))
  const s = subjects[i % subjects.length]!
  const actor = actors.get(s.omId) ?? {
    id: s.omId,
    username: s.username,
    displayName: s.displayName,
    role: 'offender_manager' as const,
    teamId: s.teamId,
    agency: null,
    correlationId: 'bench',
  }
  actors.set(s.omId, actor)
  const submitted = performance.now()
  const today = clock.now().toZonedDateTimeISO('Europe/London').toPlainDate().toString()
  pending.push(
    services.notifications
      .record(actor, s.id, {
        kind: 'change-of-name',
        notifiedOn: today,
        notifiedTime: '00:01',
        policeStation: 'Bench police station',
        eventDate: today,
        givenName: 'Bench',
        // Names follow the registration rules (letters only): the number spelt in letters.
        familyName: `Name${String(i).replace(/[0-9]/g, d => 'abcdefghij'.charAt(Number(d)))}`,
      })
      .then(result => {
        const done = performance.now()
        const onLine = (id: string) => Math.ceil((clients - staff.findIndex(x => x.id === id)) / staff.length)
        for (const a of result.alerts)
          committed.set(a.seq, {
            submitted,
            committed: done,
            recipients: onLine(s.omId) + onLine(s.supervisorId ?? ''),
          })
      }),
  )
}
await Promise.all(pending)
await new Promise(resolve => setTimeout(resolve, 3000))

const fromCommit: number[] = []
const fromSubmit: number[] = []
for (const a of arrivals) {
  const c = committed.get(a.seq)
  if (!c) continue
  fromCommit.push(Math.max(0, a.at - c.committed))
  fromSubmit.push(a.at - c.submitted)
}
const expected = [...committed.values()].reduce((n, c) => n + c.recipients, 0)
const seconds = (performance.now() - started) / 1000
console.log(
  `engine ${engine}, ${clients} SSE clients, ${committed.size} alerts, ${fromCommit.length} events received (expected ${expected})`,
)
console.log(
  `commit → event: p50 ${percentile(fromCommit, 50).toFixed(1)} ms, p95 ${percentile(fromCommit, 95).toFixed(1)} ms, max ${Math.max(...fromCommit).toFixed(1)} ms`,
)
console.log(
  `submit → event: p50 ${percentile(fromSubmit, 50).toFixed(1)} ms, p95 ${percentile(fromSubmit, 95).toFixed(1)} ms`,
)
console.log(
  `throughput: ${(fromCommit.length / seconds).toFixed(0)} events/s delivered; peak rss ${mib(memory.stop())}`,
)
console.log(percentile(fromCommit, 95) <= 1000 ? 'target met: p95 ≤ 1 s' : 'TARGET MISSED: p95 > 1 s')

for (const r of requests) r.destroy()
await app.close()
await drop()
process.exit(0)
