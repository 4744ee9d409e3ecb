import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Temporal } from 'temporal-polyfill'
import { LONDON } from '../clock.ts'
import { DEFAULT_VISIT_PATTERN_SETTINGS, visitPatternWarnings } from './pattern.ts'
import { timeBandOf, weekdayOf } from './time-bands.ts'

const london = (local: string) => ({ at: Temporal.PlainDateTime.from(local).toZonedDateTime(LONDON) })

test('time bands are London local time: 18:30 is evening in both winter and summer', () => {
  assert.equal(timeBandOf(london('2026-01-13T18:30').at), 'evening')
  assert.equal(timeBandOf(london('2026-07-14T18:30').at), 'evening')
  // 17:30 UTC in July is 18:30 BST: evening, even though the UTC hour is afternoon.
  assert.equal(timeBandOf(Temporal.Instant.from('2026-07-14T17:30:00Z').toZonedDateTimeISO('UTC')), 'evening')
})

test('band boundaries: 06:00 morning, 12:00 afternoon, 18:00 evening, 22:00 and 03:00 night', () => {
  assert.equal(timeBandOf(london('2026-01-13T05:59').at), 'night')
  assert.equal(timeBandOf(london('2026-01-13T06:00').at), 'morning')
  assert.equal(timeBandOf(london('2026-01-13T11:59').at), 'morning')
  assert.equal(timeBandOf(london('2026-01-13T12:00').at), 'afternoon')
  assert.equal(timeBandOf(london('2026-01-13T18:00').at), 'evening')
  assert.equal(timeBandOf(london('2026-01-13T22:00').at), 'night')
  assert.equal(timeBandOf(london('2026-01-13T03:00').at), 'night')
})

test('the weekday is the London weekday', () => {
  // 23:30 UTC on Tuesday 14 July is 00:30 BST on Wednesday.
  assert.equal(weekdayOf(Temporal.Instant.from('2026-07-14T23:30:00Z').toZonedDateTimeISO('UTC')), 'Wednesday')
})

test('two of the last three visits on a Tuesday morning raise a same-slot warning', () => {
  const warnings = visitPatternWarnings([
    london('2026-01-13T10:00'),
    london('2026-02-10T19:00'),
    london('2026-03-10T09:15'),
  ])
  assert.equal(warnings.length, 1)
  assert.deepEqual(
    { ...warnings[0], message: undefined },
    { code: 'same slot', weekday: 'Tuesday', band: 'morning', count: 2, message: undefined },
  )
  assert.equal(warnings[0]?.message, '2 of the last 3 visits were on a Tuesday morning. Vary the day and time.')
})

test('varied days and times raise no warning', () => {
  assert.deepEqual(
    visitPatternWarnings([
      london('2026-01-13T10:00'),
      london('2026-02-11T19:00'),
      london('2026-03-13T14:15'),
      london('2026-04-18T20:00'),
    ]),
    [],
  )
})

test('only the most recent visits count, whatever order they are passed in', () => {
  const old = [london('2025-01-06T10:00'), london('2025-02-03T10:00')]
  const recent = [london('2026-03-13T14:15'), london('2026-02-11T19:00'), london('2026-01-13T10:00')]
  assert.deepEqual(visitPatternWarnings([...recent, ...old]), [])
})

test('a proposed visit can be checked against the recorded ones', () => {
  const recorded = [london('2026-02-11T19:00'), london('2026-03-10T09:00')]
  const proposed = london('2026-04-14T10:30')
  assert.equal(visitPatternWarnings([...recorded, proposed])[0]?.code, 'same slot')
})

test('no evening visit among the last four raises a warning', () => {
  const warnings = visitPatternWarnings([
    london('2026-01-12T10:00'),
    london('2026-02-10T14:00'),
    london('2026-03-11T11:00'),
    london('2026-04-16T15:00'),
  ])
  assert.deepEqual(
    warnings.map(w => w.code),
    ['no evening visits'],
  )
})

test('the evening warning can be switched off', () => {
  const visits = ['2026-01-12T10:00', '2026-02-10T14:00', '2026-03-11T11:00', '2026-04-16T15:00'].map(london)
  assert.deepEqual(visitPatternWarnings(visits, { ...DEFAULT_VISIT_PATTERN_SETTINGS, eveningWithinLast: 0 }), [])
})
