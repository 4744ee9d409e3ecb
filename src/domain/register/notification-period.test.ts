import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Temporal } from 'temporal-polyfill'
import { ValidationError } from '../errors.ts'
import type { Disposal } from './disposal.ts'
import { longestNotificationPeriod, notificationPeriod, notificationPeriodForAll } from './notification-period.ts'

const d = (iso: string) => Temporal.PlainDate.from(iso)
const ADULT = d('1980-01-01')
const CHILD = d('2005-06-01') // 14 on 15 March 2020
const RELEVANT = d('2020-03-15')

interface Row {
  disposal: Disposal
  custodialMonths?: number
  dischargeMonths?: number
  adult: number | 'indefinite'
  under18: number | 'indefinite'
  why: string
}

// s.82(1) table, every row and both sides of every threshold; s.82(2) halving in the last column.
const TABLE: Row[] = [
  { disposal: 'life', adult: 'indefinite', under18: 'indefinite', why: 'imprisonment for life' },
  { disposal: 'ipp', adult: 'indefinite', under18: 'indefinite', why: 'imprisonment for public protection' },
  { disposal: 'imprisonment', custodialMonths: 30, adult: 'indefinite', under18: 'indefinite', why: '30 months' },
  { disposal: 'imprisonment', custodialMonths: 120, adult: 'indefinite', under18: 'indefinite', why: '10 years' },
  { disposal: 'imprisonment', custodialMonths: 29.9, adult: 120, under18: 60, why: 'just under 30 months' },
  { disposal: 'imprisonment', custodialMonths: 18, adult: 120, under18: 60, why: '18 months' },
  { disposal: 'imprisonment', custodialMonths: 6.1, adult: 120, under18: 60, why: 'just over 6 months' },
  { disposal: 'imprisonment', custodialMonths: 6, adult: 84, under18: 42, why: 'exactly 6 months' },
  { disposal: 'imprisonment', custodialMonths: 0.5, adult: 84, under18: 42, why: 'two weeks' },
  { disposal: 'hospital-order-restricted', adult: 'indefinite', under18: 'indefinite', why: 'restriction order' },
  { disposal: 'hospital-order', adult: 84, under18: 42, why: 'no restriction order' },
  { disposal: 'caution', adult: 24, under18: 12, why: 'caution' },
  { disposal: 'conditional-discharge', dischargeMonths: 12, adult: 12, under18: 12, why: '12-month discharge' },
  { disposal: 'conditional-discharge', dischargeMonths: 36, adult: 36, under18: 36, why: '3-year discharge' },
  { disposal: 'other', adult: 60, under18: 30, why: 'any other disposal (community order, fine)' },
]

for (const row of TABLE) {
  for (const [age, dateOfBirth, expected] of [
    ['an adult', ADULT, row.adult],
    ['a 14-year-old', CHILD, row.under18],
  ] as const) {
    const outcome = expected === 'indefinite' ? 'is indefinite' : `lasts ${expected} months`
    test(`${row.disposal} (${row.why}) for ${age} on the relevant date ${outcome}`, () => {
      const period = notificationPeriod({ ...row, dateOfBirth, relevantDate: RELEVANT })
      if (expected === 'indefinite') {
        assert.deepEqual(period, { indefinite: true, periodMonths: null, lastDay: null })
      } else {
        assert.equal(period.indefinite, false)
        assert.equal(period.periodMonths, expected)
        assert.equal(period.lastDay.toString(), RELEVANT.add({ months: expected }).subtract({ days: 1 }).toString())
      }
    })
  }
}

const LAST_DAYS: [string, Parameters<typeof notificationPeriod>[0], string][] = [
  [
    '10 years beginning with 15 March 2020 ends on 14 March 2030',
    { disposal: 'imprisonment', custodialMonths: 12, dateOfBirth: ADULT, relevantDate: d('2020-03-15') },
    '2030-03-14',
  ],
  [
    '7 years beginning with 1 January 2020 ends on 31 December 2026',
    { disposal: 'hospital-order', dateOfBirth: ADULT, relevantDate: d('2020-01-01') },
    '2026-12-31',
  ],
  [
    '10 years beginning with 29 February 2020 ends on 28 February 2030 (the anniversary is 1 March)',
    { disposal: 'imprisonment', custodialMonths: 12, dateOfBirth: ADULT, relevantDate: d('2020-02-29') },
    '2030-02-28',
  ],
  [
    '2 years beginning with 29 February 2024 ends on 28 February 2026',
    { disposal: 'caution', dateOfBirth: ADULT, relevantDate: d('2024-02-29') },
    '2026-02-28',
  ],
  [
    'a halved 7 years (42 months) beginning with 31 August 2020 ends on 29 February 2024',
    { disposal: 'hospital-order', dateOfBirth: CHILD, relevantDate: d('2020-08-31') },
    '2024-02-29',
  ],
  [
    'a halved 7 years beginning with 31 August 2021 ends on 28 February 2025',
    { disposal: 'hospital-order', dateOfBirth: CHILD, relevantDate: d('2021-08-31') },
    '2025-02-28',
  ],
  [
    'a halved 5 years (30 months) beginning with 15 March 2020 ends on 14 September 2022',
    { disposal: 'other', dateOfBirth: CHILD, relevantDate: d('2020-03-15') },
    '2022-09-14',
  ],
  [
    'a 12-month conditional discharge beginning with 31 January 2021 ends on 30 January 2022',
    { disposal: 'conditional-discharge', dischargeMonths: 12, dateOfBirth: ADULT, relevantDate: d('2021-01-31') },
    '2022-01-30',
  ],
  [
    'a 1-month conditional discharge beginning with 31 January 2021 ends on 28 February 2021',
    { disposal: 'conditional-discharge', dischargeMonths: 1, dateOfBirth: ADULT, relevantDate: d('2021-01-31') },
    '2021-02-28',
  ],
  [
    'a 12-month detention and training order counts as its 6-month detention half: 3½ years for a 16-year-old',
    { disposal: 'imprisonment', custodialMonths: 6, dateOfBirth: d('2004-01-10'), relevantDate: d('2020-03-15') },
    '2023-09-14',
  ],
]

