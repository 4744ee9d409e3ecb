import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { Temporal } from 'temporal-polyfill'
import { ValidationError } from '../errors.ts'
import { calculateNotificationPeriod } from './calculator.ts'
import { changeNotificationDeadline } from './change-deadline.ts'
import { anniversary, compareDates, daysBetween, isUnderEighteenOn } from './dates.ts'
import type { Disposal } from './disposal.ts'
import { DISPOSALS } from './disposal.ts'
import type { DisregardedPeriod } from './disregarded-periods.ts'
import { assessForeignTravelNotice } from './foreign-travel.ts'
import type { DisposalDetails } from './notification-period.ts'
import { longestNotificationPeriod, notificationPeriod } from './notification-period.ts'
import { periodicNotificationDue } from './periodic-notification.ts'

const EPOCH = Temporal.PlainDate.from('1950-01-01')
const date = (maxDays = 40_000) => fc.integer({ min: 0, max: maxDays }).map(n => EPOCH.add({ days: n }))
const notBefore = (a: Temporal.PlainDate, b: Temporal.PlainDate) => compareDates(a, b) >= 0

const disposal = fc.record({
  disposal: fc.constantFrom(...DISPOSALS),
  custodialMonths: fc.integer({ min: 1, max: 600 }).map(n => n / 4),
  dischargeMonths: fc.integer({ min: 1, max: 36 }),
})

const details = fc
  .tuple(disposal, date(30_000), fc.integer({ min: 0, max: 20_000 }))
  .map(([row, dateOfBirth, ageDays]): DisposalDetails => ({
    ...row,
    dateOfBirth,
    relevantDate: dateOfBirth.add({ days: ageDays }),
  }))

const disregardedPeriods = (around: Temporal.PlainDate) =>
  fc.array(
    fc
      .tuple(fc.integer({ min: -30, max: 30 }), fc.integer({ min: 0, max: 60 }))
      .map(([start, length]): DisregardedPeriod => ({
        from: around.add({ days: start }),
        to: around.add({ days: start + length }),
      })),
    { maxLength: 4 },
  )

test('a later relevant date never gives an earlier last day', () => {
  fc.assert(
    fc.property(details, fc.integer({ min: 1, max: 3_000 }), (earlier, laterBy) => {
      const later = { ...earlier, relevantDate: earlier.relevantDate.add({ days: laterBy }) }
      const a = notificationPeriod(earlier)
      const b = notificationPeriod(later)
      assert.equal(a.indefinite, b.indefinite)
      if (!a.indefinite && !b.indefinite) assert.ok(notBefore(b.lastDay, a.lastDay))
    }),
  )
})

test('halving never applies to an indefinite requirement', () => {
  const indefinite: Disposal[] = ['life', 'ipp', 'hospital-order-restricted']
  fc.assert(
    fc.property(details, fc.constantFrom(...indefinite), (input, row) => {
      assert.deepEqual(notificationPeriod({ ...input, disposal: row }), {
        indefinite: true,
        periodMonths: null,
        lastDay: null,
      })
    }),
  )
})

test('an under-18 fixed period is exactly half the adult one, except a conditional discharge which is the same', () => {
  fc.assert(
    fc.property(details, input => {
      const adult = notificationPeriod({ ...input, dateOfBirth: input.relevantDate.subtract({ years: 30 }) })
      const child = notificationPeriod({ ...input, dateOfBirth: input.relevantDate.subtract({ years: 12 }) })
      if (adult.indefinite || child.indefinite) {
        assert.equal(adult.indefinite, child.indefinite)
        return
      }
      const factor = input.disposal === 'conditional-discharge' ? 1 : 2
      assert.equal(child.periodMonths * factor, adult.periodMonths)
    }),
  )
})

test('a fixed period ends on the day before its anniversary, never before it starts', () => {
  fc.assert(
    fc.property(details, input => {
      const period = notificationPeriod(input)
      if (period.indefinite) return
      assert.ok(notBefore(period.lastDay, input.relevantDate))
      assert.equal(
        period.lastDay.add({ days: 1 }).toString(),
        anniversary(input.relevantDate, period.periodMonths).toString(),
      )
    }),
  )
})

test('anniversaries keep order: a later date never has an earlier anniversary', () => {
  fc.assert(
    fc.property(date(), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 240 }), (a, gap, months) => {
      assert.ok(notBefore(anniversary(a.add({ days: gap }), months), anniversary(a, months)))
    }),
  )
})

