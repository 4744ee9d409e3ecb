import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Temporal } from 'temporal-polyfill'
import { DEFAULT_REVIEW_SETTINGS, riskReviewDue } from './review.ts'
import type { CircumstanceEvent } from './review.ts'

const d = (iso: string) => Temporal.PlainDate.from(iso)
const signed = (iso: string) => ({ assessedOn: d(iso), countersignedOn: d(iso) })

test('with no assessment, the initial assessment is due the configured days after registration', () => {
  const due = riskReviewDue({ registeredOn: d('2026-01-10'), assessments: [], events: [] })
  assert.equal(due.reason, 'initial assessment')
  assert.equal(due.dueOn.toString(), '2026-02-07')
})

test('a release from custody after registration restarts the initial-assessment clock', () => {
  const due = riskReviewDue({ registeredOn: d('2020-03-01'), releasedOn: d('2026-05-01'), assessments: [], events: [] })
  assert.equal(due.dueOn.toString(), '2026-05-29')
})

test('an assessment made before release does not count as the assessment in the community', () => {
  const due = riskReviewDue({
    registeredOn: d('2020-03-01'),
    releasedOn: d('2026-05-01'),
    assessments: [signed('2026-04-20')],
    events: [],
  })
  assert.equal(due.reason, 'initial assessment')
})

test('the initial window is a setting', () => {
  const due = riskReviewDue(
    { registeredOn: d('2026-01-10'), assessments: [], events: [] },
    { ...DEFAULT_REVIEW_SETTINGS, initialAssessmentWithinDays: 56 },
  )
  assert.equal(due.dueOn.toString(), '2026-03-07')
})

test('the periodic review is due 12 months after the latest countersigned assessment', () => {
  const due = riskReviewDue({
    registeredOn: d('2024-01-01'),
    assessments: [signed('2024-02-01'), signed('2025-03-15')],
    events: [],
  })
  assert.equal(due.reason, 'periodic review')
  assert.equal(due.dueOn.toString(), '2026-03-15')
})

test('an assessment on 29 February is next due on 28 February of the following year', () => {
  const due = riskReviewDue({ registeredOn: d('2024-01-01'), assessments: [signed('2024-02-29')], events: [] })
  assert.equal(due.dueOn.toString(), '2025-02-28')
})

test('a 6-month review from 31 August falls on the last day of February, 29th in a leap year', () => {
  const settings = { ...DEFAULT_REVIEW_SETTINGS, periodicReviewMonths: 6 }
  const leap = riskReviewDue(
    { registeredOn: d('2023-01-01'), assessments: [signed('2023-08-31')], events: [] },
    settings,
  )
  assert.equal(leap.dueOn.toString(), '2024-02-29')
  const common = riskReviewDue(
    { registeredOn: d('2024-01-01'), assessments: [signed('2024-08-31')], events: [] },
    settings,
  )
  assert.equal(common.dueOn.toString(), '2025-02-28')
})

test('an assessment awaiting countersignature does not count by default', () => {
  const due = riskReviewDue({
    registeredOn: d('2024-01-01'),
    assessments: [signed('2024-06-01'), { assessedOn: d('2025-06-01') }],
    events: [],
  })
  assert.equal(due.dueOn.toString(), '2025-06-01')
})

test('the periodic clock runs from the assessment date, not the later countersignature', () => {
  const due = riskReviewDue({
    registeredOn: d('2024-01-01'),
    assessments: [{ assessedOn: d('2025-06-01'), countersignedOn: d('2025-07-20') }],
    events: [],
  })
  assert.equal(due.dueOn.toString(), '2026-06-01')
})

test('a force can count uncountersigned assessments by setting', () => {
  const due = riskReviewDue(
    { registeredOn: d('2024-01-01'), assessments: [{ assessedOn: d('2025-06-01') }], events: [] },
    { ...DEFAULT_REVIEW_SETTINGS, requireCountersignature: false },
  )
  assert.equal(due.dueOn.toString(), '2026-06-01')
})

for (const type of DEFAULT_REVIEW_SETTINGS.triggerEvents) {
  test(`a ${type} after the last assessment brings the review forward to 14 days after it`, () => {
    const event: CircumstanceEvent = { type, occurredOn: d('2025-12-20') }
    const due = riskReviewDue({ registeredOn: d('2024-01-01'), assessments: [signed('2025-06-01')], events: [event] })
    assert.equal(due.reason, 'change of circumstances')
    assert.equal(due.dueOn.toString(), '2026-01-03')
    assert.equal(due.event, event)
  })
}

test('an event already considered by the latest assessment does not trigger another review', () => {
  const due = riskReviewDue({
    registeredOn: d('2024-01-01'),
    assessments: [signed('2025-06-01')],
    events: [
      { type: 'arrest', occurredOn: d('2025-05-20') },
      { type: 'breach', occurredOn: d('2025-06-01') },
    ],
  })
  assert.equal(due.reason, 'periodic review')
})

test('an event triggers nothing when the periodic review falls sooner', () => {
  const due = riskReviewDue({
    registeredOn: d('2024-01-01'),
    assessments: [signed('2025-01-10')],
    events: [{ type: 'new relationship', occurredOn: d('2026-01-05') }],
  })
  assert.equal(due.reason, 'periodic review')
  assert.equal(due.dueOn.toString(), '2026-01-10')
})

test('with several events the earliest deadline wins', () => {
  const due = riskReviewDue({
    registeredOn: d('2024-01-01'),
    assessments: [signed('2025-06-01')],
    events: [
      { type: 'new intelligence', occurredOn: d('2025-09-30'), id: 'later' },
      { type: 'new home address', occurredOn: d('2025-09-01'), id: 'earlier' },
    ],
  })
  assert.equal(due.dueOn.toString(), '2025-09-15')
  assert.ok(due.reason === 'change of circumstances' && due.event.id === 'earlier')
})

test('an event before the first assessment can bring the initial assessment forward', () => {
  const due = riskReviewDue(
    {
      registeredOn: d('2026-01-01'),
      assessments: [],
      events: [{ type: 'association with a child', occurredOn: d('2026-01-03') }],
    },
    { ...DEFAULT_REVIEW_SETTINGS, initialAssessmentWithinDays: 60 },
  )
  assert.equal(due.reason, 'change of circumstances')
  assert.equal(due.dueOn.toString(), '2026-01-17')
})

test('event types a force has switched off do not trigger a review', () => {
  const due = riskReviewDue(
    {
      registeredOn: d('2024-01-01'),
      assessments: [signed('2025-06-01')],
      events: [{ type: 'new relationship', occurredOn: d('2025-07-01') }],
    },
    { ...DEFAULT_REVIEW_SETTINGS, triggerEvents: ['arrest', 'breach'] },
  )
  assert.equal(due.reason, 'periodic review')
})

test('the event window is a setting and crosses month and year ends', () => {
  const due = riskReviewDue(
    {
      registeredOn: d('2024-01-01'),
      assessments: [signed('2025-06-01')],
      events: [{ type: 'arrest', occurredOn: d('2025-12-25') }],
    },
    { ...DEFAULT_REVIEW_SETTINGS, eventReviewWithinDays: 7 },
  )
  assert.equal(due.dueOn.toString(), '2026-01-01')
})
