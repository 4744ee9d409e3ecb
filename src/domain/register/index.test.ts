import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Temporal } from 'temporal-polyfill'
import * as register from './index.ts'

test('the public API answers the brief’s worked example: 15 March 2020 + 10 years → 14 March 2030', () => {
  const answer = register.calculateNotificationPeriod({
    disposal: 'imprisonment',
    custodialMonths: '12',
    dateOfBirth: '1980-01-01',
    relevantDate: '2020-03-15',
  })
  assert.deepEqual(answer, { indefinite: false, periodMonths: 120, lastDay: '2030-03-14' })
})

test('the public API exposes the deadline rules and their defaults', () => {
  assert.equal(register.changeNotificationDeadline(Temporal.PlainDate.from('2025-01-30'))?.toString(), '2025-02-01')
  assert.equal(register.DEFAULT_REGISTER_SETTINGS.noFixedAbodePeriodDays, 7)
  assert.equal(register.DEFAULT_REGISTER_SETTINGS.foreignTravelShortNoticeHours, 12)
  assert.deepEqual(register.DISPOSALS.length, 8)
})
