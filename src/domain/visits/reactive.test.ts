import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Temporal } from 'temporal-polyfill'
import { DEFAULT_REACTIVE_SETTINGS, reactiveManagementEligibility, reactiveManagementEnd } from './reactive.ts'

const d = (iso: string) => Temporal.PlainDate.from(iso)
const today = d('2026-06-01')

test('a subject low risk for three years with no police notice is eligible for reactive management', () => {
  const r = reactiveManagementEligibility(
    {
      riskHistory: [
        { level: 'medium', from: d('2018-01-01') },
        { level: 'low', from: d('2023-06-01') },
      ],
      events: [],
    },
    today,
  )
  assert.deepEqual(r, { eligible: true, unmet: [] })
})

test('low risk for a day less than three years is not enough', () => {
  const r = reactiveManagementEligibility({ riskHistory: [{ level: 'low', from: d('2023-06-02') }], events: [] }, today)
  assert.deepEqual(r.unmet, ['Low risk for less than 3 years'])
})

test('a spell at higher risk restarts the low-risk clock', () => {
  const r = reactiveManagementEligibility(
    {
      riskHistory: [
        { level: 'low', from: d('2015-01-01') },
        { level: 'high', from: d('2024-01-01') },
        { level: 'low', from: d('2024-06-01') },
      ],
      events: [],
    },
    today,
  )
  assert.equal(r.eligible, false)
})

test('a subject who is not currently low risk is not eligible', () => {
  const r = reactiveManagementEligibility(
    { riskHistory: [{ level: 'medium', from: d('2015-01-01') }], events: [] },
    today,
  )
  assert.deepEqual(r.unmet, ['Not currently low risk'])
})

test('coming to police notice recently, or MAPPA level 2, bars reactive management', () => {
  const r = reactiveManagementEligibility(
    {
      riskHistory: [{ level: 'low', from: d('2015-01-01') }],
      events: [{ type: 'new intelligence', occurredOn: d('2024-02-01') }],
      mappaLevel: 2,
    },
    today,
  )
  assert.deepEqual(r.unmet, ['Came to police notice in the last 3 years', 'Managed at MAPPA level 2'])
})

test('entry criteria are settings', () => {
  const r = reactiveManagementEligibility(
    { riskHistory: [{ level: 'low', from: d('2025-01-01') }], events: [] },
    today,
    { ...DEFAULT_REACTIVE_SETTINGS, minYearsAtLowRisk: 1 },
  )
  assert.equal(r.eligible, true)
})

test('any change of circumstances or intelligence ends reactive management', () => {
  assert.equal(reactiveManagementEnd(d('2025-01-01'), 'low', []), undefined)
  assert.equal(
    reactiveManagementEnd(d('2025-01-01'), 'low', [
      { type: 'arrest', occurredOn: d('2024-12-01') },
      { type: 'new relationship', occurredOn: d('2026-02-01') },
    ]),
    'New relationship on 2026-02-01',
  )
  assert.equal(reactiveManagementEnd(d('2025-01-01'), 'medium', []), 'Risk level is now medium')
})
