import { Temporal } from 'temporal-polyfill'
import { LONDON } from '../clock.ts'
import { districtForOutwardCode, districtName } from '../geography/districts.ts'
import { outwardCode } from '../people/postcode.ts'
import { CHILD_HOUSEHOLD_HOURS, noFixedAbodeFrequency } from './deadlineWording.ts'
import type { NotificationRecord } from './history.ts'
import { STATUTORY_BASIS, type NotificationKind } from './notification-kinds.ts'
import { DEFAULT_REGISTER_SETTINGS } from './settings.ts'
import {
  KIND_LABELS,
  truncateCardNumber,
  type NotificationInput,
  type NotificationInputOf,
  type RecordedKind,
} from './notificationInput.ts'

/**
 * What recording a notification decides (SOA 2003 ss.83–86, SI 2012/1876): which records change, what the timeline
 * says, what is audited and which alerts are raised. One pure function per kind of notification; the service
 * gathers the facts they need (the address row, children recorded there, a fresh id), then applies the decision in
 * its transaction.
 */

/** The subject a notification is about, as the decisions need it. */
export interface NotifyingSubject {
  id: string
  personId: string
  reference: string
  givenName: string
  familyName: string
}

/** An address as notified, and the Greater Manchester district its postcode falls in. */
export interface NotifiedAddress {
  line1: string
  line2?: string | undefined
  town: string
  postcode?: string | undefined
}

export type RegisterAlertKind =
  'address-change' | 'other-address' | 'new-name' | 'child-association' | 'foreign-travel' | 'late-notification'

export interface AlertDecision {
  kind: RegisterAlertKind
  priority: 'high' | 'normal'
  title: string
  detail: string
  data?: Record<string, unknown>
}

export interface AuditDecision {
  operation: 'collect' | 'alter'
  recordType: string
  recordId: string
  details?: Record<string, unknown>
}

export interface TimelineDecision {
  kind: string
  summary: string
  details?: Record<string, unknown>
}

/** A change to the record, applied by the service through the register's repository. */
export type RegisterChange =
  | { kind: 'move-home'; addressId: string; use: 'home' | 'nfa'; movedOn: string }
  | { kind: 'add-other-address'; addressId: string; fromDate: string }
  | {
      kind: 'change-name'
      previous: { givenName: string; familyName: string }
      next: { givenName: string; middleNames: string | null; familyName: string }
    }
  | { kind: 'add-person'; personId: string; givenName: string; familyName: string; dateOfBirth?: string | undefined }
  | {
      kind: 'add-association'
      personId: string
      association: 'stays-with' | 'associate'
      relationship: string
      addressId: string | null
      fromDate: string
    }
  | { kind: 'release-from-custody' }
  | {
      kind: 'add-identity-document'
      id: string
      documentKind: string
      documentNumber: string
      issuingCountry: string
      nameOnDocument: string
      issuedOn: string | null
      expiresOn: string | null
    }
  | {
      kind: 'add-financial-account'
      id: string
      accountKind: 'bank-account' | 'debit-card' | 'credit-card'
      provider: string
      nameOnAccount: string
      sortCode: string | null
      accountNumber: string | null
      cardLast4: string | null
      cardExpiry: string | null
    }
  | {
      kind: 'add-foreign-travel'
      id: string
      departureAt: Temporal.Instant
      departurePoint: string
      returnOn: string | null
      returnPoint: string | null
      carrier: string
      detailsKnownSevenDaysAhead: boolean
      reasonableExcuse: boolean
      destinations: ReadonlyArray<Record<string, string>>
    }

export interface NotificationDecision {
  /** The timeline entry's summary of what was notified ("home address 1 High St, …"). */
  summary: string
  /** Kept with the timeline entry. */
  details: Record<string, unknown>
  changes: RegisterChange[]
  /** Further timeline entries (an association with a child). */
  events: TimelineDecision[]
  audit: AuditDecision[]
  alerts: AlertDecision[]
}

/** What the service found out before deciding: nothing here is decided, only looked up or made. */
export interface NotificationFacts<K extends RecordedKind = RecordedKind> {
  subject: NotifyingSubject
  input: NotificationInputOf<K>
  today: Temporal.PlainDate
  /** The address row of the notified address (found, or made), when the kind has one. */
  addressId?: string | undefined
  /** People under 18 recorded as living at that address (household members), not the subject. */
  childrenAtAddress?: readonly string[]
  /** A fresh id for the one new record the notification makes (a person, document, account or journey). */
  newId: string
}