test('a person is under 18 exactly on the days before their 18th birthday', () => {
  fc.assert(
    fc.property(date(30_000), fc.integer({ min: 0, max: 10_000 }), (born, ageDays) => {
      const on = born.add({ days: ageDays })
      assert.equal(isUnderEighteenOn(born, on), compareDates(on, anniversary(born, 216)) < 0)
    }),
  )
})

test('the longest of several periods is never shorter than any of them', () => {
  fc.assert(
    fc.property(fc.array(details, { minLength: 1, maxLength: 5 }), inputs => {
      const periods = inputs.map(notificationPeriod)
      const longest = longestNotificationPeriod(periods)
      assert.ok(longest)
      if (longest.indefinite) {
        assert.ok(periods.some(p => p.indefinite))
        return
      }
      for (const p of periods) assert.ok(!p.indefinite && notBefore(longest.lastDay, p.lastDay))
    }),
  )
})

test('a change deadline is never before the event, and without disregarded days is exactly 2 days after it', () => {
  fc.assert(
    fc.property(date(), event => {
      const deadline = changeNotificationDeadline(event)
      assert.ok(deadline && daysBetween(event, deadline) === 2)
    }),
  )
})

test('disregarded days only ever push a deadline later', () => {
  fc.assert(
    fc.property(
      date().chain(event => fc.tuple(fc.constant(event), disregardedPeriods(event), disregardedPeriods(event))),
      ([event, some, more]) => {
        const plain = changeNotificationDeadline(event)
        const withSome = changeNotificationDeadline(event, some)
        const withMore = changeNotificationDeadline(event, [...some, ...more])
        assert.ok(plain && withSome && withMore)
        assert.ok(notBefore(withSome, plain))
        assert.ok(notBefore(withMore, withSome))
      },
    ),
  )
})

test('the extension for custody or absence never makes a periodic notification due earlier', () => {
  fc.assert(
    fc.property(
      date().chain(last => fc.tuple(fc.constant(last), fc.boolean(), disregardedPeriods(last.add({ years: 1 })))),
      ([lastNotifiedOn, noFixedAbode, periods]) => {
        const plain = periodicNotificationDue({ lastNotifiedOn, noFixedAbode })
        const extended = periodicNotificationDue({ lastNotifiedOn, noFixedAbode, disregarded: periods })
        assert.ok(plain.due && extended.due)
        assert.ok(compareDates(plain.due, lastNotifiedOn) > 0)
        assert.ok(notBefore(extended.due, plain.due))
        if (!extended.extended) assert.equal(extended.due.toString(), plain.due.toString())
      },
    ),
  )
})

test('notifying foreign travel later is never less late', () => {
  const departure = Temporal.PlainDateTime.from('2025-06-15T10:00')
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 20_000 }),
      fc.integer({ min: 0, max: 2_000 }),
      fc.boolean(),
      (before, gap, known) => {
        const early = departure.subtract({ minutes: before + gap })
        const late = departure.subtract({ minutes: before })
        const a = assessForeignTravelNotice({ departure, notifiedAt: early, detailsKnownSevenDaysAhead: known })
        const b = assessForeignTravelNotice({ departure, notifiedAt: late, detailsKnownSevenDaysAhead: known })
        assert.ok(b.daysLate >= a.daysLate)
        assert.ok(!a.late || b.late)
      },
    ),
  )
})

test('the calculator either answers in the API shape or throws a ValidationError naming known fields', () => {
  const text = fc.oneof(
    fc.string(),
    fc.constantFrom('', '-1', '0', '6', '30', '12.5', '1990-02-29', '2000-01-01', '2020-03-15'),
  )
  const query = fc.record(
    {
      disposal: fc.oneof(fc.constantFrom(...DISPOSALS), fc.string()),
      custodialMonths: text,
      dischargeMonths: text,
      dateOfBirth: fc.oneof(text, date().map(String)),
      relevantDate: fc.oneof(text, date().map(String)),
    },
    { requiredKeys: [] },
  )
  const fields = ['disposal', 'custodialMonths', 'dischargeMonths', 'dateOfBirth', 'relevantDate']
  fc.assert(
    fc.property(query, q => {
      try {
        const answer = calculateNotificationPeriod(q)
        assert.deepEqual(Object.keys(answer), ['indefinite', 'periodMonths', 'lastDay'])
        assert.equal(answer.indefinite, answer.lastDay === null)
      } catch (e) {
        assert.ok(e instanceof ValidationError, String(e))
        assert.ok(e.errors.length > 0 && e.errors.every(err => fields.includes(err.field) && err.message.length > 0))
      }
    }),
  )
})
