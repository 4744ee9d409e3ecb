import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Temporal } from 'temporal-polyfill'
import { qualifyingPeriodCompletedOn } from './qualifying-period.ts'

const d = (iso: string) => Temporal.PlainDate.from(iso)
const stay = (from: string, to: string) => ({ from: d(from), to: d(to) })

test('staying 7 days in a row at an un-notified address completes a qualifying period on the 7th day', () => {
  assert.equal(qualifyingPeriodCompletedOn([stay('2025-03-01', '2025-03-10')])?.toString(), '2025-03-07')
})

test('staying 6 days is not a qualifying period', () => {
  assert.equal(qualifyingPeriodCompletedOn([stay('2025-03-01', '2025-03-06')]), null)
})

test('two stays of 3 and 4 days within 12 months together make a qualifying period', () => {
  const stays = [stay('2025-01-10', '2025-01-12'), stay('2025-11-01', '2025-11-05')]
  assert.equal(qualifyingPeriodCompletedOn(stays)?.toString(), '2025-11-04')
})

test('stays more than 12 months apart do not add up', () => {
  const stays = [stay('2024-01-10', '2024-01-12'), stay('2025-01-10', '2025-01-13')]
  assert.equal(qualifyingPeriodCompletedOn(stays), null)
})

test('stays exactly within the 12 months ending with the 7th day add up', () => {
  const stays = [stay('2024-01-11', '2024-01-13'), stay('2025-01-07', '2025-01-10')]
  assert.equal(qualifyingPeriodCompletedOn(stays)?.toString(), '2025-01-10')
})

test('overlapping stays count each day once', () => {
  const stays = [stay('2025-03-01', '2025-03-04'), stay('2025-03-03', '2025-03-06')]
  assert.equal(qualifyingPeriodCompletedOn(stays), null)
})

test('several short stays add up: 1+2+2+2 days', () => {
  const stays = [
    stay('2025-01-01', '2025-01-01'),
    stay('2025-02-01', '2025-02-02'),
    stay('2025-03-01', '2025-03-02'),
    stay('2025-04-01', '2025-04-02'),
  ]
  assert.equal(qualifyingPeriodCompletedOn(stays)?.toString(), '2025-04-02')
})
