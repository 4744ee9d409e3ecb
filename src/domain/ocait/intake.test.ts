import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Temporal } from 'temporal-polyfill'
import { ValidationError } from '../errors.ts'
import { isIpAddress, reportedTimeToInstant, validateIntake } from './intake.ts'

// Addresses from the documentation ranges (RFC 5737, RFC 3849): they belong to nobody.
for (const [ip, ok] of [
  ['192.0.2.10', true],
  ['198.51.100.255', true],
  ['203.0.113.7', true],
  ['2001:db8::17', true],
  ['2001:DB8:0:0:8:800:200C:417A', true],
  ['256.1.1.1', false],
  ['192.0.2', false],
  ['01.2.3.4', false],
  ['2001:db8:::1', false],
  ['not an address', false],
] as const) {
  test(`IP address ${ip} is ${ok ? 'accepted' : 'refused'}`, () => {
    assert.equal(isIpAddress(ip), ok)
  })
}

// Upload times come in the platform's zone; the pre-warrant research checks the conversion (§4.3 [P]).
for (const [time, zone, utc] of [
  ['2026-11-20 23:15', 'America/Los_Angeles', '2026-11-21T07:15:00Z'],
  ['2026-07-20 23:15', 'America/Los_Angeles', '2026-07-21T06:15:00Z'],
  ['2026-11-20T23:15:30', 'UTC', '2026-11-20T23:15:30Z'],
  ['2026-11-20 23:15', '-08:00', '2026-11-21T07:15:00Z'],
  ['2026-06-01 12:00', 'Europe/London', '2026-06-01T11:00:00Z'],
] as const) {
  test(`reported time ${time} in ${zone} is ${utc}`, () => {
    const r = reportedTimeToInstant(time, zone)
    assert.ok(r.ok)
    assert.equal(r.at.toString(), utc)
  })
}

test('a reported time that happens twice when the clocks go back is refused: give the offset', () => {
  const r = reportedTimeToInstant('2026-11-01 01:30', 'America/Los_Angeles')
  assert.ok(!r.ok)
  assert.match(r.message, /give the UTC offset/)
  const withOffset = reportedTimeToInstant('2026-11-01 01:30', '-07:00')
  assert.ok(withOffset.ok && withOffset.at.toString() === '2026-11-01T08:30:00Z')
})

test('a reported time in the hour skipped when the clocks go forward is refused', () => {
  assert.equal(reportedTimeToInstant('2026-03-29 01:30', 'Europe/London').ok, false)
})

test('an unknown zone and an impossible time are refused with what to type', () => {
  const zone = reportedTimeToInstant('2026-11-20 23:15', 'Mars/Olympus')
  assert.match(zone.ok ? '' : zone.message, /is not a time zone/)
  const time = reportedTimeToInstant('2026-02-30 10:00', 'UTC')
  assert.match(time.ok ? '' : time.message, /real date and time/)
})

const now = Temporal.Instant.from('2026-11-23T10:00:00Z')
const valid = {
  source: 'national',
  sourceReference: 'SYN-CT-0001',
  receivedAt: '2026-11-23T09:00',
  platform: 'Example Platform',
  accounts: [{ platform: 'Example Platform', kind: 'username', value: 'synthetic_user_0001' }],
  uploads: [{ ip: '203.0.113.7', time: '2026-11-20 23:15', zone: 'America/Los_Angeles' }],
  images: { a: '2', b: '', c: 14 },
  suspect: { givenName: 'Synthe', familyName: 'Tester', dateOfBirth: '1985-03-04', postcode: 'm33 7aa' },
  summary: 'Industry report of uploads of indecent images (synthetic).',
}

test('intake: a complete national referral is taken, times converted and counts read', () => {
  const r = validateIntake(valid, now)
  assert.equal(r.receivedAt.toString(), '2026-11-23T09:00:00Z')
  assert.equal(r.uploads[0]?.at.toString(), '2026-11-21T07:15:00Z')
  assert.deepEqual(r.images, { a: 2, b: 0, c: 14 })
  assert.equal(r.suspect.postcode, 'M33 7AA')
  assert.equal(r.otherForce, null)
})

test('intake: every problem is reported at once, named by field', () => {
  assert.throws(
    () =>
      validateIntake(
        {
          ...valid,
          source: 'other-force',
          receivedAt: '2026-11-24T09:00',
          uploads: [{ ip: '999.1.1.1', time: '2026-11-20 23:15', zone: 'Nowhere/Special' }],
          suspect: { dateOfBirth: '1985-02-30', postcode: 'nope' },
        },
        now,
      ),
    (e: unknown) =>
      e instanceof ValidationError &&
      e.errors
        .map(x => x.field)
        .sort()
        .join() ===
        ['otherForce', 'receivedAt', 'suspect.dateOfBirth', 'suspect.postcode', 'uploads.0.ip', 'uploads.0.time']
          .sort()
          .join(),
  )
})

test('intake: a missing source and summary have GOV.UK messages', () => {
  assert.throws(
    () => validateIntake({ receivedAt: '2026-11-23T09:00' }, now),
    (e: unknown) =>
      e instanceof ValidationError &&
      e.errors.some(x => x.field === 'source' && x.message === 'Select where the referral came from') &&
      e.errors.some(x => x.field === 'summary' && x.message === 'Enter a summary of the referral'),
  )
})
