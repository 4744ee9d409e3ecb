import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Temporal } from 'temporal-polyfill'
import { openActionsFor, overduePlanActions } from './plan.ts'
import type { RiskManagementPlan } from './plan.ts'
import { latestStaticScore, rm2000Ineligibility } from './static-tools.ts'
import { shiftRiskLevel } from './levels.ts'

const d = (iso: string) => Temporal.PlainDate.from(iso)
const plan: RiskManagementPlan = {
  actions: [
    { id: 'b', description: 'Check devices', ownerId: 'pc-1', dueOn: d('2026-03-01') },
    { id: 'a', description: 'Evening visit', ownerId: 'pc-2', dueOn: d('2026-02-01') },
    { id: 'c', description: 'Done already', ownerId: 'pc-1', dueOn: d('2026-01-01'), completedOn: d('2026-01-02') },
    { id: 'd', description: 'Due today', ownerId: 'pc-1', dueOn: d('2026-03-10') },
  ],
}

test('open plan actions past their due date are overdue, longest-late first; due today is not overdue', () => {
  assert.deepEqual(
    overduePlanActions(plan, d('2026-03-10')).map(a => a.id),
    ['a', 'b'],
  )
})

test('an owner sees only their open actions, earliest due first', () => {
  assert.deepEqual(
    openActionsFor(plan, 'pc-1').map(a => a.id),
    ['b', 'd'],
  )
})

test('the latest static score is found per tool', () => {
  const scores = [
    { tool: 'RM2000/S', version: '2007', score: 3, category: 'high' as const, assessedOn: d('2020-01-01') },
    { tool: 'OSP/C', version: '2021', score: 2, category: 'medium' as const, assessedOn: d('2024-01-01') },
    { tool: 'RM2000/S', version: '2007', score: 1, category: 'medium' as const, assessedOn: d('2023-01-01') },
  ]
  assert.equal(latestStaticScore(scores)?.tool, 'OSP/C')
  assert.equal(latestStaticScore(scores, 'RM2000/S')?.score, 1)
  assert.equal(latestStaticScore([], 'RM2000/S'), undefined)
})

test('RM2000 is not offered for suspects, women, under-18s or offences committed under 16', () => {
  const adult = { convicted: true, sex: 'male' as const, dateOfBirth: d('1980-05-01'), ageAtIndexOffence: 30 }
  assert.deepEqual(rm2000Ineligibility(adult, d('2026-01-01')), [])
  assert.equal(rm2000Ineligibility({ ...adult, convicted: false }, d('2026-01-01')).length, 1)
  assert.equal(rm2000Ineligibility({ ...adult, sex: 'female' }, d('2026-01-01')).length, 1)
  assert.equal(rm2000Ineligibility({ ...adult, dateOfBirth: d('2008-01-02') }, d('2026-01-01')).length, 1)
  assert.deepEqual(rm2000Ineligibility({ ...adult, dateOfBirth: d('2008-01-01') }, d('2026-01-01')), [])
  assert.equal(rm2000Ineligibility({ ...adult, ageAtIndexOffence: 15 }, d('2026-01-01')).length, 1)
})

test('shifting a risk level stops at the ends of the scale', () => {
  assert.equal(shiftRiskLevel('high', 2), 'very_high')
  assert.equal(shiftRiskLevel('medium', -3), 'low')
})