for (const [name, details, lastDay] of LAST_DAYS) {
  test(name, () => {
    assert.equal(notificationPeriod(details).lastDay?.toString(), lastDay)
  })
}

test('on the 18th birthday itself the period is not halved', () => {
  const period = notificationPeriod({ disposal: 'other', dateOfBirth: d('2002-03-15'), relevantDate: d('2020-03-15') })
  assert.equal(period.periodMonths, 60)
})

test('the day before the 18th birthday the period is halved', () => {
  const period = notificationPeriod({ disposal: 'other', dateOfBirth: d('2002-03-15'), relevantDate: d('2020-03-14') })
  assert.equal(period.periodMonths, 30)
  assert.equal(period.lastDay.toString(), '2022-09-13')
})

test('someone born on 29 February is still under 18 on 28 February of their 18th year, and 18 on 1 March', () => {
  const born = d('2004-02-29')
  assert.equal(
    notificationPeriod({ disposal: 'caution', dateOfBirth: born, relevantDate: d('2022-02-28') }).periodMonths,
    12,
  )
  assert.equal(
    notificationPeriod({ disposal: 'caution', dateOfBirth: born, relevantDate: d('2022-03-01') }).periodMonths,
    24,
  )
})

test('imprisonment without a custodial term is rejected naming custodialMonths', () => {
  assert.throws(
    () => notificationPeriod({ disposal: 'imprisonment', dateOfBirth: ADULT, relevantDate: RELEVANT }),
    (e: unknown) =>
      e instanceof ValidationError &&
      e.errors[0]?.field === 'custodialMonths' &&
      e.errors[0].message === 'Enter the custodial sentence in months',
  )
})

test('a conditional discharge without its period, or with part months, is rejected naming dischargeMonths', () => {
  for (const dischargeMonths of [undefined, 0, 1.5]) {
    assert.throws(
      () =>
        notificationPeriod({
          disposal: 'conditional-discharge',
          dischargeMonths,
          dateOfBirth: ADULT,
          relevantDate: RELEVANT,
        }),
      (e: unknown) => e instanceof ValidationError && e.errors[0]?.field === 'dischargeMonths',
    )
  }
})

test('a relevant date before the date of birth is rejected naming relevantDate', () => {
  assert.throws(
    () =>
      notificationPeriod({ disposal: 'caution', dateOfBirth: RELEVANT, relevantDate: RELEVANT.subtract({ days: 1 }) }),
    (e: unknown) => e instanceof ValidationError && e.errors[0]?.field === 'relevantDate',
  )
})

test('with several convictions the latest last day runs, whichever came first', () => {
  const period = notificationPeriodForAll([
    { disposal: 'other', dateOfBirth: ADULT, relevantDate: d('2020-01-01') }, // to 2024-12-31
    { disposal: 'caution', dateOfBirth: ADULT, relevantDate: d('2024-01-01') }, // to 2025-12-31
    { disposal: 'hospital-order', dateOfBirth: ADULT, relevantDate: d('2015-01-01') }, // to 2021-12-31
  ])
  assert.equal(period?.lastDay?.toString(), '2025-12-31')
  assert.equal(period.periodMonths, 24)
})

test('with several convictions an indefinite requirement wins over any fixed one', () => {
  const period = notificationPeriodForAll([
    { disposal: 'caution', dateOfBirth: ADULT, relevantDate: d('2024-01-01') },
    { disposal: 'imprisonment', custodialMonths: 36, dateOfBirth: ADULT, relevantDate: d('2005-01-01') },
  ])
  assert.equal(period?.indefinite, true)
})

test('no convictions means no period', () => {
  assert.equal(longestNotificationPeriod([]), null)
})
