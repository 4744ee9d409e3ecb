import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { Temporal } from 'temporal-polyfill'
import { LONDON } from '../clock.ts'
import { RISK_LEVELS, riskRank } from '../risk/index.ts'
import type { RiskLevel } from '../risk/index.ts'
import { DEFAULT_VISIT_INTERVALS, effectiveVisitInterval, visitIntervalProblems } from './frequency.ts'
import type { VisitFrequencyOverride, VisitIntervals } from './frequency.ts'
import { nextVisitDue } from './next-due.ts'
import { VISIT_OUTCOMES } from './visit.ts'
import type { VisitOutcome } from './visit.ts'

const d = (iso: string) => Temporal.PlainDate.from(iso)
const london = (local: string) => Temporal.PlainDateTime.from(local).toZonedDateTime(LONDON)
const seen = (local: string, outcome: VisitOutcome = 'seen') => ({ at: london(local), outcome })
const plan = { planStartedOn: d('2025-01-01'), level: 'high' as RiskLevel }

test('the next visit is due one interval after the last completed visit', () => {
  const due = nextVisitDue({ ...plan, visits: [seen('2025-02-10T10:00'), seen('2025-05-04T19:00')] })
  assert.equal(due.basis, 'last completed visit')
  assert.equal(due.dueOn.toString(), '2025-08-04')
})

test('default intervals: very high monthly, high 3 months, medium 6, low 12', () => {
  const expected: Record<RiskLevel, string> = {
    very_high: '2025-04-10',
    high: '2025-06-10',
    medium: '2025-09-10',
    low: '2026-03-10',
  }
  for (const level of RISK_LEVELS) {
    const due = nextVisitDue({ ...plan, level, visits: [seen('2025-03-10T11:00')] })
    assert.equal(due.dueOn?.toString(), expected[level], level)
  }
})

test('a monthly visit on 31 January is next due on 28 February, or 29th in a leap year', () => {
  const common = nextVisitDue({ ...plan, level: 'very_high', visits: [seen('2025-01-31T10:00')] })
  assert.equal(common.dueOn?.toString(), '2025-02-28')
  const leap = nextVisitDue({
    ...plan,
    planStartedOn: d('2024-01-01'),
    level: 'very_high',
    visits: [seen('2024-01-31T10:00')],
  })
  assert.equal(leap.dueOn?.toString(), '2024-02-29')
})

test('a late-evening visit in British Summer Time counts on its London date, not the UTC date', () => {
  // 23:30 BST on 30 June is 22:30 UTC, still 30 June; 23:30 UTC on 30 June is 00:30 BST on 1 July in London.
  const evening = nextVisitDue({ ...plan, visits: [seen('2025-06-30T23:30')] })
  assert.equal(evening.dueOn?.toString(), '2025-09-30')
  const utcZoned = {
    at: Temporal.Instant.from('2025-06-30T23:30:00Z').toZonedDateTimeISO('UTC'),
    outcome: 'seen' as const,
  }
  const afterMidnightLondon = nextVisitDue({ ...plan, visits: [utcZoned] })
  assert.equal(afterMidnightLondon.dueOn?.toString(), '2025-10-01')
})

test('a visit on the day the clocks change counts on that day', () => {
  const spring = nextVisitDue({ ...plan, level: 'very_high', visits: [seen('2025-03-30T00:30')] })
  assert.equal(spring.dueOn?.toString(), '2025-04-30')
  const autumn = nextVisitDue({ ...plan, level: 'very_high', visits: [seen('2025-10-26T01:30')] })
  assert.equal(autumn.dueOn?.toString(), '2025-11-26')
})

for (const outcome of ['not at home', 'access refused', 'address not occupied'] as const) {
  test(`a "${outcome}" attempt does not reset the clock`, () => {
    const due = nextVisitDue({ ...plan, visits: [seen('2025-02-10T10:00'), seen('2025-05-01T18:00', outcome)] })
    assert.equal(due.dueOn?.toString(), '2025-05-10')
  })
}

