import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Temporal } from 'temporal-polyfill'
import type { EventNotificationRecord, NotificationRecord } from './history.ts'
import { assessNotificationHistory } from './history.ts'

const d = (iso: string) => Temporal.PlainDate.from(iso)
const initial = (on: string, notifiedOn = on, noFixedAbode?: boolean): NotificationRecord => ({
  kind: 'initial',
  eventDate: d(on),
  notifiedOn: d(notifiedOn),
  noFixedAbode,
})
const periodic = (notifiedOn: string): NotificationRecord => ({ kind: 'periodic', notifiedOn: d(notifiedOn) })
const homeAddress = (eventDate: string, notifiedOn: string, noFixedAbode?: boolean): EventNotificationRecord => ({
  kind: 'change-of-home-address',
  eventDate: d(eventDate),
  notifiedOn: d(notifiedOn),
  noFixedAbode,
})

test('a change of home address notified on time raises nothing and restarts the annual clock', () => {
  const result = assessNotificationHistory({
    notifications: [initial('2020-01-10'), homeAddress('2020-06-01', '2020-06-02')],
    asOf: d('2021-01-20'),
  })
  assert.deepEqual(result.possibleFailuresToComply, [])
  assert.equal(result.nextPeriodic?.due?.toString(), '2021-06-02')
  assert.equal(result.periodicOverdue, false)
})

test('a change of home address on 30 January notified on 4 February is 3 days late', () => {
  const result = assessNotificationHistory({
    notifications: [initial('2020-01-01'), homeAddress('2025-01-30', '2025-02-04')],
    asOf: d('2025-02-04'),
  })
  const [late] = result.possibleFailuresToComply
  assert.equal(late?.basis, 's.84(1)(b)')
  assert.equal(late.deadline?.toString(), '2025-02-01')
  assert.equal(late.daysLate, 3)
})

test('an initial notification given 4 days after conviction is late by a day', () => {
  const result = assessNotificationHistory({
    notifications: [initial('2025-03-01', '2025-03-04')],
    asOf: d('2025-03-04'),
  })
  assert.deepEqual(
    result.notifications.map(n => [n.basis, n.late, n.daysLate]),
    [['s.83(1)', true, 1]],
  )
})

test('a late change notified after time in custody is measured with the custody disregarded', () => {
  const result = assessNotificationHistory({
    notifications: [initial('2020-01-01'), homeAddress('2025-03-01', '2025-03-06')],
    disregarded: [{ from: d('2025-03-02'), to: d('2025-03-05'), reason: 'custody' }],
    asOf: d('2025-03-06'),
  })
  assert.equal(result.notifications[1]?.late, false)
})

test('a periodic notification a year after the last one is on time, and 5 days later is 5 days late', () => {
  const onTime = assessNotificationHistory({
    notifications: [initial('2020-03-15'), periodic('2021-03-15')],
    asOf: d('2021-03-15'),
  })
  assert.equal(onTime.notifications[1]?.late, false)
  const late = assessNotificationHistory({
    notifications: [initial('2020-03-15'), periodic('2021-03-20')],
    asOf: d('2021-03-20'),
  })
  assert.deepEqual([late.notifications[1]?.deadline?.toString(), late.notifications[1]?.daysLate], ['2021-03-15', 5])
})

test('a periodic notification falls overdue the day after its anniversary', () => {
  const history = { notifications: [initial('2020-03-15')] }
  assert.equal(assessNotificationHistory({ ...history, asOf: d('2021-03-15') }).periodicOverdue, false)
  const overdue = assessNotificationHistory({ ...history, asOf: d('2021-03-17') })
  assert.deepEqual([overdue.periodicOverdue, overdue.daysOverdue], [true, 2])
})

test('the annual date is reset by any s.84 change, so a periodic notification is not overdue on the old date', () => {
  const result = assessNotificationHistory({
    notifications: [
      initial('2020-03-15'),
      { kind: 'change-of-name', eventDate: d('2020-11-01'), notifiedOn: d('2020-11-02') },
    ],
    asOf: d('2021-03-20'),
  })
  assert.equal(result.periodicOverdue, false)
  assert.equal(result.nextPeriodic?.due?.toString(), '2021-11-02')
})

test('staying with a child and foreign travel do not reset the annual date', () => {
  const result = assessNotificationHistory({
    notifications: [
      initial('2020-03-15'),
      { kind: 'child-household', eventDate: d('2020-10-01'), notifiedOn: d('2020-10-02') },
      {
        kind: 'foreign-travel',
        travel: {
          departure: Temporal.PlainDateTime.from('2020-12-20T08:00'),
          notifiedAt: Temporal.PlainDateTime.from('2020-12-01T10:00'),
          detailsKnownSevenDaysAhead: true,
        },
      },
    ],
    asOf: d('2021-03-16'),
  })
  assert.equal(result.nextPeriodic?.due?.toString(), '2021-03-15')
  assert.deepEqual([result.periodicOverdue, result.daysOverdue], [true, 1])
  assert.deepEqual(result.possibleFailuresToComply, [])
})

