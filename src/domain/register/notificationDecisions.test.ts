import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Temporal } from 'temporal-polyfill'
import {
  decideLateNotification,
  decideNotification,
  engineRecordOf,
  storedDetails,
  type NotificationDecision,
} from './notificationDecisions.ts'
import { parseNotification, type NotificationInput } from './notificationInput.ts'

const today = Temporal.PlainDate.from('2026-11-23')
const subject = {
  id: 'subject-1',
  personId: 'person-1',
  reference: 'GMP-RSO-0001',
  givenName: 'John',
  familyName: 'Smith',
}
const given = { notifiedOn: '2026-11-23', notifiedTime: '09:30', policeStation: 'Trafford police station' }
const input = (raw: Record<string, unknown>): NotificationInput => parseNotification({ ...given, ...raw }, today)
const decide = (
  raw: Record<string, unknown>,
  facts: { addressId?: string; childrenAtAddress?: string[] } = {},
): NotificationDecision =>
  decideNotification({ subject, input: input(raw), today, newId: 'new-1', addressId: 'address-1', ...facts })

const inManchester = { line1: '1 Talbot Road', town: 'Stretford', postcode: 'M16 0RA' }
const inLeeds = { line1: '2 Park Row', town: 'Leeds', postcode: 'LS1 5HD' }

interface Case {
  behaviour: string
  raw: Record<string, unknown>
  facts?: { addressId?: string; childrenAtAddress?: string[] }
  changes: string[]
  alerts: Array<[string, 'high' | 'normal']>
  events?: string[]
  audit: string[]
}

const CASES: Case[] = [
  {
    behaviour: 'a new home in Greater Manchester moves the home and tells the managers (normal priority)',
    raw: { kind: 'change-of-home-address', eventDate: '2026-11-22', noFixedAbode: 'no', address: inManchester },
    changes: ['move-home'],
    alerts: [['address-change', 'normal']],
    audit: ['alter person_address'],
  },
  {
    behaviour: 'a new home in another force area is high priority (arrange the transfer)',
    raw: { kind: 'change-of-home-address', eventDate: '2026-11-22', noFixedAbode: 'no', address: inLeeds },
    changes: ['move-home'],
    alerts: [['address-change', 'high']],
    audit: ['alter person_address'],
  },
  {
    behaviour: 'a new home where a child is recorded also raises an association with a child',
    raw: { kind: 'change-of-home-address', eventDate: '2026-11-22', noFixedAbode: 'no', address: inManchester },
    facts: { childrenAtAddress: ['child-1', 'child-2'] },
    changes: ['move-home'],
    alerts: [
      ['address-change', 'normal'],
      ['child-association', 'high'],
    ],
    events: ['association-with-child'],
    audit: ['alter person_address'],
  },
  {
    behaviour: 'an initial notification with no fixed abode records where they can regularly be found',
    raw: {
      kind: 'initial',
      eventDate: '2026-11-22',
      noFixedAbode: 'yes',
      address: { line1: 'Piccadilly Gardens', town: 'Manchester' },
    },
    changes: ['move-home'],
    alerts: [['address-change', 'normal']],
    audit: ['alter person_address'],
  },
  {
    behaviour: 'an other address is added beside the home, not instead of it',
    raw: { kind: 'other-address', eventDate: '2026-11-22', fromDate: '2026-11-10', address: inManchester },
    changes: ['add-other-address'],
    alerts: [['other-address', 'normal']],
    audit: ['alter person_address'],
  },
  {
    behaviour: 'a change of name keeps the old name as an alias and tells the managers',
    raw: { kind: 'change-of-name', eventDate: '2026-11-22', givenName: 'Jon', familyName: 'Smyth' },
    changes: ['change-name'],
    alerts: [['new-name', 'normal']],
    audit: ['alter person'],
  },
  {
    behaviour: 'staying with a child records the child and the association, always high priority',
    raw: {
      kind: 'child-household',
      eventDate: '2026-11-22',
      address: inManchester,
      relationship: 'Friend of the family',
      child: { givenName: 'Amy', familyName: 'Jones', dateOfBirth: '2015-04-01' },
    },
    changes: ['add-person', 'add-association'],
    alerts: [['child-association', 'high']],
    events: ['association-with-child'],
    audit: ['collect person'],
  },
  {
    behaviour: 'a release from custody makes the subject active again, without an alert',
    raw: { kind: 'release-from-custody', eventDate: '2026-11-22', establishment: 'HMP Manchester' },
    changes: ['release-from-custody'],
    alerts: [],
    audit: ['alter subject'],
  },
  {
    behaviour: 'a periodic notification changes nothing and raises nothing',
    raw: { kind: 'periodic', noFixedAbode: 'no' },
    changes: [],
    alerts: [],
    audit: [],
  },
  {
    behaviour: 'an identity document is kept, with its number in capitals',
    raw: {
      kind: 'identity-documents',
      documentKind: 'passport',
      documentNumber: 'ab123456',
      issuingCountry: 'United Kingdom',
      nameOnDocument: 'John Smith',
    },
    changes: ['add-identity-document'],
    alerts: [],
    audit: ['collect identity_document'],
  },
  {
    behaviour: 'a bank card is kept as its last 4 digits only',
    raw: {
      kind: 'bank-details',
      accountKind: 'debit-card',
      provider: 'Barclays',
      nameOnAccount: 'J Smith',
      cardNumber: '4539 1488 0343 6467',
      cardExpiry: '04/28',
    },
    changes: ['add-financial-account'],
    alerts: [],
    audit: ['collect financial_account'],
  },
  {
    behaviour: 'foreign travel is recorded and the managers told where to',
    raw: {
      kind: 'foreign-travel',
      departureDate: '2026-12-10',
      departureTime: '07:15',
      departurePoint: 'Manchester Airport',
      carrier: 'EZY1234',
      detailsKnownSevenDaysAhead: 'yes',
      destinations: [{ country: 'Spain', arrivalPoint: 'Malaga', accommodation: 'Hotel Sol' }],
    },
    changes: ['add-foreign-travel'],
    alerts: [['foreign-travel', 'normal']],
    audit: ['collect foreign_travel'],
  },
  {
    behaviour: 'an adult associate with no children at home is recorded without an alert',
    raw: {
      kind: 'association',
      eventDate: '2026-11-20',
      relationship: 'Work colleague',
      associate: { givenName: 'Mark', familyName: 'Brown', dateOfBirth: '1980-01-01' },
    },
    changes: ['add-person', 'add-association'],
    alerts: [],
    audit: ['collect person'],
  },
  {
    behaviour: 'an associate under 18 is an association with a child (high priority)',
    raw: {
      kind: 'association',
      eventDate: '2026-11-20',
      relationship: 'Neighbour',
      associate: { givenName: 'Tom', familyName: 'Green', dateOfBirth: '2010-06-01' },
    },
    changes: ['add-person', 'add-association'],
    alerts: [['child-association', 'high']],
    events: ['association-with-child'],
    audit: ['collect person'],
  },
  {
    behaviour: 'an associate with a child in their household is an association with a child (high priority)',
    raw: {
      kind: 'association',
      eventDate: '2026-11-20',
      relationship: 'Friend',
      associate: { givenName: 'Sue', familyName: 'White' },
      address: inManchester,
    },
    facts: { childrenAtAddress: ['child-9'] },
    changes: ['add-person', 'add-association'],
    alerts: [['child-association', 'high']],
    events: ['association-with-child'],
    audit: ['collect person'],
  },
]

