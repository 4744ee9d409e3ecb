import { Temporal } from 'temporal-polyfill'
import type { Actor } from '../../domain/access/actor.ts'
import type { Clock } from '../../domain/clock.ts'
import { LONDON, nowDate, todayIn } from '../../domain/clock.ts'
import { NotFound, ValidationError } from '../../domain/errors.ts'
import { districtForOutwardCode, districtName } from '../../domain/geography/districts.ts'
import { outwardCode } from '../../domain/people/postcode.ts'
import { assessNotificationHistory, STATUTORY_BASIS, type NotificationRecord } from '../../domain/register/index.ts'
import type { AuditEntry } from '../../data/audit/auditRepository.ts'
import type { DataAccess, Repositories } from '../../data/index.ts'
import type { AddressValues, ChildAtAddress } from '../../data/register/registerRepository.ts'
import type { AccessGate, SubjectAccess } from '../access/gate.ts'
import type { AlertKind } from '../alerts/alertService.ts'
import { engineRecordsOf, isStatutoryKind } from './history.ts'
import {
  KIND_LABELS,
  parseNotification,
  truncateCardNumber,
  type NotificationInput,
  type NotificationInputOf,
} from '../../domain/register/notificationInput.ts'

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

interface Effects {
  summary: string
  details: Record<string, unknown>
  alerts: Array<{
    kind: AlertKind
    priority: 'high' | 'normal'
    title: string
    detail: string
    data?: Record<string, unknown>
  }>
  audit: Array<Pick<AuditEntry, 'operation' | 'recordType' | 'recordId' | 'details'>>
  events: Array<{ kind: string; summary: string; details?: Record<string, unknown> }>
}

/** "14:5" → 14:05; London wall-clock time to an instant (the clock change is London's, not the server's). */
export function londonInstant(date: string, time: string): Temporal.Instant {
  const [h, m] = time.split(':')
  return Temporal.PlainDateTime.from(`${date}T${(h ?? '0').padStart(2, '0')}:${(m ?? '0').padStart(2, '0')}`)
    .toZonedDateTime(LONDON)
    .toInstant()
}

const fullName = (p: { givenName: string; familyName: string }) => `${p.givenName} ${p.familyName}`
const oneLine = (a: AddressValues) => [a.line1, a.line2, a.town, a.postcode].filter(Boolean).join(', ')

