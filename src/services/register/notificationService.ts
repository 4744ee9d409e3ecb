import { randomUUID } from 'node:crypto'
import { Temporal } from 'temporal-polyfill'
import type { Actor } from '../../domain/access/actor.ts'
import type { Clock } from '../../domain/clock.ts'
import { nowDate, todayIn } from '../../domain/clock.ts'
import { NotFound, ValidationError } from '../../domain/errors.ts'
import { assessNotificationHistory } from '../../domain/register/index.ts'
import { alertRecipientsFor } from '../alerts/alertService.ts'
import {
  checksChildrenAtAddress,
  decideLateNotification,
  decideNotification,
  engineRecordOf,
  londonInstant,
  notifiedAddressOf,
  placeOf,
  storedDetails,
  type NotificationDecision,
  type RegisterChange,
} from '../../domain/register/notificationDecisions.ts'
import { KIND_LABELS, parseNotification, type NotificationInput } from '../../domain/register/notificationInput.ts'
import type { DataAccess, Repositories } from '../../data/index.ts'
import type { AccessGate, SubjectAccess } from '../access/gate.ts'
import { engineRecordsOf } from './history.ts'
import { requestFingerprint } from '../../domain/idempotency.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export interface RecordedNotification {
  notificationId: string
  subjectId: string
  kind: string
  deadline: string | null
  late: boolean
  daysLate: number
  alerts: Array<{ seq: number; kind: string }>
}

type Subject = SubjectAccess['subject']

/**
 * Recording a notification (SOA 2003 ss.83–86 and SI 2012/1876): in one transaction the record changes, the
 * notification and its lateness are stored, the timeline and audit are written, a late notification raises a
 * possible failure to comply (s.91), and alerts go to the outbox for the offender manager and their supervisor.
 * What changes and which alerts are raised is decided in `domain/register/notificationDecisions.ts`; this service
 * gathers the facts, applies the decision and writes the audit.
 */
export class NotificationService {
  constructor(
    private readonly data: DataAccess,
    private readonly gate: AccessGate,
    private readonly clock: Clock,
  ) {}

  /** The gate for recording: only those who may change the subject's record (refusals are audited by the gate). */
  async openForRecording(actor: Actor, subjectId: string): Promise<SubjectAccess> {
    return this.gate.open(this.data.repos, actor, subjectId, 'identity', 'write')
  }

  /** Validates without writing anything: the journeys' per-page checks and "check your answers" use it. */
  validate(raw: unknown): NotificationInput {
    return parseNotification(raw, todayIn(this.clock))
  }

  async record(actor: Actor, subjectId: string, raw: unknown, idempotencyKey?: string): Promise<RecordedNotification> {
    const access = await this.openForRecording(actor, subjectId)
    const input = this.validate(raw)
    const notifiedAt = londonInstant(input.notifiedOn, input.notifiedTime)
    if (Temporal.Instant.compare(notifiedAt, this.clock.now().add({ minutes: 5 })) > 0) {
      throw new ValidationError([{ field: 'notifiedTime', message: 'Time notified must be now or in the past' }])
    }
    const at = nowDate(this.clock)
    return this.data.idempotent(
      actor.id,
      this.keyOf(subjectId, idempotencyKey),
      at,
      repos => this.apply(repos, actor, access.subject, input, notifiedAt, at),
      requestFingerprint(raw),
    )
  }

  private keyOf(subjectId: string, idempotencyKey: string | undefined): string | undefined {
    return idempotencyKey ? `notification:${subjectId}:${idempotencyKey}` : undefined
  }

  /** The result of an earlier submission with this key (a double-submitted journey finds the first one). */
  async recordedByKey(actor: Actor, subjectId: string, idempotencyKey: string): Promise<RecordedNotification | null> {
    const key = this.keyOf(subjectId, idempotencyKey) ?? ''
    return (await this.data.repos.idempotency.stored<RecordedNotification>(actor.id, key)) ?? null
  }

  /** A recorded notification for its confirmation page (audited as a consultation of the subject). */
  async recorded(actor: Actor, subjectId: string, notificationId: string) {
    const { repos } = this.data
    const access = await this.gate.open(repos, actor, subjectId, 'identity', 'read')
    if (!UUID.test(notificationId)) throw new NotFound('No such notification')
    const notification = await repos.register.notification(subjectId, notificationId)
    if (!notification) throw new NotFound('No such notification')
    const alerts = await repos.register.alertsRaisedBy(subjectId, notificationId)
    await this.gate.consulted(repos, access, ['identity'], { notificationId })
    return { subject: access.subject, notification, alerts, canRecord: access.may('identity', 'write') }
  }

