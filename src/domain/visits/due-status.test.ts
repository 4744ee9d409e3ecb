import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Temporal } from 'temporal-polyfill'
import { daysOverdue, dueStatus, isDueWithin, overdueAgeBand } from './due-status.ts'

const d = (iso: string) => Temporal.PlainDate.from(iso)
const today = d('2026-03-31')

test('something due today is not overdue; due yesterday is 1 day overdue', () => {
  assert.equal(daysOverdue(today, today), 0)
  assert.equal(daysOverdue(d('2026-03-30'), today), 1)
  assert.equal(daysOverdue(d('2026-04-30'), today), 0)
})

test('days overdue count calendar days across February in a leap year and across the clock change', () => {
  assert.equal(daysOverdue(d('2024-02-28'), d('2024-03-01')), 2)
  assert.equal(daysOverdue(d('2025-02-28'), d('2025-03-01')), 1)
  // Clocks went forward on 29 March 2026: still one calendar day per date.
  assert.equal(daysOverdue(d('2026-03-28'), d('2026-03-30')), 2)
})

test('age bands are 1–7, 8–28, 29–90 and over 90 days overdue, at their boundaries', () => {
  const cases: [number, string | undefined][] = [
    [0, undefined],
    [1, '1–7 days'],
    [7, '1–7 days'],
    [8, '8–28 days'],
    [28, '8–28 days'],
    [29, '29–90 days'],
    [90, '29–90 days'],
    [91, 'over 90 days'],
    [4000, 'over 90 days'],
  ]
  for (const [days, band] of cases) assert.equal(overdueAgeBand(days), band, `${days} days`)
})

test('due status: overdue with its band, due soon in the smallest window, or not due', () => {
  assert.deepEqual(dueStatus(d('2026-03-01'), today), { state: 'overdue', daysOverdue: 30, band: '29–90 days' })
  assert.deepEqual(dueStatus(today, today), { state: 'due soon', daysUntilDue: 0, withinDays: 14 })
  assert.deepEqual(dueStatus(d('2026-04-14'), today), { state: 'due soon', daysUntilDue: 14, withinDays: 14 })
  assert.deepEqual(dueStatus(d('2026-04-15'), today), { state: 'due soon', daysUntilDue: 15, withinDays: 28 })
  assert.deepEqual(dueStatus(d('2026-04-28'), today), { state: 'due soon', daysUntilDue: 28, withinDays: 28 })
  assert.deepEqual(dueStatus(d('2026-04-29'), today), { state: 'not due', daysUntilDue: 29 })
})

test('the 14- and 28-day counts are nested and exclude overdue items', () => {
  assert.equal(isDueWithin(d('2026-04-10'), today, 14), true)
  assert.equal(isDueWithin(d('2026-04-10'), today, 28), true)
  assert.equal(isDueWithin(d('2026-04-20'), today, 14), false)
  assert.equal(isDueWithin(d('2026-03-30'), today, 14), false)
})
