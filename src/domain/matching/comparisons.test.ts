import { test } from 'node:test'
import assert from 'node:assert/strict'
import { compareRecords } from './comparisonVector.ts'
import { parseRecordedDate } from './dates.ts'
import type { FieldKind } from './fieldKinds.ts'
import { RecordSet } from './recordSet.ts'

/** The level label two raw values reach for a field kind. */
function level(kind: FieldKind, a: string | undefined, b: string | undefined): string {
  const set = new RecordSet([{ name: kind, kind }])
  set.add([a])
  set.add([b])
  const out = new Uint8Array(1)
  compareRecords(set, 0, 1, out)
  return set.columns[0]?.comparator.levels[out[0] as number] as string
}

test('first names are graded: exact, close typo, nickname, sound-alike, initial, different', () => {
  assert.equal(level('first_name', ' John ', 'john'), 'exact')
  assert.equal(level('first_name', 'Jonathon', 'Jonathan'), 'Jaro–Winkler ≥ 0.92')
  assert.equal(level('first_name', 'William', 'Bill'), 'known nickname')
  assert.equal(level('first_name', 'Aisha', 'Ayesha'), 'sounds alike')
  assert.equal(level('first_name', 'J', 'John'), 'initial only')
  assert.equal(level('first_name', 'John', 'Mary'), 'different')
  assert.equal(level('first_name', undefined, 'Mary'), 'missing')
})

test('first name and surname entered the wrong way round are recognised', () => {
  const set = new RecordSet([
    { name: 'first', kind: 'first_name' },
    { name: 'last', kind: 'surname' },
  ])
  set.add(['Okafor', 'Grace'])
  set.add(['Grace', 'Okafor'])
  const out = new Uint8Array(2)
  compareRecords(set, 0, 1, out)
  assert.equal(set.columns[0]?.comparator.levels[out[0] as number], 'first name and surname swapped')
  assert.equal(set.columns[1]?.comparator.levels[out[1] as number], 'first name and surname swapped')
})

test('surnames ignore case, spaces, hyphens and apostrophes', () => {
  assert.equal(level('surname', "O'Brien", 'obrien'), 'exact')
  assert.equal(level('surname', 'Mc Donald', 'McDonald'), 'exact')
})

test('dates of birth are graded: exact, transposed, one digit, same year, near, different', () => {
  assert.equal(level('dob', '1980-03-07', '07/03/1980'), 'exact')
  assert.equal(level('dob', '19800307', '1980-07-03'), 'day and month transposed')
  assert.equal(level('dob', '1980-03-07', '1980-03-08'), 'one digit different')
  assert.equal(level('dob', '1980-03-07', '1980-11-21'), 'same year of birth')
  assert.equal(level('dob', '1980-03-07', '1983-11-21'), 'within 5 years')
  assert.equal(level('dob', '1980-03-07', '1970-11-21'), 'different')
  assert.equal(level('dob', '1980-03-07', '1955-11-21'), '15 or more years apart')
})

test('dates are read in the three accepted shapes and rejected otherwise', () => {
  assert.equal(parseRecordedDate('1980-03-07').ok, true)
  assert.equal(parseRecordedDate('19800307').ok, true)
  assert.equal(parseRecordedDate(' 7/3/1980 ').ok, true)
  assert.deepEqual(parseRecordedDate(''), { ok: true, date: undefined })
  assert.equal(parseRecordedDate('7th March 1980').ok, false)
  assert.equal(parseRecordedDate('1980/03/07').ok, false)
})

test('an impossible date in an accepted shape is kept and flagged', () => {
  const parsed = parseRecordedDate('19371233')
  assert.ok(parsed.ok && parsed.date?.impossible === true)
})

test('postcodes are graded by sector and district', () => {
  assert.equal(level('postcode', 'sw1a 1aa', 'SW1A1AA'), 'exact')
  assert.equal(level('postcode', 'SW1A 1AA', 'SW1A 1AB'), 'same sector')
  assert.equal(level('postcode', 'SW1A 1AA', 'SW1A 2BB'), 'same district')
  assert.equal(level('postcode', '2119', '2118'), 'one character different')
  assert.equal(level('postcode', 'M1 1AA', 'LS2 9JT'), 'different')
})

test('addresses match whatever the abbreviations or word order', () => {
  assert.equal(level('address', '12 High St', '12 high street'), 'exact')
  assert.equal(level('address', 'Flat 2, 12 High Street', '12 High Street Flat 2'), 'same words in another order')
  assert.equal(level('address', '12 High Street', '12 Hihg Street'), 'Jaro–Winkler ≥ 0.92')
  assert.equal(level('address', '9 Mill Lane', '40 Station Road'), 'different')
})

test('full names match in any order', () => {
  assert.equal(level('full_name', 'Grace Okafor', 'grace okafor'), 'exact')
  assert.equal(level('full_name', 'Okafor Grace', 'Grace Okafor'), 'same names in another order')
})

test('localities, emails, phones, identifiers, references, gender and categories have their own levels', () => {
  assert.equal(level('locality', 'Manchester', 'Manchestre'), 'Jaro–Winkler ≥ 0.88')
  assert.equal(level('email', 'g.okafor@example.com', 'g.okafor@example.org'), 'same user name')
  assert.equal(level('phone', '+44 7700 900123', '07700900123'), 'exact')
  assert.equal(level('phone', '07700900123', '07700900124'), 'one digit different')
  assert.equal(level('identifier', '2001/0012345H', '2001/0012346J'), 'different')
  assert.equal(level('reference', '4314184', '4341184'), 'one character different')
  assert.equal(level('gender', 'Male', 'M'), 'exact')
  assert.equal(level('category', 'White British', 'Asian'), 'different')
})