  private async apply(
    repos: Repositories,
    actor: Actor,
    subject: Subject,
    input: NotificationInput,
    notifiedAt: Temporal.Instant,
    at: Date,
  ): Promise<RecordedNotification> {
    const today = todayIn(this.clock)
    const history = await repos.register.history(subject.id)
    const record = engineRecordOf(input, notifiedAt)
    const mine = record
      ? assessNotificationHistory({
          notifications: [...engineRecordsOf(history), record],
          asOf: today,
        }).notifications.at(-1)
      : undefined
    const deadline = mine?.deadline?.toString() ?? null
    const daysLate = mine?.daysLate ?? 0
    const notificationId = await repos.register.addNotification({
      subjectId: subject.id,
      kind: input.kind,
      eventDate: 'eventDate' in input ? input.eventDate : null,
      notifiedAt: new Date(notifiedAt.epochMilliseconds),
      notifiedOn: input.notifiedOn,
      takenBy: actor.id,
      policeStation: input.policeStation,
      noFixedAbode: 'noFixedAbode' in input ? input.noFixedAbode === 'yes' : null,
      details: storedDetails(input),
      deadline,
      daysLate,
      recordedAt: at,
    })

    // The facts the decision needs: the notified address's row (the same address is found again, so a household
    // recorded there is seen), the children recorded at it, and an id for the one new record.
    const address = notifiedAddressOf(input)
    const addressId = address
      ? (await repos.register.findOrCreateAddress(address, placeOf(address).district, at)).id
      : undefined
    const childrenAtAddress =
      addressId && checksChildrenAtAddress(input)
        ? (await repos.register.childrenAtAddress(addressId, today.toString(), subject.personId)).map(c => c.personId)
        : []
    const decision = decideNotification({ subject, input, today, addressId, childrenAtAddress, newId: randomUUID() })
    if (daysLate > 0 && deadline) {
      const late = decideLateNotification({ subject, kind: input.kind, deadline, daysLate })
      await repos.register.addLateNotificationFailure({
        subjectId: subject.id,
        notificationId,
        basis: late.basis,
        dueOn: deadline,
        daysLate,
        at,
      })
      decision.events.push(late.event)
      decision.alerts.push(late.alert)
    }
    await this.applyChanges(repos, subject, notificationId, decision.changes, at)
    await this.writeTimeline(repos, actor, subject, input, notificationId, decision, at)
    await repos.audit.append(at, [
      {
        actorId: actor.id,
        actorUsername: actor.username,
        operation: 'collect',
        recordType: 'notification',
        recordId: notificationId,
        subjectId: subject.id,
        correlationId: actor.correlationId,
        details: { kind: input.kind, late: daysLate > 0, daysLate },
      },
      ...decision.audit.map(a => ({
        actorId: actor.id,
        actorUsername: actor.username,
        subjectId: subject.id,
        correlationId: actor.correlationId,
        ...a,
      })),
    ])
    const recipients = decision.alerts.length > 0 ? await alertRecipientsFor(repos, subject.id) : []
    const alerts: Array<{ seq: number; kind: string }> = []
    for (const alert of decision.alerts) {
      const raised = await repos.timeline.raiseAlert({
        subjectId: subject.id,
        kind: alert.kind,
        priority: alert.priority,
        title: alert.title,
        detail: alert.detail,
        data: { notificationId, subjectReference: subject.reference, ...alert.data },
        createdAt: at,
        createdBy: actor.id,
        recipients,
      })
      alerts.push({ seq: raised.seq, kind: alert.kind })
    }
    return { notificationId, subjectId: subject.id, kind: input.kind, deadline, late: daysLate > 0, daysLate, alerts }
  }

  /** The record changes the decision named, in its order (a person before the association that names them). */
  private async applyChanges(
    repos: Repositories,
    subject: Subject,
    notificationId: string,
    changes: readonly RegisterChange[],
    at: Date,
  ): Promise<void> {
    const { register } = repos
    for (const change of changes) {
      switch (change.kind) {
        case 'move-home':
          await register.moveHome(subject.personId, change.addressId, change.use, change.movedOn, at)
          break
        case 'add-other-address':
          await register.addOtherAddress(subject.personId, change.addressId, change.fromDate, at)
          break
        case 'change-name':
          await register.changeName(subject.personId, change.previous, change.next, at)
          break
        case 'add-person':
          await register.addPerson(
            {
              id: change.personId,
              givenName: change.givenName,
              familyName: change.familyName,
              dateOfBirth: change.dateOfBirth,
            },
            at,
          )
          break
        case 'add-association':
          await register.addAssociation({
            subjectId: subject.id,
            personId: change.personId,
            kind: change.association,
            relationship: change.relationship,
            addressId: change.addressId,
            fromDate: change.fromDate,
            notificationId,
            at,
          })
          break
        case 'release-from-custody':
          await register.releaseFromCustody(subject.id, at)
          break
        case 'add-identity-document': {
          const { kind: _change, documentKind, ...document } = change
          await register.addIdentityDocument({
            ...document,
            kind: documentKind,
            subjectId: subject.id,
            notificationId,
            at,
          })
          break
        }
        case 'add-financial-account': {
          const { kind: _change, accountKind, ...account } = change
          await register.addFinancialAccount({
            ...account,
            kind: accountKind,
            subjectId: subject.id,
            notificationId,
            at,
          })
          break
        }
        case 'add-foreign-travel':
          await register.addForeignTravel({
            ...change,
            departureAt: new Date(change.departureAt.epochMilliseconds),
            subjectId: subject.id,
            notificationId,
            at,
          })
          break
      }
    }
  }

  private async writeTimeline(
    repos: Repositories,
    actor: Actor,
    subject: Subject,
    input: NotificationInput,
    notificationId: string,
    decision: NotificationDecision,
    at: Date,
  ): Promise<void> {
    const today = todayIn(this.clock).toString()
    await repos.timeline.recordSubjectEvent({
      subjectId: subject.id,
      kind: input.kind,
      occurredOn: 'eventDate' in input ? input.eventDate : input.notifiedOn,
      recordedAt: at,
      recordedBy: actor.id,
      summary: `${KIND_LABELS[input.kind]} given at ${input.policeStation}: ${decision.summary}`,
      details: { notificationId, ...decision.details },
    })
    for (const event of decision.events) {
      await repos.timeline.recordSubjectEvent({
        subjectId: subject.id,
        kind: event.kind,
        occurredOn: today,
        recordedAt: at,
        recordedBy: actor.id,
        summary: event.summary,
        details: { notificationId, ...event.details },
      })
    }
  }
}
