import type { Actor } from '../../domain/access/actor.ts'
import { alertRecipients, type AlertRecipient } from '../../domain/alerts/recipients.ts'
import { nowDate, type Clock } from '../../domain/clock.ts'
import { NotFound, ValidationError } from '../../domain/errors.ts'
import type { AlertBus } from '../../data/alerts/alertBus.ts'
import type { AlertFilter, AlertView } from '../../data/alerts/alertRepository.ts'
import type { DataAccess, Repositories } from '../../data/index.ts'
import type { AlertSettings } from './settings.ts'

export type { AlertFilter, AlertView } from '../../data/alerts/alertRepository.ts'
export type { AlertRecipient } from '../../domain/alerts/recipients.ts'

export type AlertKind =
  | 'address-change'
  | 'other-address'
  | 'new-name'
  | 'child-association'
  | 'foreign-travel'
  | 'late-notification'
  | 'periodic-overdue'
  | 'escalation'

/**
 * Who is told about something that happened to a subject: the one recipient rule (`domain/alerts/recipients.ts`)
 * applied to the subject's management as it stands. Every alert about a subject takes its recipients from here.
 */
export async function alertRecipientsFor(
  repos: Pick<Repositories, 'alerts'>,
  subjectId: string,
): Promise<AlertRecipient[]> {
  const facts = await repos.alerts.recipientFacts(subjectId)
  return facts ? alertRecipients(facts) : []
}

/**
 * What an alert looks like outside the service, in the API and on the live stream: one shape, the API's documented
 * field names (`readAt`, `acknowledgedAt`, `acknowledgementNote`), and the page that shows it.
 */
export function alertJson(a: AlertView) {
  return {
    seq: a.seq,
    id: a.id,
    kind: a.kind,
    priority: a.priority,
    title: a.title,
    detail: a.detail,
    subjectId: a.subjectId,
    subjectReference: a.subjectReference,
    createdAt: a.createdAt.toISOString(),
    reason: a.reason,
    readAt: a.readAt?.toISOString() ?? null,
    acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
    acknowledgementNote: a.acknowledgementNote,
    href: `/alerts/${a.seq}`,
  }
}

export type AlertJson = ReturnType<typeof alertJson>

export class AlertService {
  constructor(
    private readonly data: DataAccess,
    private readonly clock: Clock,
    readonly bus: AlertBus,
    readonly settings: AlertSettings,
  ) {}

  /** Alerts for one staff member after a cursor, oldest first: SSE replay and live delivery read the same rows. */
  async after(staffId: string, afterSeq: number, limit = 100): Promise<AlertView[]> {
    return this.data.repos.alerts.after(staffId, afterSeq, limit)
  }

  /** The audit row for alerts pushed to a staff member's open pages (a consultation of the subjects they name). */
  async auditStreamed(staffId: string, username: string, alertSeqs: number[], connections: number): Promise<void> {
    await this.data.repos.audit.append(nowDate(this.clock), [
      {
        actorId: staffId,
        actorUsername: username,
        operation: 'consult',
        recordType: 'alert',
        correlationId: 'alert-stream',
        details: { via: 'stream', alertSeqs, connections },
      },
    ])
  }

  /** The newest alert seq for a staff member (where a fresh SSE stream starts when no Last-Event-ID is sent). */
  async latestSeq(staffId: string): Promise<number> {
    return this.data.repos.alerts.latestSeq(staffId)
  }

  /**
   * Whether an open stream's session may still receive alerts: not revoked, not expired, and not idle for longer
   * than the sign-in idle timeout. Checked without touching the session, so an open tab never extends it.
   */
  async streamSessionLive(sessionId: string, idleMinutes: number): Promise<boolean> {
    const now = nowDate(this.clock)
    return this.data.repos.alerts.sessionLive(sessionId, now, new Date(now.getTime() - idleMinutes * 60_000))
  }

  /** The header's badge: unacknowledged alerts, how many are high priority, and the newest seq (the SSE cursor). */
  async unreadCount(staffId: string): Promise<{ open: number; high: number; latestSeq: number }> {
    return this.data.repos.alerts.counts(staffId)
  }

  /** The inbox. Alert titles name subjects, so listing them is a consultation (audited). */
  async inbox(actor: Actor, filter: AlertFilter = {}, limit = 100): Promise<AlertView[]> {
    const status = filter.status ?? 'open'
    const { repos } = this.data
    const rows = await repos.alerts.inbox(actor.id, { ...filter, status }, limit)
    await repos.audit.append(nowDate(this.clock), [
      {
        actorId: actor.id,
        actorUsername: actor.username,
        operation: 'consult',
        recordType: 'alert-inbox',
        correlationId: actor.correlationId,
        details: { filter: { status, ...filter }, shown: rows.length, alertSeqs: rows.map(r => r.seq) },
      },
    ])
    return rows
  }

