import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Temporal } from 'temporal-polyfill'
import { ValidationError } from '../errors.ts'
import { parseDateParts } from './dateInput.ts'
import { normaliseNiNumber, normalisePncId, pncCheckLetter } from './identifiers.ts'
import { normaliseName, searchTerms } from './names.ts'
import { normalisePostcode, postcodeSector } from './postcode.ts'
import { validateRegistration } from './registration.ts'

test('postcodes are normalised whatever the case and spacing, and nonsense is refused', () => {
  assert.equal(normalisePostcode('m145ab'), 'M14 5AB')
  assert.equal(normalisePostcode('  wa15  8 ab '), 'WA15 8AB')
  assert.equal(normalisePostcode('SW1A1AA'), 'SW1A 1AA')
  assert.equal(normalisePostcode('M14 5CB'), null, 'C never appears in an inward code')
  assert.equal(normalisePostcode('12345'), null)
  assert.equal(postcodeSector('M14 5AB'), 'M14 5')
})

test('a PNC ID must carry the right check letter', () => {
  const letter = pncCheckLetter('19', '0123456')
  assert.equal(normalisePncId(`19/123456${letter}`), `19/0123456${letter}`)
  const wrong = letter === 'A' ? 'B' : 'A'
  assert.equal(normalisePncId(`19/123456${wrong}`), null)
  assert.equal(normalisePncId('not a pnc'), null)
})

test('National Insurance numbers follow HMRC format rules', () => {
  assert.equal(normaliseNiNumber('ab 12 34 56 c'), 'AB123456C')
  assert.equal(normaliseNiNumber('QQ123456C'), null, 'QQ is the example prefix, never issued')
  assert.equal(normaliseNiNumber('GB123456A'), null, 'GB is never issued')
  assert.equal(normaliseNiNumber('DA123456A'), null, 'D is not a valid first letter')
  assert.equal(normaliseNiNumber('QQ123456E'), null)
})

test('names are searched without case, accents or punctuation', () => {
  assert.equal(normaliseName("O'Brien"), 'obrien')
  assert.equal(normaliseName('Zoë Smith-Jones'), 'zoe smithjones')
  assert.deepEqual(searchTerms('  Jon,  O’Brien '), ['jon', 'obrien'])
})

test('the GOV.UK date input explains what is missing or impossible', () => {
  assert.deepEqual(parseDateParts('Date of birth', {}), { ok: false, message: 'Enter date of birth' })
  assert.deepEqual(parseDateParts('Date of birth', { day: '1', year: '1980' }), {
    ok: false,
    message: 'Date of birth must include a month',
  })
  assert.deepEqual(parseDateParts('Date of birth', { day: '30', month: '2', year: '1980' }), {
    ok: false,
    message: 'Date of birth must be a real date',
  })
  const ok = parseDateParts('Date of birth', { day: '29', month: '2', year: '1980' })
  assert.ok(ok.ok && ok.date.equals(Temporal.PlainDate.from('1980-02-29')))
})

test('registration lists every problem at once, in the order of the form', () => {
  const today = Temporal.PlainDate.from('2026-11-23')
  try {
    validateRegistration(
      {
        givenName: ' ',
        familyName: 'Smith',
        dateOfBirth: '2027-01-01',
        gender: 'male',
        category: 'rso',
        address: { line1: '1 A St', town: 'Bury', postcode: 'XX' },
        pncId: '99/1X',
      },
      today,
    )
    assert.fail('should have thrown')
  } catch (error) {
    assert.ok(error instanceof ValidationError)
    assert.deepEqual(
      error.errors.map(e => e.field),
      ['givenName', 'dateOfBirth', 'pncId', 'address.postcode'],
    )
  }
})

test('a valid registration is normalised', () => {
  const r = validateRegistration(
    {
      givenName: 'Ann',
      familyName: "O'Neil",
      dateOfBirth: '1980-05-06',
      gender: 'female',
      category: 'rasso_suspect',
      address: { line1: '1 A St', town: 'Bury', postcode: 'bl9 0aa' },
      niNumber: 'ab123456c',
    },
    Temporal.PlainDate.from('2026-11-23'),
  )
  assert.equal(r.address.postcode, 'BL9 0AA')
  assert.equal(r.niNumber, 'AB123456C')
  assert.equal(r.dateOfBirth.toString(), '1980-05-06')
})

test('names keep their letters in every script and fold what officers type differently', () => {
  const cases: Array<[string, string]> = [
    ["O'Brien", 'obrien'],
    ['Smith-Jones', 'smithjones'],
    ['Łukasz Wójcik', 'lukasz wojcik'],
    ['Ó Súilleabháin', 'o suilleabhain'],
    ['Søren Æbelø', 'soren aebelo'],
    ['Strauß', 'strauss'],
    ['مُحَمَّد', 'محمد'], // harakat removed
    ['יָעֵל', 'יעל'], // niqqud removed
    ['王伟', '王伟'],
    ['ＡＢＣ', 'abc'], // full-width forms
  ]
  for (const [input, expected] of cases) assert.equal(normaliseName(input), expected, input)
})
