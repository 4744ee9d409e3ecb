import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Temporal } from 'temporal-polyfill'
import { changeNotificationDeadline, initialNotificationDeadline } from './change-deadline.ts'
import type { DisregardedPeriod } from './disregarded-periods.ts'

const d = (iso: string) => Temporal.PlainDate.from(iso)
const away = (from: string, to: string | null, reason: DisregardedPeriod['reason'] = 'custody'): DisregardedPeriod => ({
  from: d(from),
  to: to === null ? null : d(to),
  reason,
})

// s.84(1): "within the period of 3 days beginning with" the event — the event day is day 1.
const THREE_DAY_RULE: [string, string, string][] = [
  ['a change of name on 1 March', '2025-03-01', '2025-03-03'],
  ['a change of home address on 30 January', '2025-01-30', '2025-02-01'],
  ['a change of home address on 31 January', '2025-01-31', '2025-02-02'],
  ['a change of home address on 27 February in a leap year', '2024-02-27', '2024-02-29'],
  ['a change of home address on 28 February in a leap year', '2024-02-28', '2024-03-01'],
  ['a change of home address on 29 February', '2024-02-29', '2024-03-02'],
  ['a change of home address on 27 February in a common year', '2025-02-27', '2025-03-01'],
  ['a change of home address on 28 February in a common year', '2023-02-28', '2023-03-02'],
  ['a change on 30 April', '2025-04-30', '2025-05-02'],
  ['a change on 30 December', '2025-12-30', '2026-01-01'],
  ['a change on 31 December', '2025-12-31', '2026-01-02'],
]

for (const [event, on, by] of THREE_DAY_RULE) {
  test(`${event} must be notified by ${by}`, () => {
    assert.equal(changeNotificationDeadline(d(on))?.toString(), by)
  })
}

test('a release from custody on the 1st must be notified by the 3rd (the day of release counts)', () => {
  assert.equal(
    changeNotificationDeadline(d('2025-03-01'), [away('2024-06-01', '2025-03-01')])?.toString(),
    '2025-03-03',
  )
})

test('days in custody after a change are not counted: change on 1 March, custody 2–5 March → by 6 March', () => {
  assert.equal(
    changeNotificationDeadline(d('2025-03-01'), [away('2025-03-02', '2025-03-05')])?.toString(),
    '2025-03-06',
  )
})

test('days abroad are not counted: change on 30 January, abroad 31 January to 4 February → by 5 February', () => {
  const abroad = away('2025-01-31', '2025-02-04', 'abroad')
  assert.equal(changeNotificationDeadline(d('2025-01-30'), [abroad])?.toString(), '2025-02-05')
})

test('a change on the day the offender goes into hospital is counted from the day of discharge', () => {
  const hospital = away('2025-03-10', '2025-03-20', 'hospital')
  assert.equal(changeNotificationDeadline(d('2025-03-10'), [hospital])?.toString(), '2025-03-22')
})

test('back-to-back custody then time abroad are both disregarded', () => {
  const periods = [away('2025-03-02', '2025-03-05'), away('2025-03-05', '2025-03-09', 'abroad')]
  assert.equal(changeNotificationDeadline(d('2025-03-01'), periods)?.toString(), '2025-03-10')
})

test('overlapping disregarded periods are disregarded once', () => {
  const periods = [away('2025-03-02', '2025-03-08'), away('2025-03-04', '2025-03-06', 'hospital')]
  assert.equal(changeNotificationDeadline(d('2025-03-01'), periods)?.toString(), '2025-03-09')
})

test('a day trip abroad disregards nothing', () => {
  assert.equal(
    changeNotificationDeadline(d('2025-03-01'), [away('2025-03-02', '2025-03-02', 'abroad')])?.toString(),
    '2025-03-03',
  )
})

test('custody ending before the change does not affect it', () => {
  assert.equal(
    changeNotificationDeadline(d('2025-03-10'), [away('2025-03-01', '2025-03-05')])?.toString(),
    '2025-03-12',
  )
})

test('while the offender is still in custody there is no deadline yet', () => {
  assert.equal(changeNotificationDeadline(d('2025-03-01'), [away('2025-03-02', null)]), null)
})

test('an initial notification is due within 3 days beginning with the relevant date', () => {
  assert.equal(initialNotificationDeadline(d('2025-01-30'))?.toString(), '2025-02-01')
})

test('an offender jailed on the day of conviction must give the initial notification within 3 days of release', () => {
  const custody = [away('2025-01-10', '2026-07-01')]
  assert.equal(initialNotificationDeadline(d('2025-01-10'), { disregarded: custody })?.toString(), '2026-07-03')
})

test('for a notification order the initial notification runs from service of the order, if later (s.98(4))', () => {
  const deadline = initialNotificationDeadline(d('2019-05-01'), { commencement: d('2025-02-27') })
  assert.equal(deadline?.toString(), '2025-03-01')
})
