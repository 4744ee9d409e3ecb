import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Temporal } from 'temporal-polyfill'
import { ValidationError } from '../errors.ts'
import { ARMS_PROTECTIVE_FACTORS, ARMS_RISK_FACTORS } from './arms-factors.ts'
import { armsAssessmentSchema } from './schemas.ts'
import { parseOrThrow } from './validation.ts'

const today = Temporal.PlainDate.from('2026-11-23')
const notPresent = { rating: 'not present', evidence: '' }

function validInput(): Record<string, unknown> {
  return {
    subjectId: 's1',
    assessedOn: '2026-11-20',
    factors: {
      risk: Object.fromEntries(ARMS_RISK_FACTORS.map(f => [f, notPresent])),
      protective: Object.fromEntries(ARMS_PROTECTIVE_FACTORS.map(f => [f, notPresent])),
    },
    plan: { actions: [{ description: 'Unannounced visit in the evening', ownerId: 'pc-1', dueOn: '2026-12-20' }] },
  }
}

function errorsFor(input: unknown): Record<string, string> {
  try {
    parseOrThrow(armsAssessmentSchema(today), input)
  } catch (e) {
    assert.ok(e instanceof ValidationError)
    return Object.fromEntries(e.errors.map(x => [x.field, x.message]))
  }
  assert.fail('expected a ValidationError')
}

test('a complete assessment parses, with dates as Temporal.PlainDate', () => {
  const parsed = parseOrThrow(armsAssessmentSchema(today), validInput())
  assert.ok(parsed.assessedOn.equals(Temporal.PlainDate.from('2026-11-20')))
  assert.equal(parsed.plan.actions[0]?.dueOn.toString(), '2026-12-20')
})

test('an assessment dated in the future is refused with a GOV.UK message', () => {
  assert.deepEqual(errorsFor({ ...validInput(), assessedOn: '2026-11-24' }), {
    assessedOn: 'Date of the assessment must be today or in the past',
  })
})

test('an impossible date is not a real date', () => {
  assert.equal(
    errorsFor({ ...validInput(), assessedOn: '2026-02-30' }).assessedOn,
    'Date of the assessment must be a real date',
  )
  assert.equal(errorsFor({ ...validInput(), assessedOn: '' }).assessedOn, 'Enter the date of the assessment')
})

test('a factor rated present needs evidence', () => {
  const input = validInput()
  const factors = input.factors as { risk: Record<string, unknown> }
  factors.risk['hostile orientation'] = { rating: 'present', evidence: '  ' }
  assert.deepEqual(errorsFor(input), {
    'factors.risk.hostile orientation.evidence': 'Enter evidence for hostile orientation',
  })
})

test('a missing rating asks the user to select one', () => {
  const input = validInput()
  const factors = input.factors as { protective: Record<string, unknown> }
  factors.protective['positive routine'] = { evidence: '' }
  assert.equal(errorsFor(input)['factors.protective.positive routine.rating'], 'Select a rating for positive routine')
})

test('the plan needs at least one action, each due on or after the assessment', () => {
  assert.equal(
    errorsFor({ ...validInput(), plan: { actions: [] } })['plan.actions'],
    'Add at least one action to the risk management plan',
  )
  const late = errorsFor({
    ...validInput(),
    plan: { actions: [{ description: 'x', ownerId: 'pc-1', dueOn: '2026-11-01' }] },
  })
  assert.equal(
    late['plan.actions.0.dueOn'],
    'Date the action is due must be the same as or after the date of the assessment',
  )
})

test('professional judgement needs a reason', () => {
  const errors = errorsFor({ ...validInput(), professionalJudgement: { level: 'high', reason: '' } })
  assert.equal(errors['professionalJudgement.reason'], 'Enter the reason for your professional judgement')
})
