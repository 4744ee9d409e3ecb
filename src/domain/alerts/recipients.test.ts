import assert from 'node:assert/strict'
import { test } from 'node:test'
import { alertRecipients, type RecipientFacts } from './recipients.ts'

const cases: Array<{ name: string; facts: RecipientFacts; expected: Array<[string, string]> }> = [
  {
    name: 'allocated: the manager and every team supervisor',
    facts: { offenderManagerId: 'om', managerSupervisorId: 's1', teamSupervisorIds: ['s1', 's2'] },
    expected: [
      ['om', 'offender manager'],
      ['s1', 'supervisor'],
      ['s2', 'supervisor'],
    ],
  },
  {
    name: "the manager's own supervisor outside the team is told too",
    facts: { offenderManagerId: 'om', managerSupervisorId: 'x', teamSupervisorIds: ['s1'] },
    expected: [
      ['om', 'offender manager'],
      ['s1', 'supervisor'],
      ['x', 'supervisor'],
    ],
  },
  {
    name: 'unallocated: every team supervisor',
    facts: { offenderManagerId: null, managerSupervisorId: null, teamSupervisorIds: ['s1', 's2'] },
    expected: [
      ['s1', 'supervisor'],
      ['s2', 'supervisor'],
    ],
  },
  {
    name: 'a team without a supervisor still reaches the manager',
    facts: { offenderManagerId: 'om', managerSupervisorId: null, teamSupervisorIds: [] },
    expected: [['om', 'offender manager']],
  },
  {
    name: 'a supervisor who manages the subject is told once, as the manager',
    facts: { offenderManagerId: 's1', managerSupervisorId: null, teamSupervisorIds: ['s1', 's2'] },
    expected: [
      ['s1', 'offender manager'],
      ['s2', 'supervisor'],
    ],
  },
]

for (const c of cases) {
  test(`alert recipients: ${c.name}`, () => {
    assert.deepEqual(
      alertRecipients(c.facts).map(r => [r.staffId, r.reason]),
      c.expected,
    )
  })
}
