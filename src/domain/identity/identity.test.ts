import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { comparatorFor } from '../matching/comparisons/index.ts'
import { defaultThresholds, type MatchModel } from '../matching/model.ts'
import {
  identifierConflict,
  personMatchFields,
  personMatchKeys,
  scoreAgainst,
  type PersonForMatching,
} from './personRecord.ts'
import { believedM, withPriorBelief } from './priorBelief.ts'

const person = (overrides: Partial<PersonForMatching> = {}): PersonForMatching => ({
  givenName: 'Jonathan',
  middleNames: null,
  familyName: 'Smith',
  dateOfBirth: '1980-03-27',
  gender: 'male',
  pncId: null,
  niNumber: null,
  postcode: 'M33 6GH',
  addressLine: '14 Moss Lane',
  town: 'Sale',
  aliases: [],
  ...overrides,
})

/** A model built from the prior belief alone, with u as if each non-exact level were equally likely by chance. */
function beliefModel(): MatchModel {
  return {
    version: 1,
    prior: 1e-4,
    thresholds: defaultThresholds,
    training: { candidatePairs: 0, uSamplePairs: 0, emIterations: 0, converged: true },
    fields: personMatchFields.map(f => {
      const labels = comparatorFor(f.kind).levels
      const m = believedM(f.kind, labels.length)
      return {
        name: f.name,
        kind: f.kind,
        levels: labels.map((label, l) => ({
          label,
          m: l === 0 ? 1 : (m[l] as number),
          u: l === 0 ? 1 : l === 1 ? 0.01 : 0.99 / (labels.length - 2),
        })),
      }
    }),
  }
}

describe('identity: keys, scoring and guards', () => {
  test('a person is indexed under each blocking rule, and under each alias too', () => {
    const keys = personMatchKeys(person({ aliases: [{ givenName: 'Jon', familyName: 'Smyth' }] }))
    assert.ok(keys.includes('date of birth:19800327'))
    assert.ok(keys.includes('first name and surname, either order:jonathan|smith'))
    assert.ok(keys.includes('first name and surname, either order:jon|smyth'))
    assert.equal(new Set(keys).size, keys.length, 'no key twice')
  })

  test('an unknown gender is missing, not a disagreement', () => {
    const [scored] = scoreAgainst(beliefModel(), person({ gender: 'unknown' }), [person()], { includeNonLinks: true })
    assert.equal(scored?.explanation.rows.find(r => r.field === 'Gender')?.level, 'missing')
  })

  test('the strongest name variant counts, and the explanation says it came through an alias', () => {
    const existing = person({
      givenName: 'Bartholomew',
      familyName: 'Quennell',
      aliases: [{ givenName: 'Barry', familyName: 'Kettering' }],
    })
    const [scored] = scoreAgainst(beliefModel(), person({ givenName: 'Barry', familyName: 'Kettering' }), [existing])
    assert.equal(scored?.explanation.viaAlias, 'Barry Kettering')
    assert.ok(scored.explanation.matchProbability > 0.9)
  })

  test('different people are left out unless asked for', () => {
    const other = person({
      givenName: 'Margaret',
      familyName: 'Oyelaran',
      dateOfBirth: '1961-10-02',
      postcode: 'M1 1AE',
      addressLine: '1 Piccadilly',
      town: 'Manchester',
      gender: 'female',
    })
    assert.deepEqual(scoreAgainst(beliefModel(), person(), [other]), [])
    assert.equal(
      scoreAgainst(beliefModel(), person(), [other], { includeNonLinks: true })[0]?.explanation.outcome,
      'non-link',
    )
  })

  test('different PNC IDs or NI numbers refuse a merge; a missing one does not', () => {
    assert.match(
      identifierConflict({ pncId: '19/0000001A', niNumber: null }, { pncId: '19/0000002B', niNumber: null }) ?? '',
      /different PNC IDs/,
    )
    assert.match(
      identifierConflict({ pncId: null, niNumber: 'AB111111A' }, { pncId: null, niNumber: 'ab 11 11 12 a' }) ?? '',
      /different National Insurance numbers/,
    )
    assert.equal(
      identifierConflict({ pncId: '19/0000001A', niNumber: 'AB111111A' }, { pncId: null, niNumber: 'ab 111111 a' }),
      undefined,
    )
  })

  test('the prior belief is a distribution, and people who move often disagree on postcode', () => {
    for (const f of personMatchFields) {
      const m = believedM(f.kind, comparatorFor(f.kind).levels.length)
      assert.ok(Math.abs(m.reduce((s, p) => s + p, 0) - 1) < 1e-9, f.name)
    }
    const postcode = believedM('postcode', comparatorFor('postcode').levels.length)
    assert.equal(postcode[postcode.length - 1], 0.25)
  })

  test('with few matches the belief decides; with many the data does', () => {
    const model = beliefModel()
    const odd = {
      ...model,
      fields: model.fields.map(f => ({
        ...f,
        levels: f.levels.map((l, i) =>
          i === 0 ? l : { ...l, m: i === f.levels.length - 1 ? 0.97 : 0.03 / (f.levels.length - 2) },
        ),
      })),
    }
    const small = withPriorBelief({ ...odd, prior: 1e-6 }, 1000)
    const large = withPriorBelief({ ...odd, prior: 1e-6 }, 1_000_000)
    const lastM = (m: MatchModel) => m.fields[0]?.levels.at(-1)?.m ?? NaN
    assert.ok(lastM(small) < 0.01, `small index keeps the belief: ${lastM(small)}`)
    assert.ok(lastM(large) > 0.9, `large index keeps the data: ${lastM(large)}`)
  })
})