test('with no completed visit the first visit is due 28 days after the plan starts', () => {
  const due = nextVisitDue({ ...plan, visits: [seen('2025-01-05T10:00', 'not at home')] })
  assert.equal(due.basis, 'first visit')
  assert.equal(due.dueOn.toString(), '2025-01-29')
})

test('the first visit is never later than one interval, even with a long first-visit window', () => {
  const due = nextVisitDue(
    { ...plan, level: 'very_high', planStartedOn: d('2025-02-01'), visits: [] },
    { intervals: DEFAULT_VISIT_INTERVALS, firstVisitWithinDays: 90 },
  )
  assert.equal(due.dueOn?.toString(), '2025-03-01')
})

test('visits before the plan started belong to an earlier plan and are ignored', () => {
  const due = nextVisitDue({ ...plan, planStartedOn: d('2025-06-01'), visits: [seen('2025-05-20T10:00')] })
  assert.equal(due.basis, 'first visit')
})

test('under reactive management there is no scheduled visit', () => {
  const due = nextVisitDue({ ...plan, level: 'low', reactive: true, visits: [] })
  assert.deepEqual(due, { dueOn: null, basis: 'reactive management' })
})

test('an unapproved override does not apply', () => {
  const override: VisitFrequencyOverride = {
    months: 1,
    reason: 'New partner with children',
    requestedBy: 'pc-1',
    forRiskLevel: 'high',
  }
  assert.deepEqual(effectiveVisitInterval('high', override), { months: 3, source: 'risk level' })
  const selfApproved = { ...override, approvedBy: 'pc-1' }
  assert.deepEqual(effectiveVisitInterval('high', selfApproved), { months: 3, source: 'risk level' })
})

test('an approved override applies and changes the next due date', () => {
  const override: VisitFrequencyOverride = {
    months: 1,
    reason: 'New partner with children',
    requestedBy: 'pc-1',
    approvedBy: 'ds-9',
    forRiskLevel: 'high',
  }
  const due = nextVisitDue({ ...plan, override, visits: [seen('2025-05-04T19:00')] })
  assert.equal(due.dueOn?.toString(), '2025-06-04')
  assert.ok(due.basis === 'last completed visit' && due.interval.source === 'approved override')
})

test('a longer approved override is capped when risk rises and lapses when it falls', () => {
  const override: VisitFrequencyOverride = {
    months: 9,
    reason: 'Stable in approved premises',
    requestedBy: 'pc-1',
    approvedBy: 'ds-9',
    forRiskLevel: 'medium',
  }
  assert.deepEqual(effectiveVisitInterval('medium', override), { months: 9, source: 'approved override' })
  assert.deepEqual(effectiveVisitInterval('high', override), { months: 3, source: 'risk level (override capped)' })
  assert.deepEqual(effectiveVisitInterval('low', override), { months: 12, source: 'risk level' })
})

test('a schedule where a higher risk is visited less often is rejected', () => {
  assert.deepEqual(visitIntervalProblems(DEFAULT_VISIT_INTERVALS), [])
  assert.deepEqual(visitIntervalProblems({ ...DEFAULT_VISIT_INTERVALS, high: 8 }), [
    'The high interval must not be longer than the medium interval',
  ])
  assert.ok(
    visitIntervalProblems({ ...DEFAULT_VISIT_INTERVALS, low: 0 }).includes(
      'The low interval must be a whole number of months, at least 1',
    ),
  )
})

// Properties required by issue 5.