const fullName = (p: { givenName: string; familyName: string }) => `${p.givenName} ${p.familyName}`
const who = (s: NotifyingSubject) => `${fullName(s)} (${s.reference})`
const oneLine = (a: NotifiedAddress) => [a.line1, a.line2, a.town, a.postcode].filter(Boolean).join(', ')
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/** Where a notified address is: its Greater Manchester district, or outside the force area, or not known (no postcode). */
export function placeOf(address: NotifiedAddress): {
  district: string | null
  outsideForceArea: boolean
  place: string
} {
  const district = address.postcode ? districtForOutwardCode(outwardCode(address.postcode)) : null
  const outsideForceArea = address.postcode !== undefined && district === null
  const place = district
    ? (districtName(district) ?? district)
    : outsideForceArea
      ? 'outside Greater Manchester'
      : 'district not known'
  return { district, outsideForceArea, place }
}

/** "14:5" → 14:05; London wall-clock time to an instant (the clock change is London's, not the server's). */
export function londonInstant(date: string, time: string): Temporal.Instant {
  const [h, m] = time.split(':')
  return Temporal.PlainDateTime.from(`${date}T${(h ?? '0').padStart(2, '0')}:${(m ?? '0').padStart(2, '0')}`)
    .toZonedDateTime(LONDON)
    .toInstant()
}

/** A child recorded at a notified address: an association with a child (timeline) and a high-priority alert. */
function childAtAddress(
  decision: NotificationDecision,
  subject: NotifyingSubject,
  addressId: string,
  children: readonly string[],
  what: string,
): void {
  const n = children.length
  if (n === 0) return
  decision.events.push({
    kind: 'association-with-child',
    summary: `Association with a child: ${plural(n, 'child', 'children')} under 18 recorded at the ${what}`,
    details: { addressId, children: [...children] },
  })
  decision.alerts.push({
    kind: 'child-association',
    priority: 'high',
    title: `Child at ${what}: ${who(subject)}`,
    detail: `${plural(n, 'child', 'children')} under 18 ${n === 1 ? 'is' : 'are'} recorded at the ${what}.`,
    data: { addressId, children: n, reason: 'address-with-child' },
  })
}

const empty = (): NotificationDecision => ({ summary: '', details: {}, changes: [], events: [], audit: [], alerts: [] })

const required = (value: string | undefined, what: string): string => {
  if (value === undefined) throw new Error(`${what} is needed to decide this notification`)
  return value
}

/**
 * s.83(1) initial notification and s.84(1)(b) change of home address: the new home (or, with no fixed abode, the
 * place they can regularly be found, s.83(7)) replaces the old one; another force area is flagged for transfer.
 */
export function decideHomeAddress(
  facts: NotificationFacts<'initial' | 'change-of-home-address'>,
): NotificationDecision {
  const { input, subject } = facts
  const addressId = required(facts.addressId, 'The address row')
  const nfa = input.noFixedAbode === 'yes'
  const { district, outsideForceArea, place } = placeOf(input.address)
  const decision = empty()
  decision.summary = `${nfa ? 'no fixed abode, regularly found at' : 'home address'} ${oneLine(input.address)} (${place})`
  decision.details = { addressId, district, outsideForceArea }
  decision.changes.push({ kind: 'move-home', addressId, use: nfa ? 'nfa' : 'home', movedOn: input.eventDate })
  decision.audit.push({
    operation: 'alter',
    recordType: 'person_address',
    recordId: addressId,
    details: { kind: input.kind },
  })
  decision.alerts.push({
    kind: 'address-change',
    priority: outsideForceArea ? 'high' : 'normal',
    title: `New home address: ${who(subject)}`,
    detail: `Moved on ${input.eventDate} to ${oneLine(input.address)}: ${place}${outsideForceArea ? ' (another force area: arrange the transfer)' : ''}.`,
    data: { district, districtName: place, outsideForceArea },
  })
  childAtAddress(decision, subject, addressId, facts.childrenAtAddress ?? [], 'new home address')
  return decision
}

/** s.84(1)(c): an address where they stayed for a qualifying period is added beside the home. */
export function decideOtherAddress(facts: NotificationFacts<'other-address'>): NotificationDecision {
  const { input, subject } = facts
  const addressId = required(facts.addressId, 'The address row')
  const { district } = placeOf(input.address)
  const place = district ? (districtName(district) ?? district) : 'outside Greater Manchester'
  const decision = empty()
  decision.summary = `stayed at ${oneLine(input.address)} (${place}) for a qualifying period from ${input.fromDate}`
  decision.details = { addressId, district, outsideForceArea: district === null }
  decision.changes.push({ kind: 'add-other-address', addressId, fromDate: input.fromDate })
  decision.audit.push({
    operation: 'alter',
    recordType: 'person_address',
    recordId: addressId,
    details: { kind: 'other' },
  })
  decision.alerts.push({
    kind: 'other-address',
    priority: district === null ? 'high' : 'normal',
    title: `New other address: ${who(subject)}`,
    detail: `Staying at ${oneLine(input.address)} (${place}) since ${input.fromDate}.`,
    data: { district, districtName: place, outsideForceArea: district === null },
  })
  childAtAddress(decision, subject, addressId, facts.childrenAtAddress ?? [], 'other address')
  return decision
}

