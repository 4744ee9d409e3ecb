import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Temporal } from 'temporal-polyfill'
import { Conflict, Forbidden, ValidationError } from '../errors.ts'
import { assessmentStatus } from './assessment.ts'
import type { ArmsAssessment } from './assessment.ts'
import { countersign, countersignRefusal } from './countersign.ts'
import { factorsWith } from './test-factors.ts'

const d = (iso: string) => Temporal.PlainDate.from(iso)
const assessment: ArmsAssessment = {
  id: 'a1',
  subjectId: 's1',
  authorId: 'pc-1',
  assessedOn: d('2026-03-01'),
  factors: factorsWith(['present']),
  level: 'medium',
  plan: { actions: [] },
}
const sergeant = { officerId: 'ds-9', isSupervisor: true }

test('a supervisor who is not the author can countersign', () => {
  const signed = countersign(assessment, sergeant, d('2026-03-02'), 'Agreed')
  assert.equal(assessmentStatus(assessment), 'awaiting countersignature')
  assert.equal(assessmentStatus(signed), 'countersigned')
  assert.deepEqual(signed.countersignature, {
    supervisorId: 'ds-9',
    countersignedOn: d('2026-03-02'),
    comments: 'Agreed',
  })
})

test('a supervisor cannot countersign their own assessment', () => {
  const own = { ...assessment, authorId: 'ds-9' }
  assert.equal(countersignRefusal(own, sergeant, d('2026-03-02')), 'author cannot countersign')
  assert.throws(() => countersign(own, sergeant, d('2026-03-02')), Forbidden)
})

test('an officer who is not a supervisor cannot countersign', () => {
  assert.throws(() => countersign(assessment, { officerId: 'pc-2', isSupervisor: false }, d('2026-03-02')), Forbidden)
})

test('an assessment cannot be countersigned twice', () => {
  const signed = countersign(assessment, sergeant, d('2026-03-02'))
  assert.throws(() => countersign(signed, { officerId: 'di-1', isSupervisor: true }, d('2026-03-03')), Conflict)
})

test('a countersignature cannot be dated before the assessment', () => {
  assert.throws(() => countersign(assessment, sergeant, d('2026-02-28')), ValidationError)
})

test('a rating without evidence cannot be countersigned and the field is named', () => {
  const noEvidence: ArmsAssessment = {
    ...assessment,
    factors: {
      ...assessment.factors,
      risk: { ...assessment.factors.risk, 'sexual preoccupation': { rating: 'partly present', evidence: ' ' } },
    },
  }
  assert.equal(countersignRefusal(noEvidence, sergeant, d('2026-03-02')), 'evidence missing')
  assert.throws(
    () => countersign(noEvidence, sergeant, d('2026-03-02')),
    (e: unknown) => e instanceof ValidationError && e.errors[0]?.field === 'factors.risk.sexual preoccupation.evidence',
  )
})
