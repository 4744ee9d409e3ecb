import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ValidationError } from '../errors.ts'
import type { FieldError } from '../errors.ts'
import { calculateNotificationPeriod } from './calculator.ts'

const base = { dateOfBirth: '1980-01-01', relevantDate: '2020-03-15' }

function errorsFor(query: Record<string, unknown>): FieldError[] {
  try {
    calculateNotificationPeriod(query)
  } catch (e) {
    if (e instanceof ValidationError) return e.errors
    throw e
  }
  assert.fail('expected a ValidationError')
}

test('18 months imprisonment answers 10 years in the API shape', () => {
  assert.deepEqual(calculateNotificationPeriod({ ...base, disposal: 'imprisonment', custodialMonths: '18' }), {
    indefinite: false,
    periodMonths: 120,
    lastDay: '2030-03-14',
  })
})

test('life imprisonment answers indefinite with no period and no last day', () => {
  assert.deepEqual(calculateNotificationPeriod({ ...base, disposal: 'life' }), {
    indefinite: true,
    periodMonths: null,
    lastDay: null,
  })
})

test('a sentence in part months is accepted (4.5 months is 6 months or less)', () => {
  assert.equal(
    calculateNotificationPeriod({ ...base, disposal: 'imprisonment', custodialMonths: '4.5' }).periodMonths,
    84,
  )
})

test('a conditional discharge answers the period of the discharge', () => {
  const answer = calculateNotificationPeriod({ ...base, disposal: 'conditional-discharge', dischargeMonths: '18' })
  assert.deepEqual(answer, { indefinite: false, periodMonths: 18, lastDay: '2021-09-14' })
})

test('blank months for a disposal that does not use them are ignored', () => {
  const answer = calculateNotificationPeriod({
    ...base,
    disposal: 'caution',
    custodialMonths: '',
    dischargeMonths: ' ',
  })
  assert.equal(answer.periodMonths, 24)
})

const INVALID: [string, Record<string, unknown>, FieldError][] = [
  [
    'imprisonment with no custodial sentence',
    { ...base, disposal: 'imprisonment' },
    { field: 'custodialMonths', message: 'Enter the custodial sentence in months' },
  ],
  [
    'imprisonment with a blank custodial sentence',
    { ...base, disposal: 'imprisonment', custodialMonths: '' },
    { field: 'custodialMonths', message: 'Enter the custodial sentence in months' },
  ],
  [
    'a negative custodial sentence',
    { ...base, disposal: 'imprisonment', custodialMonths: '-3' },
    { field: 'custodialMonths', message: 'The custodial sentence must be more than 0 months' },
  ],
  [
    'a custodial sentence of 0 months',
    { ...base, disposal: 'imprisonment', custodialMonths: '0' },
    { field: 'custodialMonths', message: 'The custodial sentence must be more than 0 months' },
  ],
  [
    'a custodial sentence that is not a number',
    { ...base, disposal: 'imprisonment', custodialMonths: 'eighteen' },
    { field: 'custodialMonths', message: 'Custodial sentence must be a number of months, like 18' },
  ],
  [
    'a conditional discharge with no period',
    { ...base, disposal: 'conditional-discharge' },
    { field: 'dischargeMonths', message: 'Enter the period of the conditional discharge in months' },
  ],
  [
    'a negative discharge period',
    { ...base, disposal: 'conditional-discharge', dischargeMonths: '-12' },
    { field: 'dischargeMonths', message: 'The period of the conditional discharge must be more than 0 months' },
  ],
  [
    'a discharge period in part months',
    { ...base, disposal: 'conditional-discharge', dischargeMonths: '6.5' },
    { field: 'dischargeMonths', message: 'Period of the conditional discharge must be a whole number of months' },
  ],
  [
    'a discharge longer than 3 years',
    { ...base, disposal: 'conditional-discharge', dischargeMonths: '37' },
    { field: 'dischargeMonths', message: 'Period of the conditional discharge must be 36 months or less' },
  ],
  [
    'a negative number of months even where the disposal does not use it',
    { ...base, disposal: 'caution', custodialMonths: '-1' },
    { field: 'custodialMonths', message: 'The custodial sentence must be more than 0 months' },
  ],
  [
    'an unknown disposal',
    { ...base, disposal: 'community-order' },
    { field: 'disposal', message: 'Select how the offender was dealt with' },
  ],
  ['no disposal', { ...base }, { field: 'disposal', message: 'Select how the offender was dealt with' }],
  [
    'no date of birth',
    { disposal: 'caution', relevantDate: '2020-03-15' },
    { field: 'dateOfBirth', message: 'Enter a date of birth' },
  ],
  [
    'a malformed date of birth',
    { disposal: 'caution', dateOfBirth: '01/01/1980', relevantDate: '2020-03-15' },
    { field: 'dateOfBirth', message: 'Date of birth must be a real date in the format YYYY-MM-DD' },
  ],
  [
    'a relevant date that does not exist (29 February 2021)',
    { disposal: 'caution', dateOfBirth: '1980-01-01', relevantDate: '2021-02-29' },
    { field: 'relevantDate', message: 'Relevant date must be a real date in the format YYYY-MM-DD' },
  ],
  [
    'a relevant date given twice in the query string',
    { disposal: 'caution', dateOfBirth: '1980-01-01', relevantDate: ['2020-01-01', '2020-01-02'] },
    { field: 'relevantDate', message: 'Relevant date must be a real date' },
  ],
  [
    'a relevant date before the date of birth',
    { disposal: 'caution', dateOfBirth: '2000-01-02', relevantDate: '2000-01-01' },
    { field: 'relevantDate', message: 'Relevant date must be the same as or after the date of birth' },
  ],
]

for (const [name, query, expected] of INVALID) {
  test(`the calculator rejects ${name} with a message for ${expected.field}`, () => {
    assert.deepEqual(errorsFor(query), [expected])
  })
}

test('the calculator reports every bad field at once, one message each', () => {
  const errors = errorsFor({ disposal: 'imprisonment', custodialMonths: '-2', dateOfBirth: 'yesterday' })
  assert.deepEqual(
    errors.map(e => e.field),
    ['custodialMonths', 'dateOfBirth', 'relevantDate'],
  )
})

test('a missing custodial sentence is reported alongside a bad date, not after it is fixed', () => {
  const errors = errorsFor({ disposal: 'imprisonment', dateOfBirth: 'x', relevantDate: '2020-01-01' })
  assert.deepEqual(
    errors.map(e => e.field),
    ['custodialMonths', 'dateOfBirth'],
  )
})