/** s.84(1)(a): the new name is used from now on; the previous one is kept as an alias so searches still find them. */
export function decideChangeOfName(facts: NotificationFacts<'change-of-name'>): NotificationDecision {
  const { input, subject } = facts
  const previous = { givenName: subject.givenName, familyName: subject.familyName }
  const next = { givenName: input.givenName, middleNames: input.middleNames ?? null, familyName: input.familyName }
  const decision = empty()
  decision.summary = `now uses the name ${fullName(next)} (previously ${fullName(previous)})`
  decision.changes.push({ kind: 'change-name', previous, next })
  decision.audit.push({ operation: 'alter', recordType: 'person', recordId: subject.personId, details: { name: true } })
  decision.alerts.push({
    kind: 'new-name',
    priority: 'normal',
    title: `New name: ${fullName(previous)} is now ${fullName(next)} (${subject.reference})`,
    detail: `Using the name since ${input.eventDate}. The previous name is kept as an alias for searches.`,
  })
  return decision
}

/** Reg 10 SI 2012/1876: staying 12 hours or more at a household with a child is always a high-priority alert. */
export function decideChildHousehold(facts: NotificationFacts<'child-household'>): NotificationDecision {
  const { input, subject, newId: childId } = facts
  const addressId = required(facts.addressId, 'The address row')
  const decision = empty()
  decision.summary = `staying ${CHILD_HOUSEHOLD_HOURS} hours or more at ${oneLine(input.address)}, a household with a child (${fullName(input.child)})`
  decision.details = { addressId, childPersonId: childId }
  decision.changes.push(
    { kind: 'add-person', personId: childId, ...input.child },
    {
      kind: 'add-association',
      personId: childId,
      association: 'stays-with',
      relationship: input.relationship,
      addressId,
      fromDate: input.eventDate,
    },
  )
  decision.audit.push({ operation: 'collect', recordType: 'person', recordId: childId, details: { child: true } })
  decision.events.push({
    kind: 'association-with-child',
    summary: `Association with a child: staying at a household with ${fullName(input.child)} (born ${input.child.dateOfBirth})`,
    details: { childPersonId: childId },
  })
  decision.alerts.push({
    kind: 'child-association',
    priority: 'high',
    title: `Staying with a child: ${who(subject)}`,
    detail: `Notified staying ${CHILD_HOUSEHOLD_HOURS} hours or more since ${input.eventDate} at ${oneLine(input.address)}, a household with a child born ${input.child.dateOfBirth}.`,
    data: { addressId, reason: 'child-household' },
  })
  return decision
}

/** s.84(1)(d): a subject in custody is active again. No alert: the release was expected. */
export function decideReleaseFromCustody(facts: NotificationFacts<'release-from-custody'>): NotificationDecision {
  const { input, subject } = facts
  const decision = empty()
  decision.summary = `released from ${input.establishment} on ${input.eventDate}`
  decision.changes.push({ kind: 'release-from-custody' })
  decision.audit.push({
    operation: 'alter',
    recordType: 'subject',
    recordId: subject.id,
    details: { status: 'active' },
  })
  return decision
}

/** s.85(1): the periodic notification confirms the details; nothing else changes. */
export function decidePeriodic(facts: NotificationFacts<'periodic'>): NotificationDecision {
  const decision = empty()
  decision.summary =
    facts.input.noFixedAbode === 'yes'
      ? `no fixed abode (${noFixedAbodeFrequency(DEFAULT_REGISTER_SETTINGS.noFixedAbodePeriodDays)} notification)`
      : 'details confirmed'
  return decision
}

