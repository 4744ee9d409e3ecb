import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { Temporal } from 'temporal-polyfill'
import { RISK_LEVELS } from '../risk/index.ts'
import { recommendAllocation } from './allocation.ts'
import type { AllocationRequest, SubjectToAllocate } from './allocation.ts'
import { officerCapacity, officerWorkload } from './officer.ts'
import type { Officer } from './officer.ts'
import { unallocatedQueue } from './queue.ts'
import { DEFAULT_WORKLOAD_SETTINGS, caseWeight, weightedCaseload } from './weights.ts'
import type { Case } from './weights.ts'

const cases = (...levels: (Case['riskLevel'] | 'reactive')[]): Case[] =>
  levels.map((l, i) =>
    l === 'reactive' ? { subjectId: `c${i}`, riskLevel: 'low', reactive: true } : { subjectId: `c${i}`, riskLevel: l },
  )

test('cases are weighted by risk: low 1, medium 1.5, high 2.5, very high 4', () => {
  assert.equal(weightedCaseload(cases('low', 'medium', 'high', 'very_high')), 9)
})

test('reactive cases weigh half a low-risk case and unassessed cases weigh as high', () => {
  assert.equal(caseWeight({ subjectId: 'r', riskLevel: 'low', reactive: true }), 0.5)
  assert.equal(caseWeight({ subjectId: 'u' }), 2.5)
})

test('weights are settings', () => {
  const settings = { ...DEFAULT_WORKLOAD_SETTINGS, weights: { low: 2, medium: 3, high: 5, very_high: 10 } }
  assert.equal(weightedCaseload(cases('low', 'very_high'), settings), 12)
})

test('property: a higher risk level never weighs less, so raising risk never lightens a caseload', () => {
  for (let i = 1; i < RISK_LEVELS.length; i++) {
    const lower = RISK_LEVELS[i - 1] as (typeof RISK_LEVELS)[number]
    const higher = RISK_LEVELS[i] as (typeof RISK_LEVELS)[number]
    assert.ok(DEFAULT_WORKLOAD_SETTINGS.weights[higher] >= DEFAULT_WORKLOAD_SETTINGS.weights[lower])
  }
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...RISK_LEVELS)), fc.nat(), (levels, k) => {
      fc.pre(levels.length > 0)
      const i = k % levels.length
      const raised = [...levels]
      raised[i] = 'very_high'
      assert.ok(weightedCaseload(cases(...raised)) >= weightedCaseload(cases(...levels)))
    }),
  )
})

test('capacity scales with FTE unless set for the officer; utilisation is points over capacity', () => {
  const officer: Officer = { id: 'o1', name: 'PC Ahmed', districtId: 'd1', teamId: 't1', accreditations: [] }
  assert.equal(officerCapacity(officer), 75)
  assert.equal(officerCapacity({ ...officer, fte: 0.6 }), 45)
  assert.equal(officerCapacity({ ...officer, fte: 0.6, capacityPoints: 30 }), 30)
  const load = officerWorkload(officer, cases('high', 'high', 'very_high'))
  assert.deepEqual(load, { officerId: 'o1', caseCount: 3, points: 9, capacity: 75, utilisation: 0.12, headroom: 66 })
})

test('an officer with no capacity and cases is infinitely utilised', () => {
  const officer: Officer = { id: 'o1', name: 'x', districtId: 'd', teamId: 't', accreditations: [], capacityPoints: 0 }
  assert.equal(officerWorkload(officer, cases('low')).utilisation, Infinity)
  assert.equal(officerWorkload(officer, []).utilisation, 0)
})

const team = (id: string, over: Partial<Officer> = {}): Officer => ({
  id,
  name: `PC ${id}`,
  districtId: 'north',
  teamId: 'north-1',
  accreditations: ['ViSOR', 'ARMS'],
  ...over,
})
const subject: SubjectToAllocate = {
  subjectId: 's1',
  riskLevel: 'high',
  districtId: 'north',
  teamId: 'north-1',
  requiredAccreditations: ['ViSOR', 'ARMS'],
}

function request(
  officers: Officer[],
  loads: Record<string, Case[]>,
  extra: Partial<AllocationRequest> = {},
): AllocationRequest {
  return { subject, officers, caseloads: new Map(Object.entries(loads)), ...extra }
}

test('the officer with the lowest weighted load in the team is recommended, not the one with fewest cases', () => {
  const r = recommendAllocation(
    request([team('a'), team('b')], { a: cases('very_high', 'very_high'), b: cases('low', 'low', 'low') }),
  )
  assert.equal(r.officerId, 'b')
  assert.match(
    r.explanation,
    /^Recommended PC b: lowest weighted caseload \(3 of 75 points, 3 cases\) of 2 eligible officers in team north-1 holding ViSOR and ARMS\./,
  )
})

test('officers in other teams or districts are never recommended', () => {
  const r = recommendAllocation(
    request([team('a'), team('other', { teamId: 'north-2' }), team('far', { districtId: 'south' })], {
      a: cases('high'),
    }),
  )
  assert.equal(r.officerId, 'a')
  assert.deepEqual(
    r.ranked.map(c => c.officerId),
    ['a'],
  )
})

