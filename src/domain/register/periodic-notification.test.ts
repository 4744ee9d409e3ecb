import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Temporal } from 'temporal-polyfill'
import type { DisregardedPeriod } from './disregarded-periods.ts'
import { periodicNotificationDue } from './periodic-notification.ts'
import { registerSettings } from './settings.ts'

const d = (iso: string) => Temporal.PlainDate.from(iso)
const away = (from: string, to: string | null, reason: DisregardedPeriod['reason'] = 'custody'): DisregardedPeriod => ({
  from: d(from),
  to: to === null ? null : d(to),
  reason,
})
const due = (lastNotifiedOn: string, options: { noFixedAbode?: boolean; disregarded?: DisregardedPeriod[] } = {}) =>
  periodicNotificationDue({ lastNotifiedOn: d(lastNotifiedOn), ...options })

test('a notification on 15 March 2020 makes the next periodic notification due by 15 March 2021', () => {
  assert.deepEqual(due('2020-03-15'), { due: d('2021-03-15'), ordinaryDue: d('2021-03-15'), extended: false })
})

test('a notification on 29 February 2020 makes the next one due by 1 March 2021', () => {
  assert.equal(due('2020-02-29').due?.toString(), '2021-03-01')
})

test('a notification on 28 February 2023 makes the next one due by 28 February 2024, not 29 February', () => {
  assert.equal(due('2023-02-28').due?.toString(), '2024-02-28')
})

test('with no fixed abode a notification on 1 March must be repeated by 8 March (weekly)', () => {
  assert.equal(due('2025-03-01', { noFixedAbode: true }).due?.toString(), '2025-03-08')
})

test('weekly notification across a month end: notified 26 February 2024 → due by 4 March', () => {
  assert.equal(due('2024-02-26', { noFixedAbode: true }).due?.toString(), '2024-03-04')
})

test('the no-fixed-abode period is a setting', () => {
  const result = periodicNotificationDue(
    { lastNotifiedOn: d('2025-03-01'), noFixedAbode: true },
    registerSettings({ noFixedAbodePeriodDays: 14 }),
  )
  assert.equal(result.due?.toString(), '2025-03-15')
})

test('due while in custody, it is extended to the 3 days beginning with the day of release', () => {
  assert.deepEqual(due('2020-03-15', { disregarded: [away('2021-03-01', '2021-03-20')] }), {
    due: d('2021-03-22'),
    ordinaryDue: d('2021-03-15'),
    extended: true,
  })
})

test('due while abroad, it is extended to the 3 days beginning with the day of return', () => {
  assert.equal(
    due('2020-03-15', { disregarded: [away('2021-03-10', '2021-03-16', 'abroad')] }).due?.toString(),
    '2021-03-18',
  )
})

test('returning to the UK on the due date itself does not extend it', () => {
  const result = due('2020-03-15', { disregarded: [away('2021-03-10', '2021-03-15', 'abroad')] })
  assert.deepEqual(result, { due: d('2021-03-15'), ordinaryDue: d('2021-03-15'), extended: false })
})

test('released from custody straight into hospital: extended from the end of both', () => {
  const periods = [away('2021-03-01', '2021-03-20'), away('2021-03-20', '2021-04-02', 'hospital')]
  assert.equal(due('2020-03-15', { disregarded: periods }).due?.toString(), '2021-04-04')
})

test('still in custody when due: no date yet, but marked as extended', () => {
  const result = due('2020-03-15', { disregarded: [away('2021-03-01', null)] })
  assert.deepEqual(result, { due: null, ordinaryDue: d('2021-03-15'), extended: true })
})

test('custody that ended before the due date does not extend it', () => {
  assert.equal(due('2020-03-15', { disregarded: [away('2020-06-01', '2020-07-01')] }).due?.toString(), '2021-03-15')
})