for (const c of CASES) {
  test(c.behaviour, () => {
    const decision = decide(c.raw, c.facts)
    assert.deepEqual(
      decision.changes.map(x => x.kind),
      c.changes,
    )
    assert.deepEqual(
      decision.alerts.map(a => [a.kind, a.priority]),
      c.alerts,
    )
    assert.deepEqual(
      decision.events.map(e => e.kind),
      c.events ?? [],
    )
    assert.deepEqual(
      decision.audit.map(a => `${a.operation} ${a.recordType}`),
      c.audit,
    )
    assert.ok(decision.summary.length > 0, 'every notification says what it was on the timeline')
  })
}

test('a child staying in a household is recorded under the fresh id, and the association names that child', () => {
  const decision = decide({
    kind: 'child-household',
    eventDate: '2026-11-22',
    address: inManchester,
    relationship: 'Friend of the family',
    child: { givenName: 'Amy', familyName: 'Jones', dateOfBirth: '2015-04-01' },
  })
  assert.deepEqual(
    decision.changes.map(c => ('personId' in c ? c.personId : null)),
    ['new-1', 'new-1'],
  )
})

test('a change of name alerts with the old and the new name', () => {
  const [alert] = decide({
    kind: 'change-of-name',
    eventDate: '2026-11-22',
    givenName: 'Jon',
    familyName: 'Smyth',
  }).alerts
  assert.equal(alert?.title, 'New name: John Smith is now Jon Smyth (GMP-RSO-0001)')
})

test('a bank card number never leaves the decision in full', () => {
  const raw = {
    kind: 'bank-details',
    accountKind: 'debit-card',
    provider: 'Barclays',
    nameOnAccount: 'J Smith',
    cardNumber: '4539 1488 0343 6467',
    cardExpiry: '04/28',
  }
  const decision = decide(raw)
  assert.doesNotMatch(JSON.stringify(decision), /45391488|4539 1488/)
  assert.doesNotMatch(JSON.stringify(storedDetails(input(raw))), /45391488|4539 1488/)
  assert.deepEqual(
    decision.changes.map(c => (c.kind === 'add-financial-account' ? [c.cardLast4, c.cardExpiry] : null)),
    [['6467', '2028-04']],
  )
})

test('a notification given late is a possible failure to comply (s.91) with a high-priority alert', () => {
  const late = decideLateNotification({ subject, kind: 'change-of-home-address', deadline: '2026-11-20', daysLate: 3 })
  assert.equal(late.basis, 's.84(1)(b)')
  assert.equal(late.event.kind, 'possible-failure-to-comply')
  assert.equal(late.alert.priority, 'high')
  assert.match(late.alert.detail, /given 3 days late \(due by 2026-11-20, s\.84\(1\)\(b\)\)/)
})

test('notifications with no statutory deadline are not assessed for lateness', () => {
  const at = Temporal.Instant.from('2026-11-23T09:30:00Z')
  assert.equal(
    engineRecordOf(
      input({
        kind: 'association',
        eventDate: '2026-11-20',
        relationship: 'x',
        associate: { givenName: 'A', familyName: 'B' },
      }),
      at,
    ),
    null,
  )
  assert.equal(engineRecordOf(input({ kind: 'periodic', noFixedAbode: 'no' }), at)?.kind, 'periodic')
})
