import type { ServerResponse } from 'node:http'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { alertJson, type AlertFilter } from '../../../services/alerts/alertService.ts'
import type { Services } from '../../../app/composition.ts'
import { alertFilterQuery } from '../../../http/filters.ts'
import { checked, formOf } from '../../../http/forms.ts'
import { parseInput } from '../../../http/query.ts'
import { webActor } from '../../context.ts'
import type { Render } from '../../render.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in officer's alert badge, for the header (set for HTML pages only). */
    alertCounts: { open: number; high: number; latestSeq: number } | null
  }
}

const SEQ = /^\d{1,15}$/

function startCursor(request: FastifyRequest): number | null {
  // EventSource sends Last-Event-ID when it reconnects; the page passes ?after= on the first connection.
  const header = request.headers['last-event-id']
  if (typeof header === 'string' && SEQ.test(header)) return Number(header)
  const after = (request.query as Record<string, unknown>).after
  if (typeof after === 'string' && SEQ.test(after)) return Number(after)
  return null
}

const FILTER_KINDS = [
  'address-change',
  'other-address',
  'new-name',
  'child-association',
  'foreign-travel',
  'late-notification',
  'periodic-overdue',
  'escalation',
]

/** The inbox filter from the query string (one schema with the API); the page offers only the known kinds. */
function filterFrom(query: unknown): AlertFilter {
  const { status, priority, kind } = parseInput(alertFilterQuery, query)
  const known = kind !== undefined && FILTER_KINDS.includes(kind) ? kind : undefined
  return { status, ...(priority ? { priority } : {}), ...(known ? { kind: known } : {}) }
}

/** The alert inbox, acknowledgement, the header badge and the live stream (Server-Sent Events). */
export function registerAlertRoutes(app: FastifyInstance, services: Services, render: Render): void {
  const streams = new Set<ServerResponse>()
  let sweepTimer: NodeJS.Timeout | null = null

  app.decorateRequest('alertCounts', null)
  app.addHook('preHandler', async request => {
    if (request.method !== 'GET' || !request.session?.mfaVerified) return
    const path = request.url
    if (path.startsWith('/api/') || path.startsWith('/assets/') || path.startsWith('/alerts/stream')) return
    request.alertCounts = await services.alerts.unreadCount(request.session.user.id)
  })

  app.addHook('onReady', async () => {
    await services.alertStream.start()
    const every = services.alerts.settings.sweepIntervalMs
    if (every > 0) {
      sweepTimer = setInterval(() => {
        void (async () => {
          await services.compliance.periodicOverdue()
          await services.alerts.escalateOverdue()
        })().catch((error: unknown) => {
          app.log.error({ err: error }, 'alert sweep failed')
        })
      }, every)
      sweepTimer.unref()
    }
  })
  // Open streams would keep the server from closing: end them first (clients reconnect to another instance).
  app.addHook('preClose', done => {
    if (sweepTimer) clearInterval(sweepTimer)
    for (const stream of streams) stream.end()
    streams.clear()
    done()
  })
  app.addHook('onClose', async () => {
    await services.alertStream.close()
  })

  app.get('/alerts/stream', async (request, reply) => {
    const actor = webActor(request)
    const cursor = startCursor(request) ?? (await services.alerts.latestSeq(actor.id))
    await services.alertStream.start()
    reply.hijack()
    const raw = reply.raw
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    })
    raw.write(`retry: 2000\n: connected at ${cursor}\n\n`)
    streams.add(raw)
    const remove = services.alertStream.add({
      staffId: actor.id,
      username: actor.username,
      cursor,
      send: alerts => {
        for (const alert of alerts)
          raw.write(`id: ${alert.seq}\nevent: alert\ndata: ${JSON.stringify(alertJson(alert))}\n\n`)
      },
    })
    const sessionId = request.session?.sessionId ?? ''
    // A signed-out, revoked or idle session stops receiving alerts (they name subjects); the browser then
    // reconnects, is refused, and the page's next request goes to the sign-in page.
    const keepAlive = setInterval(() => {
      void services.alerts
        .streamSessionLive(sessionId, services.auth.settings.idleMinutes)
        .then(live => (live ? raw.write(': keep-alive\n\n') : raw.end()))
        .catch(() => raw.end())
    }, services.alerts.settings.keepAliveMs)
    request.raw.on('close', () => {
      clearInterval(keepAlive)
      remove()
      streams.delete(raw)
    })
  })

  app.get('/alerts', async (request, reply) => {
    const actor = webActor(request)
    const filter = filterFrom(request.query)
    const alerts = await services.alerts.inbox(actor, filter)
    return render(request, reply, 'pages/alerts/inbox.njk', { alerts, filter, kinds: FILTER_KINDS })
  })

  app.get<{ Params: { seq: string } }>('/alerts/:seq', async (request, reply) => {
    const actor = webActor(request)
    const alert = await services.alerts.open(actor, SEQ.test(request.params.seq) ? Number(request.params.seq) : 0)
    return render(request, reply, 'pages/alerts/show.njk', { alert, values: {} })
  })

  app.post<{ Params: { seq: string } }>('/alerts/:seq/acknowledge', async (request, reply) => {
    const actor = webActor(request)
    const seq = SEQ.test(request.params.seq) ? Number(request.params.seq) : 0
    const form = formOf(request)
    const outcome = await checked(() => services.alerts.acknowledge(actor, seq, form.note))
    if (outcome.ok) return reply.redirect(`/alerts/${seq}`, 303)
    const alert = await services.alerts.open(actor, seq)
    return render(request, reply, 'pages/alerts/show.njk', { alert, values: form, errors: outcome.errors }, 400)
  })
}
