import assert from 'node:assert/strict'
import { test } from 'node:test'
import { visitConsequences } from './consequences.ts'
import type { VisitFollowUpType, VisitOutcome } from './visit.ts'

const visit = (outcome: VisitOutcome, ...followUps: VisitFollowUpType[]) =>
  visitConsequences({
    kind: 'unannounced',
    outcome,
    followUps: followUps.map(type => ({ type, details: `${type} details` })),
    subjectReference: 'VGL-000001',
    officerNames: ['PC One', 'PC Two'],
  })

test('every visit is on the timeline; follow-ups add their own entries and only some alert', () => {
  const cases: Array<[VisitOutcome, VisitFollowUpType[], string[], string[]]> = [
    ['seen', [], ['visit'], []],
    ['access refused', ['intelligence note'], ['visit', 'new-intelligence'], []],
    [
      'address not occupied',
      ['possible breach', 'risk review'],
      ['visit', 'possible-breach', 'risk-review-requested'],
      ['possible-breach'],
    ],
    ['seen', ['safeguarding referral'], ['visit', 'safeguarding-referral'], ['safeguarding-referral']],
  ]
  for (const [outcome, followUps, timeline, alerts] of cases) {
    const result = visit(outcome, ...followUps)
    assert.deepEqual(
      result.timeline.map(e => e.kind),
      timeline,
      `${outcome} with ${followUps.join(', ') || 'no follow-ups'}`,
    )
    assert.deepEqual(
      result.alerts.map(a => a.kind),
      alerts,
    )
  }
})

test('the visit entry names the kind, outcome and officers; alerts are high priority and carry the details', () => {
  const result = visit('address not occupied', 'possible breach')
  assert.deepEqual(result.timeline[0], {
    kind: 'visit',
    summary: 'Unannounced home visit: address not occupied',
    details: { officers: ['PC One', 'PC Two'] },
  })
  assert.deepEqual(result.alerts[0], {
    kind: 'possible-breach',
    priority: 'high',
    title: 'Possible breach raised at a home visit to VGL-000001',
    detail: 'possible breach details',
  })
})
