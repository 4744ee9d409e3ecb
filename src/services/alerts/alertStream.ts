import type { AlertService, AlertView } from './alertService.ts'

/** One open Server-Sent Events connection: whose it is, the last alert it has been sent, and how to send more. */
export interface StreamClient {
  staffId: string
  /** For the audit row written before alerts (which name subjects) are pushed to the page. */
  username: string
  cursor: number
  send(alerts: AlertView[]): void
}

const PAGE = 200

/**
 * Fan-out on one instance: the bus says "new alerts for these staff", and each of their open connections is sent
 * the rows after its own cursor, read from the outbox. Reads are coalesced per staff member, so a burst of signals
 * costs one query per staff member, not one per connection or per signal.
 */
export class AlertStreamHub {
  private readonly clients = new Map<string, Set<StreamClient>>()
  private readonly running = new Map<string, Promise<void>>()
  private readonly dirty = new Set<string>()
  private readonly unsubscribe: Array<() => void> = []
  private started: Promise<void> | null = null
  private poll: NodeJS.Timeout | null = null

  constructor(private readonly alerts: AlertService) {}

  start(): Promise<void> {
    if (!this.started) {
      this.unsubscribe.push(
        this.alerts.bus.subscribe(signal => {
          for (const staffId of signal.staffIds) if (this.clients.has(staffId)) this.pump(staffId)
        }),
        this.alerts.bus.onResync(() => {
          for (const staffId of this.clients.keys()) this.pump(staffId)
        }),
      )
      this.started = this.alerts.bus.start()
      if (this.alerts.settings.pollMs > 0) {
        this.poll = setInterval(() => {
          for (const staffId of this.clients.keys()) this.pump(staffId)
        }, this.alerts.settings.pollMs)
        this.poll.unref()
      }
    }
    return this.started
  }

  async close(): Promise<void> {
    for (const stop of this.unsubscribe.splice(0)) stop()
    if (this.poll) clearInterval(this.poll)
    this.poll = null
    this.clients.clear()
    this.started = null
    await this.alerts.bus.close()
    await Promise.allSettled([...this.running.values()])
  }

  get connections(): number {
    let n = 0
    for (const set of this.clients.values()) n += set.size
    return n
  }

  /** Registers a connection and replays whatever it missed (Last-Event-ID). Returns the function that removes it. */
  add(client: StreamClient): () => void {
    const set = this.clients.get(client.staffId) ?? new Set<StreamClient>()
    set.add(client)
    this.clients.set(client.staffId, set)
    this.pump(client.staffId)
    return () => {
      set.delete(client)
      if (set.size === 0 && this.clients.get(client.staffId) === set) this.clients.delete(client.staffId)
    }
  }

  /** Resolves when no read is in flight (tests and benches). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()])
  }

  private pump(staffId: string): void {
    if (this.running.has(staffId)) {
      this.dirty.add(staffId)
      return
    }
    const run = (async () => {
      do {
        this.dirty.delete(staffId)
        await this.deliver(staffId)
      } while (this.dirty.has(staffId))
    })()
      .catch(() => {
        // A failed read (database restarting) is retried on the next signal or resync; the cursor did not move.
      })
      .finally(() => this.running.delete(staffId))
    this.running.set(staffId, run)
  }

  private async deliver(staffId: string): Promise<void> {
    for (;;) {
      const set = this.clients.get(staffId)
      if (!set || set.size === 0) return
      const from = Math.min(...[...set].map(c => c.cursor))
      const rows = await this.alerts.after(staffId, from, PAGE)
      const clients = [...set]
      const due = clients.map(client => rows.filter(r => r.seq > client.cursor))
      const shown = [...new Set(due.flat().map(r => r.seq))]
      // Pushing an alert shows personal data on the officer's page: audited first, once per staff member and batch.
      if (shown.length > 0) await this.alerts.auditStreamed(staffId, clients[0]?.username ?? '', shown, clients.length)
      clients.forEach((client, i) => {
        const fresh = due[i] ?? []
        if (fresh.length === 0) return
        client.cursor = fresh[fresh.length - 1]?.seq ?? client.cursor
        client.send(fresh)
      })
      if (rows.length < PAGE) return
    }
  }
}
