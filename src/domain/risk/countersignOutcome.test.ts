import assert from 'node:assert/strict'
import { test } from 'node:test'
import { countersignOutcome } from './countersignOutcome.ts'
import type { RiskLevel } from './levels.ts'
import { TRIGGER_EVENT_KINDS, reviewTriggerFor } from './triggerKinds.ts'
import { REVIEW_TRIGGER_EVENTS } from './review.ts'

test('countersigning changes the risk level only when the agreed level differs from the one held', () => {
  const cases: Array<[string | null, RiskLevel, RiskLevel | undefined, string | undefined]> = [
    ['low', 'low', undefined, undefined],
    ['low', 'very_high', 'very_high', 'Risk level changed from low to very high'],
    ['very_high', 'medium', 'medium', 'Risk level changed from very high to medium'],
    ['very_high', 'very_high', undefined, undefined],
    [null, 'high', 'high', 'Risk level set to high'],
  ]
  for (const [held, agreed, newLevel, summary] of cases) {
    const outcome = countersignOutcome({ heldLevel: held, latestCountersignedLevel: agreed, assessedOn: '2026-11-01' })
    assert.equal(outcome.newLevel, newLevel, `${held ?? 'none'} → ${agreed}`)
    assert.equal(outcome.timeline.find(e => e.kind === 'risk-level-changed')?.summary, summary)
    assert.deepEqual(outcome.timeline.at(-1), {
      kind: 'risk-assessment-countersigned',
      summary: 'ARMS assessment of 2026-11-01 countersigned',
    })
  }
})

test('every review trigger has one timeline kind, and only those kinds are triggers', () => {
  for (const trigger of REVIEW_TRIGGER_EVENTS) assert.equal(reviewTriggerFor(TRIGGER_EVENT_KINDS[trigger]), trigger)
  for (const other of ['visit', 'possible-breach', 'notification', 'risk-assessment', 'allocation']) {
    assert.equal(reviewTriggerFor(other), undefined, other)
  }
})