/** SI 2012/1876: identity documents given at a notification are kept with it. */
export function decideIdentityDocuments(facts: NotificationFacts<'identity-documents'>): NotificationDecision {
  const { input, newId } = facts
  const decision = empty()
  decision.summary = `${input.documentKind.replace('-', ' ')} issued by ${input.issuingCountry}`
  decision.changes.push({
    kind: 'add-identity-document',
    id: newId,
    documentKind: input.documentKind,
    documentNumber: input.documentNumber.toUpperCase(),
    issuingCountry: input.issuingCountry,
    nameOnDocument: input.nameOnDocument,
    issuedOn: input.issuedOn ?? null,
    expiresOn: input.expiresOn ?? null,
  })
  decision.audit.push({ operation: 'collect', recordType: 'identity_document', recordId: newId })
  return decision
}

/** SI 2012/1876: bank and card details; a card is kept as its last 4 digits only (PCI DSS 3.4). */
export function decideBankDetails(facts: NotificationFacts<'bank-details'>): NotificationDecision {
  const { input, newId } = facts
  const card = input.accountKind !== 'bank-account'
  const truncated = card && input.cardNumber ? truncateCardNumber(input.cardNumber) : null
  const last4 = card ? (truncated && 'last4' in truncated ? truncated.last4 : (input.cardLast4 ?? '')) : null
  const expiry = card ? /^(\d{2})\/(\d{2})$/.exec((input.cardExpiry ?? '').replace(/\s/g, '')) : null
  const decision = empty()
  decision.summary = `${input.accountKind.replace('-', ' ')} with ${input.provider}${last4 ? ` ending ${last4}` : ''}`
  decision.changes.push({
    kind: 'add-financial-account',
    id: newId,
    accountKind: input.accountKind,
    provider: input.provider,
    nameOnAccount: input.nameOnAccount,
    sortCode: card ? null : (input.sortCode ?? '').replace(/[\s-]/g, ''),
    accountNumber: card ? null : (input.accountNumber ?? '').replace(/\s/g, '').padStart(8, '0'),
    cardLast4: last4,
    cardExpiry: expiry ? `20${expiry[2] ?? ''}-${expiry[1] ?? ''}` : null,
  })
  decision.audit.push({ operation: 'collect', recordType: 'financial_account', recordId: newId })
  return decision
}

/** s.86: the journey is recorded and the managers told where and when the subject travels. */
export function decideForeignTravel(facts: NotificationFacts<'foreign-travel'>): NotificationDecision {
  const { input, subject, newId } = facts
  const countries = input.destinations.map(d => d.country)
  const returning = input.returnDate ? `, returning ${input.returnDate}` : ''
  const decision = empty()
  decision.summary = `travelling to ${countries.join(', ')} on ${input.departureDate} from ${input.departurePoint}${returning}`
  decision.changes.push({
    kind: 'add-foreign-travel',
    id: newId,
    departureAt: londonInstant(input.departureDate, input.departureTime),
    departurePoint: input.departurePoint,
    returnOn: input.returnDate ?? null,
    returnPoint: input.returnPoint ?? null,
    carrier: input.carrier,
    detailsKnownSevenDaysAhead: input.detailsKnownSevenDaysAhead === 'yes',
    reasonableExcuse: input.reasonableExcuse === 'yes',
    destinations: input.destinations,
  })
  decision.audit.push({ operation: 'collect', recordType: 'foreign_travel', recordId: newId })
  decision.alerts.push({
    kind: 'foreign-travel',
    priority: 'normal',
    title: `Foreign travel: ${who(subject)} to ${countries.join(', ')}`,
    detail: `Departing ${input.departureDate} at ${input.departureTime} from ${input.departurePoint} (${input.carrier})${returning}.`,
    data: { countries, departureDate: input.departureDate },
  })
  return decision
}

/**
 * A new associate (risk management, no statutory deadline): an association with a child is flagged when the
 * associate is under 18 today or a child under 18 lives in the associate's household.
 */
export function decideAssociation(facts: NotificationFacts<'association'>): NotificationDecision {
  const { input, subject, newId: associateId, today } = facts
  const addressId = input.address ? required(facts.addressId, 'The address row') : null
  const children = facts.childrenAtAddress ?? []
  const associateIsChild =
    input.associate.dateOfBirth !== undefined &&
    Temporal.PlainDate.compare(Temporal.PlainDate.from(input.associate.dateOfBirth).add({ years: 18 }), today) > 0
  const decision = empty()
  decision.summary = `new associate ${fullName(input.associate)} (${input.relationship})`
  decision.details = { associatePersonId: associateId, addressId }
  decision.changes.push(
    { kind: 'add-person', personId: associateId, ...input.associate },
    {
      kind: 'add-association',
      personId: associateId,
      association: 'associate',
      relationship: input.relationship,
      addressId,
      fromDate: input.eventDate,
    },
  )
  decision.audit.push({
    operation: 'collect',
    recordType: 'person',
    recordId: associateId,
    details: { associate: true },
  })
  if (associateIsChild || children.length > 0) {
    const why = associateIsChild ? 'the associate is under 18' : `a child under 18 lives in the associate's household`
    decision.events.push({
      kind: 'association-with-child',
      summary: `Association with a child: ${why} (${fullName(input.associate)})`,
    })
    decision.alerts.push({
      kind: 'child-association',
      priority: 'high',
      title: `Associate with a child: ${who(subject)}`,
      detail: `New associate ${fullName(input.associate)} (${input.relationship}): ${why}.`,
      data: {
        reason: associateIsChild ? 'associate-is-child' : 'associate-household-child',
        children: children.length,
      },
    })
  }
  return decision
}

