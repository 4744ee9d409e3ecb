import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Temporal } from 'temporal-polyfill'
import { ValidationError } from '../errors.ts'
import { parseOrThrow } from '../risk/index.ts'
import { suggestedFollowUps } from './follow-ups.ts'
import { recordVisitSchema } from './schemas.ts'

const now = Temporal.Instant.from('2026-11-23T10:00:00Z')
const valid = {
  subjectId: 's1',
  kind: 'unannounced',
  at: '2026-11-20T19:30',
  officerIds: ['pc-1', 'pc-2'],
  outcome: 'seen',
  checks: ['household composition', 'devices seen'],
  findings: 'Lives alone. One phone seen, checked.',
  followUps: [{ type: 'intelligence note', details: 'New car on the drive' }],
}

function errorsFor(input: unknown): Record<string, string> {
  try {
    parseOrThrow(recordVisitSchema(now), input)
  } catch (e) {
    assert.ok(e instanceof ValidationError)
    return Object.fromEntries(e.errors.map(x => [x.field, x.message]))
  }
  assert.fail('expected a ValidationError')
}

test('a valid visit parses with its time as London wall-clock time', () => {
  const visit = parseOrThrow(recordVisitSchema(now), valid)
  assert.equal(visit.at.timeZoneId, 'Europe/London')
  assert.equal(visit.at.hour, 19)
  assert.deepEqual(visit.officerIds, ['pc-1', 'pc-2'])
})

test('an API time with an offset is converted to London time', () => {
  const visit = parseOrThrow(recordVisitSchema(now), { ...valid, at: '2026-07-14T17:30:00Z' })
  assert.equal(visit.at.hour, 18)
})

test('a visit in the future is refused', () => {
  assert.deepEqual(errorsFor({ ...valid, at: '2026-11-23T10:01' }), {
    at: 'Date and time of the visit must be now or in the past',
  })
})

test('a time in the hour skipped when the clocks go forward is refused; the repeated hour is accepted', () => {
  assert.match(errorsFor({ ...valid, at: '2026-03-29T01:30' }).at ?? '', /Clocks went forward/)
  const autumn = parseOrThrow(recordVisitSchema(now), { ...valid, at: '2026-10-25T01:30' })
  assert.equal(autumn.at.offset, '+01:00')
})

test('missing and impossible dates have their own messages', () => {
  assert.equal(errorsFor({ ...valid, at: undefined }).at, 'Enter the date and time of the visit')
  assert.equal(
    errorsFor({ ...valid, at: '2026-02-30T10:00' }).at,
    'Date and time of the visit must be a real date and time',
  )
  assert.equal(errorsFor({ ...valid, at: 'yesterday' }).at, 'Date and time of the visit must be a real date and time')
})

test('two distinct attending officers are required', () => {
  assert.equal(errorsFor({ ...valid, officerIds: ['pc-1'] }).officerIds, 'Select 2 attending officers')
  assert.equal(
    errorsFor({ ...valid, officerIds: ['pc-1', 'pc-1'] }).officerIds,
    'Select 2 different attending officers',
  )
  assert.equal(errorsFor({ ...valid, officerIds: undefined }).officerIds, 'Select 2 attending officers')
})

test('kind, outcome and findings are required with GOV.UK messages', () => {
  const errors = errorsFor({ ...valid, kind: 'x', outcome: undefined, findings: '  ' })
  assert.deepEqual(errors, {
    kind: 'Select whether the visit was planned or unannounced',
    outcome: 'Select the outcome of the visit',
    findings: 'Enter what you found at the visit',
  })
})

test('a follow-up needs details', () => {
  assert.deepEqual(errorsFor({ ...valid, followUps: [{ type: 'possible breach', details: '' }] }), {
    'followUps.0.details': 'Enter details of the possible breach',
  })
})

test('checks and follow-ups may be left out', () => {
  const { checks: _c, followUps: _f, ...rest } = valid
  const visit = parseOrThrow(recordVisitSchema(now), rest)
  assert.deepEqual(visit.checks, [])
  assert.deepEqual(visit.followUps, [])
})

test('an address found unoccupied suggests a possible breach and a risk review', () => {
  assert.deepEqual(suggestedFollowUps('address not occupied'), ['possible breach', 'risk review'])
  assert.deepEqual(suggestedFollowUps('seen'), [])
})