  /** One alert, marked read on first view. */
  async open(actor: Actor, seq: number): Promise<AlertView> {
    if (!Number.isSafeInteger(seq) || seq < 1) throw new NotFound('No such alert')
    const at = nowDate(this.clock)
    return this.data.transaction(async repos => {
      const alert = await repos.alerts.copy(actor.id, seq)
      if (!alert) throw new NotFound('No such alert')
      if (!alert.readAt) await repos.alerts.markRead(actor.id, seq, at)
      await repos.audit.append(at, [
        {
          actorId: actor.id,
          actorUsername: actor.username,
          operation: 'consult',
          recordType: 'alert',
          recordId: String(seq),
          subjectId: alert.subjectId,
          correlationId: actor.correlationId,
        },
      ])
      return { ...alert, readAt: alert.readAt ?? at }
    })
  }

  /** Acknowledges one's own copy of an alert with a note; recorded on the subject's timeline and in the audit. */
  async acknowledge(actor: Actor, seq: number, note: unknown): Promise<AlertView> {
    const text = typeof note === 'string' ? note.trim() : ''
    if (!text) throw new ValidationError([{ field: 'note', message: 'Enter a note about what you have done' }])
    if (text.length > 1000) {
      throw new ValidationError([{ field: 'note', message: 'Note must be 1,000 characters or fewer' }])
    }
    if (!Number.isSafeInteger(seq) || seq < 1) throw new NotFound('No such alert')
    const at = nowDate(this.clock)
    return this.data.transaction(async repos => {
      const alert = await repos.alerts.copy(actor.id, seq)
      if (!alert) throw new NotFound('No such alert')
      if (alert.acknowledgedAt) return alert
      await repos.alerts.acknowledge(actor.id, seq, at, text, alert.readAt ?? at)
      if (alert.subjectId) {
        await repos.timeline.recordSubjectEvent({
          subjectId: alert.subjectId,
          kind: 'alert-acknowledged',
          occurredOn: at.toISOString().slice(0, 10),
          recordedAt: at,
          recordedBy: actor.id,
          summary: `Alert acknowledged by ${actor.displayName}: ${alert.title}`,
          details: { alertSeq: seq, note: text },
        })
      }
      await repos.audit.append(at, [
        {
          actorId: actor.id,
          actorUsername: actor.username,
          operation: 'alter',
          recordType: 'alert',
          recordId: String(seq),
          subjectId: alert.subjectId,
          correlationId: actor.correlationId,
          details: { acknowledged: true },
        },
      ])
      return { ...alert, acknowledgedAt: at, acknowledgementNote: text }
    })
  }

  /**
   * Escalates every high-priority alert left unacknowledged past `escalateAfterMinutes` to the recipient's own
   * supervisor, once: the recipient row's escalated_at is set in the same transaction as the escalation alert.
   */
  async escalateOverdue(): Promise<number> {
    const at = nowDate(this.clock)
    const cutoff = new Date(at.getTime() - this.settings.escalateAfterMinutes * 60_000)
    const due = await this.data.repos.alerts.dueEscalations(cutoff, 500)
    let escalated = 0
    for (const row of due) {
      const done = await this.data.transaction(async repos => {
        // Claim the row first, so two instances sweeping at once escalate it once.
        const claimed = await repos.alerts.claimEscalation(row.seq, row.staffId, at)
        if (!claimed || !row.supervisorId) return claimed
        const original = await repos.alerts.alert(row.seq)
        if (!original) return true
        await repos.audit.append(at, [
          {
            actorId: null,
            actorUsername: 'system',
            operation: 'disclose',
            recordType: 'alert',
            recordId: String(row.seq),
            subjectId: original.subjectId,
            recipient: row.supervisorId,
            details: { escalation: true, afterMinutes: this.settings.escalateAfterMinutes },
          },
        ])
        await repos.timeline.raiseAlert({
          subjectId: original.subjectId,
          kind: 'escalation',
          priority: 'high',
          title: `Not acknowledged by ${row.name}: ${original.title}`,
          detail: `${original.detail} This high-priority alert was not acknowledged within ${this.settings.escalateAfterMinutes} minutes.`,
          data: { ...original.data, escalatedFrom: row.seq, unacknowledgedBy: row.staffId },
          createdAt: at,
          createdBy: null,
          recipients: [{ staffId: row.supervisorId, reason: 'escalation' }],
        })
        return true
      })
      if (done) escalated++
    }
    return escalated
  }
}