/** The decision for any kind of notification. */
export function decideNotification(
  facts: Omit<NotificationFacts, 'input'> & { input: NotificationInput },
): NotificationDecision {
  const { input } = facts
  const as = <K extends RecordedKind>(i: NotificationInputOf<K>): NotificationFacts<K> => ({ ...facts, input: i })
  switch (input.kind) {
    case 'initial':
    case 'change-of-home-address':
      return decideHomeAddress(as<'initial' | 'change-of-home-address'>(input))
    case 'other-address':
      return decideOtherAddress(as<'other-address'>(input))
    case 'change-of-name':
      return decideChangeOfName(as<'change-of-name'>(input))
    case 'child-household':
      return decideChildHousehold(as<'child-household'>(input))
    case 'release-from-custody':
      return decideReleaseFromCustody(as<'release-from-custody'>(input))
    case 'periodic':
      return decidePeriodic(as<'periodic'>(input))
    case 'identity-documents':
      return decideIdentityDocuments(as<'identity-documents'>(input))
    case 'bank-details':
      return decideBankDetails(as<'bank-details'>(input))
    case 'foreign-travel':
      return decideForeignTravel(as<'foreign-travel'>(input))
    case 'association':
      return decideAssociation(as<'association'>(input))
  }
}

/** The address a notification names, if it has one (the service finds or makes its row before deciding). */
export function notifiedAddressOf(input: NotificationInput): NotifiedAddress | undefined {
  return 'address' in input ? input.address : undefined
}

/** Whether the decision looks for children recorded at the notified address (not for a child's own household). */
export function checksChildrenAtAddress(input: NotificationInput): boolean {
  return (
    input.kind === 'initial' ||
    input.kind === 'change-of-home-address' ||
    input.kind === 'other-address' ||
    input.kind === 'association'
  )
}

/**
 * s.91: a notification given after its deadline is a possible failure to comply: recorded, on the timeline, and a
 * high-priority alert for the managers to review.
 */
export function decideLateNotification(args: {
  subject: NotifyingSubject
  kind: RecordedKind
  deadline: string
  daysLate: number
}): { basis: string; event: TimelineDecision; alert: AlertDecision } {
  const { subject, kind, deadline, daysLate } = args
  const basis = isStatutoryKind(kind) ? STATUTORY_BASIS[kind] : ''
  const summary = `${KIND_LABELS[kind]} given ${plural(daysLate, 'day', 'days')} late (due by ${deadline}, ${basis})`
  return {
    basis,
    event: {
      kind: 'possible-failure-to-comply',
      summary: `Possible failure to comply: ${summary}`,
      details: { daysLate, deadline, basis },
    },
    alert: {
      kind: 'late-notification',
      priority: 'high',
      title: `Late notification: ${who(subject)}`,
      detail: `${summary}. A possible failure to comply (s.91) needs your review.`,
      data: { daysLate, deadline, basis },
    },
  }
}

const isStatutoryKind = (kind: string): kind is NotificationKind => kind in STATUTORY_BASIS

/** The notification as the engine assesses it (lateness); null for kinds with no statutory deadline. */
export function engineRecordOf(input: NotificationInput, notifiedAt: Temporal.Instant): NotificationRecord | null {
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
          notifiedAt: notifiedAt.toZonedDateTimeISO(LONDON).toPlainDateTime(),
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
    case 'identity-documents':
    case 'bank-details':
    case 'association':
      return null
  }
}

/** What the notification row keeps: the answers, with card numbers cut to their last 4 digits. */
export function storedDetails(input: NotificationInput): Record<string, unknown> {
  const { notifiedOn: _on, notifiedTime: _time, policeStation: _station, kind: _kind, ...rest } = input
  if (input.kind === 'bank-details') {
    const { cardNumber, ...bank } = rest as Omit<NotificationInputOf<'bank-details'>, 'kind'>
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