const dateArb = fc.integer({ min: 0, max: 365 * 12 }).map(n => d('2020-01-01').add({ days: n }))
const visitArb = fc.record({
  at: fc
    .tuple(dateArb, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
    .map(([day, hour, minute]) => day.toPlainDateTime({ hour, minute }).toZonedDateTime(LONDON)),
  outcome: fc.constantFrom(...VISIT_OUTCOMES),
})
const levelArb = fc.constantFrom(...RISK_LEVELS)
const intervalsArb: fc.Arbitrary<VisitIntervals> = fc
  .tuple(
    fc.integer({ min: 1, max: 24 }),
    fc.integer({ min: 0, max: 12 }),
    fc.integer({ min: 0, max: 12 }),
    fc.integer({ min: 0, max: 12 }),
  )
  .map(([veryHigh, a, b, c]) => ({
    very_high: veryHigh,
    high: veryHigh + a,
    medium: veryHigh + a + b,
    low: veryHigh + a + b + c,
  }))

test('property: a completed visit never makes the next due date earlier', () => {
  fc.assert(
    fc.property(
      dateArb,
      levelArb,
      fc.array(visitArb, { maxLength: 8 }),
      visitArb.map(v => ({ ...v, outcome: 'seen' as const })),
      intervalsArb,
      fc.integer({ min: 0, max: 120 }),
      (planStartedOn, level, visits, completed, intervals, firstVisitWithinDays) => {
        const settings = { intervals, firstVisitWithinDays }
        const before = nextVisitDue({ planStartedOn, level, visits }, settings)
        const after = nextVisitDue({ planStartedOn, level, visits: [...visits, completed] }, settings)
        assert.ok(before.dueOn && after.dueOn)
        assert.ok(
          Temporal.PlainDate.compare(after.dueOn, before.dueOn) >= 0,
          `${after.dueOn.toString()} < ${before.dueOn.toString()}`,
        )
      },
    ),
    { numRuns: 500 },
  )
})

test('property: an attempt that did not see the subject never changes the next due date', () => {
  fc.assert(
    fc.property(
      dateArb,
      levelArb,
      fc.array(visitArb, { maxLength: 8 }),
      visitArb,
      (planStartedOn, level, visits, attempt) => {
        fc.pre(attempt.outcome !== 'seen')
        const before = nextVisitDue({ planStartedOn, level, visits })
        const after = nextVisitDue({ planStartedOn, level, visits: [...visits, attempt] })
        assert.deepEqual(after.dueOn, before.dueOn)
      },
    ),
  )
})

test('property: raising the risk level never lengthens the interval, with or without an approved override', () => {
  const overrideArb = fc.option(
    fc.record({
      months: fc.integer({ min: 1, max: 24 }),
      reason: fc.constant('Agreed at risk review'),
      requestedBy: fc.constant('pc-1'),
      approvedBy: fc.constantFrom('ds-9', undefined),
    }),
    { nil: undefined },
  )
  fc.assert(
    fc.property(levelArb, levelArb, intervalsArb, overrideArb, (x, y, intervals, o) => {
      const [lower, higher] = riskRank(x) <= riskRank(y) ? [x, y] : [y, x]
      // The override was agreed at the level the subject had before the rise.
      const override = o ? { ...o, forRiskLevel: lower } : undefined
      const before = effectiveVisitInterval(lower, override, intervals)
      const after = effectiveVisitInterval(higher, override, intervals)
      assert.ok(after.months <= before.months, `${lower}→${higher}: ${before.months} → ${after.months}`)
    }),
    { numRuns: 500 },
  )
})

test('property: raising the risk level never makes the next visit due later', () => {
  fc.assert(
    fc.property(dateArb, levelArb, levelArb, fc.array(visitArb, { maxLength: 6 }), (planStartedOn, x, y, visits) => {
      const [lower, higher] = riskRank(x) <= riskRank(y) ? [x, y] : [y, x]
      const before = nextVisitDue({ planStartedOn, level: lower, visits })
      const after = nextVisitDue({ planStartedOn, level: higher, visits })
      assert.ok(before.dueOn && after.dueOn)
      assert.ok(Temporal.PlainDate.compare(after.dueOn, before.dueOn) <= 0)
    }),
  )
})
