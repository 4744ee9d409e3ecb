import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Temporal } from 'temporal-polyfill'
import { ValidationError } from '../errors.ts'
import { furtherQualifyingDate, mayApplyForReview, relevantNotificationDate, reviewEligibility } from './review.ts'
import { registerSettings } from './settings.ts'

const d = (iso: string) => Temporal.PlainDate.from(iso)
const adult = { dateOfBirth: d('1970-01-01'), relevantDate: d('2008-06-01'), relevantNotificationDate: d('2010-01-01') }

test('an adult first notifying on 1 January 2010 after release may apply for review from 1 January 2025', () => {
  assert.deepEqual(reviewEligibility(adult), {
    qualifyingDate: d('2025-01-01'),
    mayApplyFrom: d('2025-01-01'),
    barredByOrder: false,
  })
})

test('someone under 18 on the relevant date may apply 8 years after the relevant notification', () => {
  const result = reviewEligibility({ ...adult, dateOfBirth: d('1991-01-01') })
  assert.equal(result.qualifyingDate.toString(), '2018-01-01')
})

test('someone convicted on their 18th birthday waits the adult 15 years', () => {
  const result = reviewEligibility({ ...adult, dateOfBirth: d('1990-06-01') })
  assert.equal(result.qualifyingDate.toString(), '2025-01-01')
})

test('a relevant notification on 29 February 2012 qualifies on 1 March 2027', () => {
  assert.equal(
    reviewEligibility({ ...adult, relevantNotificationDate: d('2012-02-29') }).qualifyingDate.toString(),
    '2027-03-01',
  )
})

test('after a refusal on 1 June 2025 the offender may re-apply from 1 June 2033', () => {
  const result = reviewEligibility({ ...adult, determinations: [{ madeOn: d('2025-06-01') }] })
  assert.equal(result.mayApplyFrom.toString(), '2033-06-01')
  assert.equal(result.qualifyingDate.toString(), '2025-01-01')
})

test('the latest of several refusals counts', () => {
  const result = reviewEligibility({
    ...adult,
    determinations: [{ madeOn: d('2033-07-01') }, { madeOn: d('2025-06-01') }],
  })
  assert.equal(result.mayApplyFrom.toString(), '2041-07-01')
})

test('a chief officer may set a longer further review period, up to the configured maximum', () => {
  assert.equal(furtherQualifyingDate({ madeOn: d('2025-06-01'), furtherReviewMonths: 180 }).toString(), '2040-06-01')
  assert.throws(() => furtherQualifyingDate({ madeOn: d('2025-06-01'), furtherReviewMonths: 181 }), ValidationError)
  assert.throws(() => furtherQualifyingDate({ madeOn: d('2025-06-01'), furtherReviewMonths: 95 }), ValidationError)
  const settings = registerSettings({ maxFurtherReviewMonths: 240 })
  assert.equal(
    furtherQualifyingDate({ madeOn: d('2025-06-01'), furtherReviewMonths: 240 }, settings).toString(),
    '2045-06-01',
  )
})

test('an offender may apply on the qualifying date, not the day before', () => {
  assert.equal(mayApplyForReview(adult, d('2025-01-01')), true)
  assert.equal(mayApplyForReview(adult, d('2024-12-31')), false)
})

test('an offender subject to a sexual harm prevention order may not apply at all', () => {
  assert.equal(mayApplyForReview({ ...adult, subjectToPreventionOrder: true }, d('2030-01-01')), false)
})

test('the relevant notification is the first one given on or after release', () => {
  const given = [d('2009-12-01'), d('2010-03-01'), d('2010-01-04')]
  assert.equal(relevantNotificationDate(given, d('2010-01-02'))?.toString(), '2010-01-04')
  assert.equal(relevantNotificationDate(given, d('2011-01-01')), null)
})
