import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Temporal } from 'temporal-polyfill'
import { assessForeignTravelNotice, foreignTravelDeadline } from './foreign-travel.ts'
import { registerSettings } from './settings.ts'

const dt = (iso: string) => Temporal.PlainDateTime.from(iso)
const trip = (notifiedAt: string, detailsKnownSevenDaysAhead = true, reasonableExcuse?: boolean) => ({
  departure: dt('2025-03-15T10:00'),
  notifiedAt: dt(notifiedAt),
  detailsKnownSevenDaysAhead,
  reasonableExcuse,
})

test('travel departing 15 March must be notified by 8 March, 7 days before', () => {
  assert.deepEqual(foreignTravelDeadline(trip('2025-03-01T09:00')), {
    rule: 'days-before',
    latestDate: Temporal.PlainDate.from('2025-03-08'),
    latestAt: null,
  })
})

test('travel notified late on 8 March for 15 March is on time', () => {
  const result = assessForeignTravelNotice(trip('2025-03-08T18:00'))
  assert.deepEqual([result.late, result.daysLate], [false, 0])
})

test('travel notified on 10 March for 15 March, details known a week ahead, is 2 days late', () => {
  const result = assessForeignTravelNotice(trip('2025-03-10T09:00'))
  assert.equal(result.late, true)
  assert.equal(result.daysLate, 2)
})

test('when the details were not known 7 days ahead, notice 12 hours before departure is in time', () => {
  const result = assessForeignTravelNotice(trip('2025-03-14T22:00', false))
  assert.equal(result.deadline.latestAt?.toString(), '2025-03-14T22:00:00')
  assert.equal(result.late, false)
})

test('when the details were not known 7 days ahead, notice 11 hours before departure is late by a day', () => {
  const result = assessForeignTravelNotice(trip('2025-03-14T23:00', false))
  assert.deepEqual([result.late, result.daysLate], [true, 1])
})

test('the 12 hours are real hours: across the spring clock change they end an hour earlier on the wall clock', () => {
  const deadline = foreignTravelDeadline({ departure: dt('2026-03-29T10:00'), detailsKnownSevenDaysAhead: false })
  assert.equal(deadline.latestAt?.toString(), '2026-03-28T21:00:00')
})

test('with the 24-hour rule switched on, late notice 20 hours ahead needs a reasonable excuse', () => {
  const settings = registerSettings({ foreignTravelShortNoticeWithoutExcuseHours: 24 })
  assert.equal(assessForeignTravelNotice(trip('2025-03-14T14:00', false), settings).late, true)
  assert.equal(assessForeignTravelNotice(trip('2025-03-14T14:00', false, true), settings).late, false)
  assert.equal(assessForeignTravelNotice(trip('2025-03-14T09:00', false), settings).late, false)
})

test('the 7-day lead time is a setting', () => {
  const settings = registerSettings({ foreignTravelNoticeDays: 3 })
  assert.equal(foreignTravelDeadline(trip('2025-03-01T09:00'), settings).latestDate.toString(), '2025-03-12')
})