test('officers without the required accreditation, unavailable, current or at capacity are excluded with reasons', () => {
  const r = recommendAllocation(
    request(
      [
        team('a', { accreditations: ['ViSOR'] }),
        team('b', { available: false }),
        team('c', { capacityPoints: 10 }),
        team('d'),
        team('e'),
      ],
      { c: cases('very_high', 'very_high'), e: cases('low') },
      { excludeOfficerIds: ['d'] },
    ),
  )
  assert.equal(r.officerId, 'e')
  assert.deepEqual(r.excluded, [
    { officerId: 'a', name: 'PC a', reason: 'not accredited for ARMS' },
    { officerId: 'b', name: 'PC b', reason: 'not available' },
    { officerId: 'c', name: 'PC c', reason: 'no capacity (8 of 10 points; this case adds 2.5)' },
    { officerId: 'd', name: 'PC d', reason: 'current offender manager' },
  ])
  assert.match(r.explanation, /Not eligible: PC a \(not accredited for ARMS\); PC b \(not available\);/)
})

test('a case that exactly fills capacity is allowed', () => {
  const r = recommendAllocation(request([team('a', { capacityPoints: 5 })], { a: cases('high') }))
  assert.equal(r.officerId, 'a')
})

test('ties on points break on lower utilisation, then fewer cases, then officer id', () => {
  const byUtilisation = recommendAllocation(
    request([team('a', { fte: 0.5 }), team('b')], { a: cases('high', 'high'), b: cases('high', 'high') }),
  )
  assert.equal(byUtilisation.officerId, 'b')
  assert.match(byUtilisation.explanation, /Tied on points with PC a; chosen by lower utilisation\./)

  const byCount = recommendAllocation(
    request([team('a'), team('b')], { a: cases('low', 'low', 'low', 'low', 'low'), b: cases('high', 'high') }),
  )
  assert.equal(byCount.officerId, 'b')
  assert.match(byCount.explanation, /chosen by fewer cases/)

  const byId = recommendAllocation(request([team('b'), team('a')], {}))
  assert.equal(byId.officerId, 'a')
  assert.match(byId.explanation, /chosen by officer id/)
})

test('the recommendation does not depend on the order officers are listed in', () => {
  fc.assert(
    fc.property(
      fc
        .array(
          fc.record({
            id: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
            load: fc.array(fc.constantFrom(...RISK_LEVELS), { maxLength: 6 }),
          }),
          {
            maxLength: 5,
          },
        )
        .map(xs => [...new Map(xs.map(x => [x.id, x])).values()]),
      fc.boolean(),
      (entries, reverse) => {
        const officers = entries.map(e => team(e.id))
        const loads = Object.fromEntries(entries.map(e => [e.id, cases(...e.load)]))
        const a = recommendAllocation(request(officers, loads))
        const b = recommendAllocation(request(reverse ? [...officers].reverse() : officers, loads))
        assert.equal(a.officerId, b.officerId)
        assert.equal(a.explanation, b.explanation)
        if (a.officerId !== null) {
          const min = Math.min(...a.ranked.map(c => c.points))
          assert.equal(a.ranked[0]?.points, min)
        }
      },
    ),
  )
})

test('with nobody eligible the subject stays in the unallocated queue', () => {
  const r = recommendAllocation(request([team('a', { accreditations: [] })], {}))
  assert.equal(r.officerId, null)
  assert.equal(
    r.explanation,
    'No eligible officer in team north-1; leave in the unallocated queue. Not eligible: PC a (not accredited for ViSOR, ARMS).',
  )
  assert.match(recommendAllocation(request([], {})).explanation, /^No officers in team north-1/)
})

test('the unallocated queue puts unassessed and highest risk first, then the longest waiting', () => {
  const d = (iso: string) => Temporal.PlainDate.from(iso)
  const queue = unallocatedQueue([
    { subjectId: 'low-old', riskLevel: 'low', waitingSince: d('2026-01-01') },
    { subjectId: 'high-new', riskLevel: 'high', waitingSince: d('2026-03-01') },
    { subjectId: 'high-old', riskLevel: 'high', waitingSince: d('2026-02-01') },
    { subjectId: 'unassessed', waitingSince: d('2026-03-05') },
    { subjectId: 'reactive', riskLevel: 'low', reactive: true, waitingSince: d('2025-01-01') },
  ])
  assert.deepEqual(
    queue.map(c => c.subjectId),
    ['unassessed', 'high-old', 'high-new', 'low-old', 'reactive'],
  )
})

test('when every eligible officer is over capacity the least loaded is recommended, with the shortfall named', () => {
  const r = recommendAllocation(
    request([team('a', { capacityPoints: 3 }), team('b', { capacityPoints: 3 })], {
      a: cases('high', 'low'),
      b: cases('high'),
    }),
  )
  assert.equal(r.officerId, 'b')
  assert.match(r.explanation, /^Every eligible officer in team north-1 is over capacity\. Recommended PC b/)
  assert.deepEqual(
    r.ranked.map(c => c.officerId),
    ['b', 'a'],
  )
})
