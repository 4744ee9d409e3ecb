import { test } from 'node:test'
import assert from 'node:assert/strict'
import { dedupe } from './batch.ts'
import { findCandidatePairs } from './candidatePairs.ts'
import { clusterLinks } from './clustering.ts'
import { expectationMaximisation, startingParameters, type PatternCount } from './expectationMaximisation.ts'
import { compareTwoRecords, explainPair } from './explain.ts'
import { MatchIndex } from './matchIndex.ts'
import { defaultThresholds, outcomeOf, parseModel, serialiseModel } from './model.ts'
import { PairScorer } from './pairScorer.ts'
import { RecordSet } from './recordSet.ts'
import { scoreClusters } from './evaluation.ts'
import { trainModel } from './training.ts'
import { blockingKeys } from './blocking.ts'
import { seededRandom } from './random.ts'

const fields = [
  { name: 'first', kind: 'first_name' },
  { name: 'last', kind: 'surname' },
  { name: 'dob', kind: 'dob' },
  { name: 'postcode', kind: 'postcode' },
] as const

/** A small made-up population where every third person has a second, slightly different record. */
function population(people: number, seed = 7): { set: RecordSet; truth: string[] } {
  const random = seededRandom(seed)
  const firsts = ['amy', 'ben', 'cara', 'dev', 'ella', 'finn', 'gita', 'hugo', 'isla', 'jack', 'kiran', 'lola']
  const lasts = ['ahmed', 'brown', 'clarke', 'davies', 'evans', 'fraser', 'green', 'hughes', 'iqbal', 'jones']
  const pick = (list: string[]) => list[Math.floor(random() * list.length)] as string
  const set = new RecordSet(fields)
  const truth: string[] = []
  for (let p = 0; p < people; p++) {
    const row = [
      pick(firsts),
      pick(lasts),
      `19${50 + Math.floor(random() * 50)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
      `M${1 + Math.floor(random() * 40)} ${Math.floor(random() * 9)}AB`,
    ]
    set.add(row)
    truth.push(String(p))
    if (p % 3 === 0) {
      const copy = [...row]
      copy[1] = (copy[1] as string).replace(/e/, 'a')
      set.add(copy)
      truth.push(String(p))
    }
  }
  return { set, truth }
}

test('EM recovers the match share and m-probabilities of a known two-class mixture', () => {
  // Three fields that agree (level 1) with chance 0.9 among matches and 0.1 among non-matches; 30% are matches.
  const patterns: PatternCount[] = []
  for (let bits = 0; bits < 8; bits++) {
    const levels = Uint8Array.from([0, 1, 2], f => ((bits >> f) & 1 ? 1 : 2))
    const agreeing = [...levels].filter(l => l === 1).length
    const count = 0.3 * 0.9 ** agreeing * 0.1 ** (3 - agreeing) + 0.7 * 0.1 ** agreeing * 0.9 ** (3 - agreeing)
    patterns.push({ levels, count: count * 1e6 })
  }
  const u = [0, 1, 2].map(() => [0, 0.5, 0.5])
  const result = expectationMaximisation(patterns, startingParameters(u), {
    maxIterations: 500,
    tolerance: 1e-9,
    fixedU: false,
    fixedM: false,
  })
  assert.ok(result.converged)
  assert.ok(Math.abs(result.parameters.matchShare - 0.3) < 1e-3)
  assert.ok(Math.abs((result.parameters.m[0]?.[1] as number) - 0.9) < 1e-3)
  assert.ok(Math.abs((result.parameters.u[2]?.[1] as number) - 0.1) < 1e-3)
})

test('a model trained without labels finds the duplicates in a small population', () => {
  const { set, truth } = population(300)
  const result = dedupe(set)
  const scores = scoreClusters(result.clusters.clusterOf, truth)
  assert.ok(scores.precision >= 0.99, `precision ${scores.precision}`)
  assert.ok(scores.recall >= 0.9, `recall ${scores.recall}`)
  assert.ok(result.model.training.converged)
})

test('term-frequency adjustment makes a shared rare surname count for more than a shared common one', () => {
  const set = new RecordSet(fields)
  for (let i = 0; i < 50; i++) set.add(['amy', 'smith', `1970-01-${String(1 + (i % 28)).padStart(2, '0')}`, undefined])
  set.add(['ben', 'okonkwo', '1980-01-01', undefined])
  set.add(['ben', 'okonkwo', '1981-02-02', undefined])
  set.add(['cara', 'smith', '1990-01-01', undefined])
  set.add(['dev', 'smith', '1991-02-02', undefined])
  const model = trainModel(set, findCandidatePairs(set, { maxBlockSize: 1000 }))
  const scorer = new PairScorer(model, set)
  assert.ok(scorer.termFrequencyAdjustment(1, 50) > scorer.termFrequencyAdjustment(1, 52))
  const rare = explainPair(model, set, 50, 51).fields[1]
  const common = explainPair(model, set, 52, 53).fields[1]
  assert.ok((rare?.termFrequencyAdjustment ?? 0) > (common?.termFrequencyAdjustment ?? 0))
})

test('two thresholds give link, possible link and non-link', () => {
  assert.equal(outcomeOf(0.99, defaultThresholds), 'link')
  assert.equal(outcomeOf(defaultThresholds.link, defaultThresholds), 'link')
  assert.equal(outcomeOf(0.5, defaultThresholds), 'possible link')
  assert.equal(outcomeOf(0.01, defaultThresholds), 'non-link')
})

test('clustering joins linked records transitively into one person', () => {
  const set = new RecordSet([{ name: 'first', kind: 'first_name' }])
  for (const name of ['a', 'b', 'c', 'd']) set.add([name])
  const { clusterOf } = clusterLinks(set, [
    { a: 0, b: 1, probability: 0.99 },
    { a: 1, b: 2, probability: 0.98 },
  ])
  assert.deepEqual([...clusterOf], [0, 0, 0, 3])
})

test('clustering never merges two different exact identifiers, even through a third record', () => {
  const set = new RecordSet([{ name: 'pnc', kind: 'identifier' }])
  set.add(['2001/0012345H'])
  set.add([undefined])
  set.add(['2001/0099999J'])
  const { clusterOf, heldBack } = clusterLinks(set, [
    { a: 0, b: 1, probability: 0.99 },
    { a: 1, b: 2, probability: 0.97 },
  ])
  assert.equal(clusterOf[0], clusterOf[1])
  assert.notEqual(clusterOf[1], clusterOf[2])
  assert.deepEqual(heldBack, [{ a: 1, b: 2, probability: 0.97 }])
})

test('an explanation gives each field’s contribution, adding up to the match weight', () => {
  const { set } = population(300)
  const { model } = dedupe(set)
  const explanation = compareTwoRecords(
    model,
    ['amy', 'brown', '1960-01-10', 'M1 1AB'],
    ['amy', 'brawn', '1960-01-10', undefined],
  )
  const total = explanation.fields.reduce((s, f) => s + f.weight + f.termFrequencyAdjustment, explanation.priorWeight)
  assert.ok(Math.abs(total - explanation.matchWeight) < 1e-9)
  assert.equal(explanation.fields[3]?.level, 'missing')
  assert.equal(explanation.fields[3].weight, 0)
  assert.ok((explanation.fields[2]?.weight ?? 0) > 0)
})

test('a trained model survives a round trip through JSON', () => {
  const { set } = population(100)
  const { model } = dedupe(set)
  assert.deepEqual(parseModel(serialiseModel(model)), JSON.parse(JSON.stringify(model)))
  assert.throws(() => parseModel('{"version":2}'))
})

test('a new record is checked against an index and its likely matches returned best first', () => {
  const { set } = population(300)
  const { model } = dedupe(set)
  const index = new MatchIndex(set, model)
  const existing = set.describe(0)
  const matches = index.findMatches([existing.first, existing.last, existing.dob, existing.postcode])
  assert.ok(matches.length > 0)
  assert.ok(matches.some(m => m.record === 0 && m.outcome === 'link'))
  assert.deepEqual(
    blockingKeys(set, 0).map(k => k.split(':')[0]),
    [
      'first name and surname, either order',
      'date of birth',
      'first name and surname sound alike',
      'postcode and surname sound',
    ],
  )
})
