import pg from 'pg'
import type { Database } from '../database.ts'
import { ALERT_CHANNEL } from '../timeline/timelineRepository.ts'

/** The channel every app instance listens on. The payload carries staff ids only, never personal data. */
export { ALERT_CHANNEL }

export interface AlertSignal {
  /** The staff members who have new alert_recipient rows: each instance re-reads its own clients' rows. */
  staffIds: string[]
}

/**
 * The port through which instances tell each other "there are new alerts for these people". The signal is only a
 * nudge: every client reads what it has not yet seen from alert_recipient, so a lost or duplicated signal can delay
 * an alert but never lose or duplicate one.
 */
export interface AlertBus {
  subscribe(listener: (signal: AlertSignal) => void): () => void
  /** Called after (re)connecting, when signals may have been missed: clients should re-read. */
  onResync(listener: () => void): () => void
  start(): Promise<void>
  close(): Promise<void>
}

function parseSignal(payload: string | undefined): AlertSignal | null {
  try {
    const parsed = JSON.parse(payload ?? '') as { staffIds?: unknown }
    if (!Array.isArray(parsed.staffIds)) return null
    return { staffIds: parsed.staffIds.filter((id): id is string => typeof id === 'string') }
  } catch {
    return null
  }
}

class Listeners {
  private readonly signals = new Set<(signal: AlertSignal) => void>()
  private readonly resyncs = new Set<() => void>()
  subscribe(listener: (signal: AlertSignal) => void): () => void {
    this.signals.add(listener)
    return () => this.signals.delete(listener)
  }
  onResync(listener: () => void): () => void {
    this.resyncs.add(listener)
    return () => this.resyncs.delete(listener)
  }
  emit(payload: string | undefined): void {
    const signal = parseSignal(payload)
    if (signal) for (const listener of this.signals) listener(signal)
  }
  resync(): void {
    for (const listener of this.resyncs) listener()
  }
}

/** PGlite: one process, one database; PGlite delivers NOTIFY to its own listeners after commit. */
export function pgliteAlertBus(database: Database): AlertBus {
  const listeners = new Listeners()
  let unlisten: (() => Promise<void>) | null = null
  return {
    subscribe: l => listeners.subscribe(l),
    onResync: l => listeners.onResync(l),
    async start() {
      if (unlisten || !database.pglite) return
      unlisten = await database.pglite.listen(ALERT_CHANNEL, payload => {
        listeners.emit(payload)
      })
    },
    async close() {
      const stop = unlisten
      unlisten = null
      // PGlite may already be closed when the app shuts down after the database.
      if (stop && !database.pglite?.closed) await stop().catch(() => undefined)
    },
  }
}

/**
 * PostgreSQL: a dedicated client (outside the pool, which would hand the LISTEN session to other queries) that
 * reconnects with back-off when the connection drops, then asks every SSE client to re-read, because NOTIFYs sent
 * while it was disconnected are gone.
 */
export function postgresAlertBus(url: string, options: { maxBackoffMs?: number } = {}): AlertBus {
  const listeners = new Listeners()
  let client: pg.Client | null = null
  let closed = false
  const isClosed = () => closed
  let attempt = 0
  let timer: NodeJS.Timeout | null = null

  const connect = async (): Promise<void> => {
    if (closed) return
    const next = new pg.Client({ connectionString: url })
    next.on('notification', message => {
      if (message.channel === ALERT_CHANNEL) listeners.emit(message.payload)
    })
    next.on('error', () => {
      scheduleReconnect(next)
    })
    next.on('end', () => {
      scheduleReconnect(next)
    })
    try {
      await next.connect()
      await next.query(`listen ${ALERT_CHANNEL}`)
    } catch {
      scheduleReconnect(next)
      return
    }
    // close() may have been called while connecting (read through a function: the flag changes across awaits).
    if (isClosed()) {
      await next.end().catch(() => undefined)
      return
    }
    client = next
    const reconnected = attempt > 0
    attempt = 0
    if (reconnected) listeners.resync()
  }

  const scheduleReconnect = (failed: pg.Client): void => {
    if (closed || timer || (client !== null && client !== failed)) return
    client = null
    failed.removeAllListeners('notification')
    void failed.end().catch(() => undefined)
    const delay = Math.min(options.maxBackoffMs ?? 10_000, 100 * 2 ** attempt++)
    timer = setTimeout(() => {
      timer = null
      void connect()
    }, delay)
    timer.unref()
  }

  return {
    subscribe: l => listeners.subscribe(l),
    onResync: l => listeners.onResync(l),
    async start() {
      if (client || timer) return
      closed = false
      await connect()
    },
    async close() {
      closed = true
      if (timer) clearTimeout(timer)
      timer = null
      const current = client
      client = null
      if (current) await current.end().catch(() => undefined)
    },
  }
}

export function createAlertBus(database: Database): AlertBus {
  if (database.engine === 'postgres' && database.url) return postgresAlertBus(database.url)
  return pgliteAlertBus(database)
}
