import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { armsRiskLevel } from './arms-level.ts'
import { FACTOR_RATINGS } from './arms-factors.ts'
import { RISK_LEVELS, riskRank } from './levels.ts'
import { factorsWith } from './test-factors.ts'

test('with no static score, the risk-indicator total alone gives the level', () => {
  assert.equal(armsRiskLevel({ factors: factorsWith() }).level, 'low')
  assert.equal(armsRiskLevel({ factors: factorsWith(['present', 'present']) }).level, 'medium')
  assert.equal(
    armsRiskLevel({ factors: factorsWith(Array.from({ length: 4 }, () => 'present' as const)) }).level,
    'high',
  )
  assert.equal(
    armsRiskLevel({ factors: factorsWith(Array.from({ length: 6 }, () => 'present' as const)) }).level,
    'very_high',
  )
})

test('the static category is the starting point when there is one', () => {
  const r = armsRiskLevel({ factors: factorsWith(['partly present']), staticCategory: 'high' })
  assert.equal(r.level, 'high')
  assert.equal(r.riskTotal, 1)
})

test('many active risk indicators raise the static category by one', () => {
  const r = armsRiskLevel({
    factors: factorsWith(Array.from({ length: 4 }, () => 'present' as const)),
    staticCategory: 'medium',
  })
  assert.equal(r.level, 'high')
  assert.match(r.explanation.join('; '), /raised to high/)
})

test('strong protective factors lower the static category only when active risk is low', () => {
  const strong = factorsWith([], ['present', 'present', 'present'])
  assert.equal(armsRiskLevel({ factors: strong, staticCategory: 'medium' }).level, 'low')
  const strongButRisky = factorsWith(['present', 'present'], ['present', 'present', 'present'])
  assert.equal(armsRiskLevel({ factors: strongButRisky, staticCategory: 'medium' }).level, 'medium')
})

test('professional judgement sets the level but the rule-derived level is kept for audit', () => {
  const r = armsRiskLevel({
    factors: factorsWith(),
    staticCategory: 'low',
    professionalJudgement: { level: 'high', reason: 'Intelligence of contact with a child' },
  })
  assert.equal(r.level, 'high')
  assert.equal(r.derivedLevel, 'low')
  assert.match(r.explanation.join('; '), /professional judgement sets high: Intelligence/)
})

test('rating a risk indicator higher never lowers the derived level', () => {
  const rating = fc.constantFrom(...FACTOR_RATINGS)
  fc.assert(
    fc.property(
      fc.array(rating, { minLength: 7, maxLength: 7 }),
      fc.array(rating, { minLength: 4, maxLength: 4 }),
      fc.option(fc.constantFrom(...RISK_LEVELS), { nil: undefined }),
      fc.nat({ max: 6 }),
      (risk, protective, staticCategory, index) => {
        const raised = [...risk]
        raised[index] = 'present'
        const before = armsRiskLevel({ factors: factorsWith(risk, protective), staticCategory })
        const after = armsRiskLevel({ factors: factorsWith(raised, protective), staticCategory })
        assert.ok(riskRank(after.level) >= riskRank(before.level))
      },
    ),
  )
})