/**
 * Recording a notification (SOA 2003 ss.83–86 and SI 2012/1876): in one transaction the record changes, the
 * notification and its lateness are stored, the timeline and audit are written, a late notification raises a
 * possible failure to comply (s.91), and alerts go to the outbox for the offender manager and their supervisor.
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
    const now = this.clock.now()
    const notifiedAt = londonInstant(input.notifiedOn, input.notifiedTime)
    if (Temporal.Instant.compare(notifiedAt, now.add({ minutes: 5 })) > 0) {
      throw new ValidationError([{ field: 'notifiedTime', message: 'Time notified must be now or in the past' }])
    }
    const at = nowDate(this.clock)
    return this.data.idempotent(actor.id, this.keyOf(subjectId, idempotencyKey), at, repos =>
      this.apply(repos, actor, access.subject, input, new Date(notifiedAt.epochMilliseconds), at),
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
    return {
      subject: access.subject,
      notification,
      alerts,
      canRecord: access.may('identity', 'write'),
    }
  }

  private async apply(
    repos: Repositories,
    actor: Actor,
    subject: Subject,
    input: NotificationInput,
    notifiedAt: Date,
    at: Date,
  ): Promise<RecordedNotification> {
    const today = todayIn(this.clock)
    const history = await repos.register.history(subject.id)
    const record = this.engineRecord(input, notifiedAt)
    let deadline: string | null = null
    let daysLate = 0
    if (record) {
      const assessed = assessNotificationHistory({ notifications: [...engineRecordsOf(history), record], asOf: today })
      const mine = assessed.notifications.at(-1)
      deadline = mine?.deadline?.toString() ?? null
      daysLate = mine?.daysLate ?? 0
    }
    const noFixedAbode = 'noFixedAbode' in input ? input.noFixedAbode === 'yes' : null
    const notificationId = await repos.register.addNotification({
      subjectId: subject.id,
      kind: input.kind,
      eventDate: 'eventDate' in input ? input.eventDate : null,
      notifiedAt,
      notifiedOn: input.notifiedOn,
      takenBy: actor.id,
      policeStation: input.policeStation,
      noFixedAbode,
      details: this.storedDetails(input),
      deadline,
      daysLate,
      recordedAt: at,
    })

    const effects = await this.effects(repos, subject, input, notificationId, at)
    const label = KIND_LABELS[input.kind]
    await repos.timeline.recordSubjectEvent({
      subjectId: subject.id,
      kind: input.kind,
      occurredOn: 'eventDate' in input ? input.eventDate : input.notifiedOn,
      recordedAt: at,
      recordedBy: actor.id,
      summary: `${label} given at ${input.policeStation}: ${effects.summary}`,
      details: { notificationId, ...effects.details },
    })
    for (const event of effects.events) {
      await repos.timeline.recordSubjectEvent({
        subjectId: subject.id,
        kind: event.kind,
        occurredOn: today.toString(),
        recordedAt: at,
        recordedBy: actor.id,
        summary: event.summary,
        details: { notificationId, ...event.details },
      })
    }
    if (daysLate > 0 && deadline) {
      const basis = isStatutoryKind(input.kind) ? STATUTORY_BASIS[input.kind] : ''
      await repos.register.addLateNotificationFailure({
        subjectId: subject.id,
        notificationId,
        basis,
        dueOn: deadline,
        daysLate,
        at,
      })
      const summary = `${label} given ${daysLate} ${daysLate === 1 ? 'day' : 'days'} late (due by ${deadline}, ${basis})`
      await repos.timeline.recordSubjectEvent({
        subjectId: subject.id,
        kind: 'possible-failure-to-comply',
        occurredOn: today.toString(),
        recordedAt: at,
        recordedBy: actor.id,
        summary: `Possible failure to comply: ${summary}`,
        details: { notificationId, daysLate, deadline, basis },
      })
      effects.alerts.push({
        kind: 'late-notification',
        priority: 'high',
        title: `Late notification: ${fullName(subject)} (${subject.reference})`,
        detail: `${summary}. A possible failure to comply (s.91) needs your review.`,
        data: { daysLate, deadline, basis },
      })
    }
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
      ...effects.audit.map(a => ({
        actorId: actor.id,
        actorUsername: actor.username,
        subjectId: subject.id,
        correlationId: actor.correlationId,
        ...a,
      })),
    ])
    const recipients = await repos.alerts.recipientsFor(subject.id)
    const alerts: Array<{ seq: number; kind: string }> = []
    for (const alert of effects.alerts) {
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
    return {
      notificationId,
      subjectId: subject.id,
      kind: input.kind,
      deadline,
      late: daysLate > 0,
      daysLate,
      alerts,
    }
  }

  private engineRecord(input: NotificationInput, notifiedAt: Date): NotificationRecord | null {
    const notifiedOn = Temporal.PlainDate.from(input.notifiedOn)
    switch (input.kind) {
      case 'periodic':
        return { kind: 'periodic', notifiedOn, noFixedAbode: input.noFixedAbode === 'yes' }
      case 'foreign-travel':
        return {
          kind: 'foreign-travel',
          travel: {
            departure: londonInstant(input.departureDate, input.departureTime)
              .toZonedDateTimeISO(LONDON)
              .toPlainDateTime(),
            notifiedAt: Temporal.Instant.fromEpochMilliseconds(notifiedAt.getTime())
              .toZonedDateTimeISO(LONDON)
              .toPlainDateTime(),
            detailsKnownSevenDaysAhead: input.detailsKnownSevenDaysAhead === 'yes',
            reasonableExcuse: input.reasonableExcuse === 'yes',
          },
        }
      case 'initial':
      case 'change-of-home-address':
        return {
          kind: input.kind,
          eventDate: Temporal.PlainDate.from(input.eventDate),
          notifiedOn,
          noFixedAbode: input.noFixedAbode === 'yes',
        }
      case 'change-of-name':
      case 'other-address':
      case 'child-household':
      case 'release-from-custody':
        return { kind: input.kind, eventDate: Temporal.PlainDate.from(input.eventDate), notifiedOn }
      default:
        return null
    }
  }

  /** What the notification row keeps: the answers, with card numbers cut to their last 4 digits. */
  private storedDetails(input: NotificationInput): Record<string, unknown> {
    const { notifiedOn: _on, notifiedTime: _time, policeStation: _station, kind: _kind, ...rest } = input
    if (input.kind === 'bank-details') {
      const { cardNumber, ...bank } = rest as NotificationInputOf<'bank-details'>
      const last4 = cardNumber ? truncateCardNumber(cardNumber) : null
      return { ...bank, ...(last4 && 'last4' in last4 ? { cardLast4: last4.last4 } : {}), accountNumber: undefined }
    }
    if (input.kind === 'foreign-travel') {
      return {
        ...rest,
        travel: {
          departure: `${input.departureDate}T${input.departureTime.padStart(5, '0')}`,
          known: input.detailsKnownSevenDaysAhead === 'yes',
          excuse: input.reasonableExcuse === 'yes',
        },
      }
    }
    return rest
  }

  private async effects(
    repos: Repositories,
    subject: Subject,
    input: NotificationInput,
    notificationId: string,
    at: Date,
  ): Promise<Effects> {
    const effects: Effects = { summary: '', details: {}, alerts: [], audit: [], events: [] }
    const today = todayIn(this.clock).toString()
    const who = `${fullName(subject)} (${subject.reference})`
    switch (input.kind) {
      case 'initial':
      case 'change-of-home-address': {
        const nfa = input.noFixedAbode === 'yes'
        const district = input.address.postcode ? districtForOutwardCode(outwardCode(input.address.postcode)) : null
        const outside = input.address.postcode !== undefined && district === null
        const place = district ? districtName(district) : outside ? 'outside Greater Manchester' : 'district not known'
        const address = await repos.register.findOrCreateAddress(input.address, district, at)
        await repos.register.moveHome(subject.personId, address.id, nfa ? 'nfa' : 'home', input.eventDate, at)
        effects.summary = `${nfa ? 'no fixed abode, regularly found at' : 'home address'} ${oneLine(input.address)} (${place})`
        effects.details = { addressId: address.id, district, outsideForceArea: outside }
        effects.audit.push({
          operation: 'alter',
          recordType: 'person_address',
          recordId: address.id,
          details: { kind: input.kind },
        })
        effects.alerts.push({
          kind: 'address-change',
          priority: outside ? 'high' : 'normal',
          title: `New home address: ${who}`,
          detail: `Moved on ${input.eventDate} to ${oneLine(input.address)}: ${place}${outside ? ' (another force area: arrange the transfer)' : ''}.`,
          data: { district, districtName: place, outsideForceArea: outside },
        })
        await this.childAtAddressAlert(repos, effects, subject, address.id, today, 'new home address')
        break
      }
      case 'other-address': {
        const district = districtForOutwardCode(outwardCode(input.address.postcode))
        const place = district ? districtName(district) : 'outside Greater Manchester'
        const address = await repos.register.findOrCreateAddress(input.address, district, at)
        await repos.register.addOtherAddress(subject.personId, address.id, input.fromDate, at)
        effects.summary = `stayed at ${oneLine(input.address)} (${place}) for a qualifying period from ${input.fromDate}`
        effects.details = { addressId: address.id, district, outsideForceArea: district === null }
        effects.audit.push({
          operation: 'alter',
          recordType: 'person_address',
          recordId: address.id,
          details: { kind: 'other' },
        })
        effects.alerts.push({
          kind: 'other-address',
          priority: district === null ? 'high' : 'normal',
          title: `New other address: ${who}`,
          detail: `Staying at ${oneLine(input.address)} (${place}) since ${input.fromDate}.`,
          data: { district, districtName: place, outsideForceArea: district === null },
        })
        await this.childAtAddressAlert(repos, effects, subject, address.id, today, 'other address')
        break
      }
      case 'change-of-name': {
        const previous = { givenName: subject.givenName, familyName: subject.familyName }
        await repos.register.changeName(
          subject.personId,
          previous,
          { givenName: input.givenName, middleNames: input.middleNames ?? null, familyName: input.familyName },
          at,
        )
        effects.summary = `now uses the name ${input.givenName} ${input.familyName} (previously ${fullName(previous)})`
        effects.audit.push({
          operation: 'alter',
          recordType: 'person',
          recordId: subject.personId,
          details: { name: true },
        })
        effects.alerts.push({
          kind: 'new-name',
          priority: 'normal',
          title: `New name: ${fullName(previous)} is now ${input.givenName} ${input.familyName} (${subject.reference})`,
          detail: `Using the name since ${input.eventDate}. The previous name is kept as an alias for searches.`,
        })
        break
      }
      case 'child-household': {
        const district = districtForOutwardCode(outwardCode(input.address.postcode))
        const address = await repos.register.findOrCreateAddress(input.address, district, at)
        const child = await repos.register.addPerson(input.child, at)
        await repos.register.addAssociation({
          subjectId: subject.id,
          personId: child,
          kind: 'stays-with',
          relationship: input.relationship,
          addressId: address.id,
          fromDate: input.eventDate,
          notificationId,
          at,
        })
        effects.summary = `staying 12 hours or more at ${oneLine(input.address)}, a household with a child (${fullName(input.child)})`
        effects.details = { addressId: address.id, childPersonId: child }
        effects.audit.push({ operation: 'collect', recordType: 'person', recordId: child, details: { child: true } })
        effects.events.push({
          kind: 'association-with-child',
          summary: `Association with a child: staying at a household with ${fullName(input.child)} (born ${input.child.dateOfBirth})`,
          details: { childPersonId: child },
        })
        effects.alerts.push({
          kind: 'child-association',
          priority: 'high',
          title: `Staying with a child: ${who}`,
          detail: `Notified staying 12 hours or more since ${input.eventDate} at ${oneLine(input.address)}, a household with a child born ${input.child.dateOfBirth}.`,
          data: { addressId: address.id, reason: 'child-household' },
        })
        break
      }
      case 'release-from-custody': {
        await repos.register.releaseFromCustody(subject.id, at)
        effects.summary = `released from ${input.establishment} on ${input.eventDate}`
        effects.audit.push({
          operation: 'alter',
          recordType: 'subject',
          recordId: subject.id,
          details: { status: 'active' },
        })
        break
      }
      case 'periodic':
        effects.summary = input.noFixedAbode === 'yes' ? 'no fixed abode (weekly notification)' : 'details confirmed'
        break
      case 'identity-documents': {
        const documentId = await repos.register.addIdentityDocument({
          subjectId: subject.id,
          notificationId,
          kind: input.documentKind,
          documentNumber: input.documentNumber.toUpperCase(),
          issuingCountry: input.issuingCountry,
          nameOnDocument: input.nameOnDocument,
          issuedOn: input.issuedOn ?? null,
          expiresOn: input.expiresOn ?? null,
          at,
        })
        effects.summary = `${input.documentKind.replace('-', ' ')} issued by ${input.issuingCountry}`
        effects.audit.push({ operation: 'collect', recordType: 'identity_document', recordId: documentId })
        break
      }
      case 'bank-details': {
        const card = input.accountKind !== 'bank-account'
        const last4 = card
          ? input.cardNumber
            ? (truncateCardNumber(input.cardNumber) as { last4: string }).last4
            : (input.cardLast4 ?? '')
          : null
        const expiry = card ? /^(\d{2})\/(\d{2})$/.exec((input.cardExpiry ?? '').replace(/\s/g, '')) : null
        const accountId = await repos.register.addFinancialAccount({
          subjectId: subject.id,
          notificationId,
          kind: input.accountKind,
          provider: input.provider,
          nameOnAccount: input.nameOnAccount,
          sortCode: card ? null : (input.sortCode ?? '').replace(/[\s-]/g, ''),
          accountNumber: card ? null : (input.accountNumber ?? '').replace(/\s/g, '').padStart(8, '0'),
          cardLast4: last4,
          cardExpiry: expiry ? `20${expiry[2]}-${expiry[1]}` : null,
          at,
        })
        effects.summary = `${input.accountKind.replace('-', ' ')} with ${input.provider}${last4 ? ` ending ${last4}` : ''}`
        effects.audit.push({ operation: 'collect', recordType: 'financial_account', recordId: accountId })
        break
      }
      case 'foreign-travel': {
        const departure = londonInstant(input.departureDate, input.departureTime)
        const travelId = await repos.register.addForeignTravel({
          subjectId: subject.id,
          notificationId,
          departureAt: new Date(departure.epochMilliseconds),
          departurePoint: input.departurePoint,
          returnOn: input.returnDate ?? null,
          returnPoint: input.returnPoint ?? null,
          carrier: input.carrier,
          detailsKnownSevenDaysAhead: input.detailsKnownSevenDaysAhead === 'yes',
          reasonableExcuse: input.reasonableExcuse === 'yes',
          destinations: input.destinations,
          at,
        })
        const countries = input.destinations.map(d => d.country).join(', ')
        effects.summary = `travelling to ${countries} on ${input.departureDate} from ${input.departurePoint}${input.returnDate ? `, returning ${input.returnDate}` : ''}`
        effects.audit.push({ operation: 'collect', recordType: 'foreign_travel', recordId: travelId })
        effects.alerts.push({
          kind: 'foreign-travel',
          priority: 'normal',
          title: `Foreign travel: ${who} to ${countries}`,
          detail: `Departing ${input.departureDate} at ${input.departureTime} from ${input.departurePoint} (${input.carrier})${input.returnDate ? `, returning ${input.returnDate}` : ''}.`,
          data: { countries: input.destinations.map(d => d.country), departureDate: input.departureDate },
        })
        break
      }
      case 'association': {
        const associate = await repos.register.addPerson(input.associate, at)
        let addressId: string | null = null
        let children: ChildAtAddress[] = []
        if (input.address) {
          const district = districtForOutwardCode(outwardCode(input.address.postcode))
          const address = await repos.register.findOrCreateAddress(input.address, district, at)
          addressId = address.id
          children = await repos.register.childrenAtAddress(address.id, today, subject.personId)
        }
        await repos.register.addAssociation({
          subjectId: subject.id,
          personId: associate,
          kind: 'associate',
          relationship: input.relationship,
          addressId,
          fromDate: input.eventDate,
          notificationId,
          at,
        })
        const associateIsChild =
          input.associate.dateOfBirth !== undefined &&
          Temporal.PlainDate.compare(
            Temporal.PlainDate.from(input.associate.dateOfBirth).add({ years: 18 }),
            todayIn(this.clock),
          ) > 0
        effects.summary = `new associate ${fullName(input.associate)} (${input.relationship})`
        effects.details = { associatePersonId: associate, addressId }
        effects.audit.push({
          operation: 'collect',
          recordType: 'person',
          recordId: associate,
          details: { associate: true },
        })
        if (associateIsChild || children.length > 0) {
          const why = associateIsChild
            ? 'the associate is under 18'
            : `a child under 18 lives in the associate's household`
          effects.events.push({
            kind: 'association-with-child',
            summary: `Association with a child: ${why} (${fullName(input.associate)})`,
          })
          effects.alerts.push({
            kind: 'child-association',
            priority: 'high',
            title: `Associate with a child: ${who}`,
            detail: `New associate ${fullName(input.associate)} (${input.relationship}): ${why}.`,
            data: {
              reason: associateIsChild ? 'associate-is-child' : 'associate-household-child',
              children: children.length,
            },
          })
        }
        break
      }
    }
    return effects
  }

  /** Alert when a notified address is one where a child under 18 is recorded (household_member + date of birth). */
  private async childAtAddressAlert(
    repos: Repositories,
    effects: Effects,
    subject: Subject,
    addressId: string,
    today: string,
    what: string,
  ): Promise<void> {
    const children = await repos.register.childrenAtAddress(addressId, today, subject.personId)
    if (children.length === 0) return
    const n = children.length
    effects.events.push({
      kind: 'association-with-child',
      summary: `Association with a child: ${n} ${n === 1 ? 'child' : 'children'} under 18 recorded at the ${what}`,
      details: { addressId, children: children.map(c => c.personId) },
    })
    effects.alerts.push({
      kind: 'child-association',
      priority: 'high',
      title: `Child at ${what}: ${fullName(subject)} (${subject.reference})`,
      detail: `${n} ${n === 1 ? 'child' : 'children'} under 18 ${n === 1 ? 'is' : 'are'} recorded at the ${what}.`,
      data: { addressId, children: n, reason: 'address-with-child' },
    })
  }
}
