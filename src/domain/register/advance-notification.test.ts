import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Temporal } from 'temporal-polyfill'
import { advanceNotificationOutcome } from './advance-notification.ts'
import { registerSettings } from './settings.ts'

const d = (iso: string) => Temporal.PlainDate.from(iso)
const EXPECTED = d('2025-03-10')
const outcome = (eventDate: string | null, asOf = '2025-04-01') =>
  advanceNotificationOutcome({
    expectedDate: EXPECTED,
    eventDate: eventDate === null ? null : d(eventDate),
    asOf: d(asOf),
  })

test('a move on the date given in advance is covered by the advance notification', () => {
  assert.deepEqual(outcome('2025-03-10'), { status: 'effective' })
})

test('a move 2 days before the date given is still covered (s.84(3) needs "more than 2 days")', () => {
  assert.deepEqual(outcome('2025-03-08'), { status: 'effective' })
})

test('a move 3 days before the date given is not covered: the 3-day duty runs from the move', () => {
  assert.deepEqual(outcome('2025-03-07'), { status: 'event-too-early', changeDeadline: d('2025-03-09') })
})

test('a move on the 3rd day beginning with the date given is still covered (s.84(4))', () => {
  assert.deepEqual(outcome('2025-03-12'), { status: 'effective' })
})

test('a move 3 days after the date given is not covered: non-occurrence by the 6th day, the move within 3 days', () => {
  assert.deepEqual(outcome('2025-03-13'), {
    status: 'event-did-not-occur',
    nonOccurrenceDeadline: d('2025-03-15'),
    changeDeadline: d('2025-03-15'),
  })
})

test('while the 3 days beginning with the date given run, a move that has not happened is awaited', () => {
  assert.deepEqual(outcome(null, '2025-03-12'), { status: 'awaiting-event', windowEnds: d('2025-03-12') })
})

test('a move that has not happened by the 3rd day must be reported as not having happened by the 6th day', () => {
  assert.deepEqual(outcome(null, '2025-03-13'), {
    status: 'event-did-not-occur',
    nonOccurrenceDeadline: d('2025-03-15'),
    changeDeadline: null,
  })
})

test('days abroad extend the 6 days for reporting that a move did not happen (s.84(5))', () => {
  const result = advanceNotificationOutcome({
    expectedDate: EXPECTED,
    eventDate: null,
    asOf: d('2025-03-20'),
    disregarded: [{ from: d('2025-03-11'), to: d('2025-03-14'), reason: 'abroad' }],
  })
  assert.equal(result.status === 'event-did-not-occur' && result.nonOccurrenceDeadline?.toString(), '2025-03-18')
})

test('the disregard for the 6-day period can be switched off in settings', () => {
  const result = advanceNotificationOutcome(
    {
      expectedDate: EXPECTED,
      eventDate: null,
      asOf: d('2025-03-20'),
      disregarded: [{ from: d('2025-03-11'), to: d('2025-03-14'), reason: 'abroad' }],
    },
    registerSettings({ disregardInNonOccurrencePeriod: false }),
  )
  assert.equal(result.status === 'event-did-not-occur' && result.nonOccurrenceDeadline?.toString(), '2025-03-15')
})

test('the 6 days beginning with a date given as 27 February in a leap year end on 3 March', () => {
  const result = advanceNotificationOutcome({ expectedDate: d('2024-02-27'), eventDate: null, asOf: d('2024-03-01') })
  assert.equal(result.status === 'event-did-not-occur' && result.nonOccurrenceDeadline?.toString(), '2024-03-03')
})