test('with no fixed abode periodic notifications are weekly, and one a day late is flagged', () => {
  const result = assessNotificationHistory({
    notifications: [initial('2025-03-01', '2025-03-01', true), periodic('2025-03-08'), periodic('2025-03-16')],
    asOf: d('2025-03-16'),
  })
  assert.deepEqual(
    result.notifications.map(n => [n.deadline?.toString() ?? null, n.daysLate]),
    [
      ['2025-03-03', 0],
      ['2025-03-08', 0],
      ['2025-03-15', 1],
    ],
  )
  assert.equal(result.nextPeriodic?.due?.toString(), '2025-03-23')
})

test('notifying a fixed home address ends weekly notification', () => {
  const result = assessNotificationHistory({
    notifications: [initial('2025-03-01', '2025-03-01', true), homeAddress('2025-03-05', '2025-03-06', false)],
    asOf: d('2025-03-20'),
  })
  assert.equal(result.nextPeriodic?.due?.toString(), '2026-03-06')
  assert.equal(result.periodicOverdue, false)
})

test('a subject recorded as of no fixed abode before the history starts notifies weekly', () => {
  const result = assessNotificationHistory({
    notifications: [periodic('2025-03-01')],
    noFixedAbode: true,
    asOf: d('2025-03-09'),
  })
  assert.deepEqual([result.nextPeriodic?.due?.toString(), result.daysOverdue], ['2025-03-08', 1])
})

test('a periodic notification due while in custody is not overdue until 3 days after release', () => {
  const history = {
    notifications: [initial('2020-03-15')],
    disregarded: [{ from: d('2021-02-01'), to: d('2021-04-10'), reason: 'custody' as const }],
  }
  assert.equal(assessNotificationHistory({ ...history, asOf: d('2021-04-12') }).periodicOverdue, false)
  assert.equal(assessNotificationHistory({ ...history, asOf: d('2021-04-13') }).daysOverdue, 1)
})

test('a periodic notification due while still in custody is never overdue', () => {
  const result = assessNotificationHistory({
    notifications: [initial('2020-03-15')],
    disregarded: [{ from: d('2021-02-01'), to: null, reason: 'custody' }],
    asOf: d('2030-01-01'),
  })
  assert.deepEqual([result.nextPeriodic?.due, result.periodicOverdue], [null, false])
})

test('no periodic notification is due after the notification period has ended', () => {
  const result = assessNotificationHistory({
    notifications: [initial('2020-03-15')],
    requirementLastDay: d('2021-03-14'),
    asOf: d('2022-01-01'),
  })
  assert.deepEqual([result.nextPeriodic, result.periodicOverdue], [null, false])
})

test('a change notified in advance for the day it happened is not late', () => {
  const result = assessNotificationHistory({
    notifications: [
      initial('2020-01-01'),
      { ...homeAddress('2025-03-10', '2025-03-01'), expectedDate: d('2025-03-10') },
    ],
    asOf: d('2025-03-20'),
  })
  assert.deepEqual(result.notifications[1]?.advance, { status: 'effective' })
  assert.equal(result.notifications[1].late, false)
  assert.equal(result.nextPeriodic?.due?.toString(), '2026-03-01')
})

test('a move more than 2 days before the date notified in advance leaves the 3-day duty outstanding', () => {
  const result = assessNotificationHistory({
    notifications: [
      initial('2020-01-01'),
      { ...homeAddress('2025-03-05', '2025-03-01'), expectedDate: d('2025-03-10') },
    ],
    asOf: d('2025-03-20'),
  })
  assert.deepEqual(result.notifications[1]?.advance, { status: 'event-too-early', changeDeadline: d('2025-03-07') })
})

test('late foreign travel is a possible failure to comply', () => {
  const result = assessNotificationHistory({
    notifications: [
      {
        kind: 'foreign-travel',
        travel: {
          departure: Temporal.PlainDateTime.from('2025-03-15T08:00'),
          notifiedAt: Temporal.PlainDateTime.from('2025-03-11T10:00'),
          detailsKnownSevenDaysAhead: true,
        },
      },
    ],
    asOf: d('2025-03-11'),
  })
  assert.deepEqual(
    result.possibleFailuresToComply.map(n => [n.basis, n.daysLate]),
    [['s.86', 3]],
  )
})

test('notifications are assessed in the order they were given, and reported in the order passed in', () => {
  const result = assessNotificationHistory({
    notifications: [periodic('2021-03-20'), initial('2020-03-15')],
    asOf: d('2021-03-20'),
  })
  assert.deepEqual(
    result.notifications.map(n => [n.record.kind, n.daysLate]),
    [
      ['periodic', 5],
      ['initial', 0],
    ],
  )
})

test('with no notifications yet there is no periodic notification due', () => {
  const result = assessNotificationHistory({ notifications: [], asOf: d('2025-01-01') })
  assert.deepEqual([result.nextPeriodic, result.periodicOverdue, result.notifications], [null, false, []])
})
