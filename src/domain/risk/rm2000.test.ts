import { test } from 'node:test'
import assert from 'node:assert/strict'
import { RM2000S_DEFAULT_TABLE, Rm2000TableError, scoreRm2000s } from './rm2000.ts'
import type { Rm2000sTable } from './rm2000.ts'

const base = { ageAtRiskCommencement: 40, sexualAppearances: 1, criminalAppearances: 1, aggravatingFactors: [] }

test('an older first-time sexual offender with few appearances scores 0 and is low', () => {
  const result = scoreRm2000s(base)
  assert.equal(result.score, 0)
  assert.equal(result.category, 'low')
})

test('each step-1 item scores from the configured bands', () => {
  const cases: [number, number, number, number][] = [
    [18, 1, 0, 2],
    [24, 2, 4, 3],
    [25, 3, 5, 4],
    [34, 4, 0, 3],
    [35, 5, 9, 4],
    [20, 7, 12, 6],
  ]
  for (const [age, sexual, criminal, expected] of cases) {
    const r = scoreRm2000s({
      ageAtRiskCommencement: age,
      sexualAppearances: sexual,
      criminalAppearances: criminal,
      aggravatingFactors: [],
    })
    assert.equal(r.score, expected, `age ${age}, sexual ${sexual}, criminal ${criminal}`)
  }
})

test('step-1 totals map to categories 0 low, 1–2 medium, 3–4 high, 5–6 very high', () => {
  assert.equal(scoreRm2000s({ ...base, ageAtRiskCommencement: 30 }).step1Category, 'medium')
  assert.equal(scoreRm2000s({ ...base, ageAtRiskCommencement: 20, sexualAppearances: 2 }).step1Category, 'high')
  assert.equal(
    scoreRm2000s({ ...base, ageAtRiskCommencement: 20, sexualAppearances: 5, criminalAppearances: 6 }).step1Category,
    'very_high',
  )
})

test('two or three aggravating factors raise the category by one, four by two', () => {
  const one = scoreRm2000s({ ...base, aggravatingFactors: ['single, never married'] })
  assert.equal(one.category, 'low')
  const two = scoreRm2000s({ ...base, aggravatingFactors: ['single, never married', 'sexual offence against a male'] })
  assert.equal(two.category, 'medium')
  const three = scoreRm2000s({
    ...base,
    aggravatingFactors: ['single, never married', 'sexual offence against a male', 'non-contact sexual offence'],
  })
  assert.equal(three.category, 'medium')
  const four = scoreRm2000s({
    ...base,
    aggravatingFactors: [
      'single, never married',
      'sexual offence against a male',
      'non-contact sexual offence',
      'sexual offence against a stranger',
    ],
  })
  assert.equal(four.category, 'high')
  assert.equal(four.aggravatingCount, 4)
})

test('aggravating factors never raise the category beyond very high', () => {
  const r = scoreRm2000s({
    ageAtRiskCommencement: 20,
    sexualAppearances: 6,
    criminalAppearances: 8,
    aggravatingFactors: ['single, never married', 'sexual offence against a male'],
  })
  assert.equal(r.category, 'very_high')
})

test('the same aggravating factor ticked twice counts once', () => {
  const r = scoreRm2000s({ ...base, aggravatingFactors: ['single, never married', 'single, never married'] })
  assert.equal(r.aggravatingCount, 1)
  assert.equal(r.category, 'low')
})

test('the point table is configuration: a different table changes the score and is named in the result', () => {
  const table: Rm2000sTable = {
    ...RM2000S_DEFAULT_TABLE,
    version: 'test table',
    ageAtRiskCommencement: [{ min: 0, points: 5 }],
  }
  const r = scoreRm2000s(base, table)
  assert.equal(r.score, 5)
  assert.equal(r.category, 'very_high')
  assert.equal(r.version, 'test table')
})

test('a value outside every band is an error rather than a silent zero', () => {
  assert.throws(() => scoreRm2000s({ ...base, sexualAppearances: 0 }), Rm2000TableError)
  assert.throws(() => scoreRm2000s({ ...base, ageAtRiskCommencement: 17 }), Rm2000TableError)
})
