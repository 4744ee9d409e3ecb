import { test } from 'node:test'
import assert from 'node:assert/strict'
import { todayIn } from './clock.ts'
import { TestClock } from '../../test/support/clock.ts'

test('today is the London date, so 23:30 UTC in British Summer Time is already tomorrow', () => {
  const clock = new TestClock('2026-07-01T23:30:00Z')
  assert.equal(todayIn(clock).toString(), '2026-07-02')
})

test('today in winter is the UTC date (GMT)', () => {
  const clock = new TestClock('2026-12-01T23:30:00Z')
  assert.equal(todayIn(clock).toString(), '2026-12-01')
})
