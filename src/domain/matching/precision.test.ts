import { test } from 'node:test'
import assert from 'node:assert/strict'
import { calibrate } from './calibration.ts'
import { compareRecords } from './comparisonVector.ts'
import { readIdentifier, pncCheckLetter } from './identifiers.ts'
import { LinkGuard } from './linkGuard.ts'
import type { MatchModel } from './model.ts'
import { PairScorer } from './pairScorer.ts'
import { RecordSet } from './recordSet.ts'

test('identifiers are read by scheme: checked PNC IDs, NI numbers and CRO numbers; failures marked, placeholders missing', () => {
  const cases: [string, string][] = [
    ['2001/0012345H', 'PNC 01/0012345H'],
    ['01/12345H', 'PNC 01/0012345H'],
    [' 2001/0012345h ', 'PNC 01/0012345H'],
    ['2001/0012354H', '?PNC 01/0012354H'],
    ['AB123456C', 'NI AB123456'],
    ['ab 12 34 56 c', 'NI AB123456'],
    ['QQ123456C', ''],
    ['TN123456A', ''],
    ['DA123456A', '?NI DA123456'],
    ['123456/98X', 'CRO 123456/98X'],
    ['SF98/1234A', 'CRO SF98/001234A'],
    ['7733021', '7733021'],
    ['', ''],
  ]
  for (const [raw, read] of cases) assert.equal(readIdentifier(raw), read, raw)
  assert.equal(pncCheckLetter(1, 12345), 'H')
})

const fields = [
  { name: 'pnc', kind: 'identifier' },
  { name: 'ref', kind: 'reference' },
  { name: 'first', kind: 'first_name' },
  { name: 'middle', kind: 'middle_name' },
  { name: 'surname', kind: 'surname' },
  { name: 'dob', kind: 'dob' },
  { name: 'address', kind: 'address' },
  { name: 'postcode', kind: 'postcode' },
] as const

type Row = [string?, string?, string?, string?, string?, string?, string?, string?]
const home: Row = [undefined, undefined, 'Amelia', undefined, 'Ryan', '1980-03-01', '35 Sidaway Street', 'M1 1AB']
const like = (changes: Partial<Record<number, string | undefined>>): Row => {
  const row = [...home] as Row
  for (const [at, value] of Object.entries(changes)) row[Number(at)] = value
  return row
}

/** A model where every exact agreement is worth +10 bits, a different value −5, anything in between +2. */
function flatModel(set: RecordSet): MatchModel {
  return {
    version: 1,
    prior: 1e-4,
    thresholds: { link: 0.9, possibleLink: 0.2 },
    training: { candidatePairs: 0, uSamplePairs: 0, emIterations: 0, converged: true },
    fields: set.columns.map(column => ({
      name: column.spec.name,
      kind: column.spec.kind,
      levels: column.comparator.levels.map((label, l) => {
        const bits = l === 1 ? 10 : label.startsWith('different') || label.includes('apart') ? -5 : 2
        return { label, m: 0.5, u: 0.5 / 2 ** bits }
      }),
    })),
  }
}

function guardReason(left: Row, right: Row, withScorer = false): string | undefined {
  const set = new RecordSet(fields)
  const a = set.add(left)
  const b = set.add(right)
  const levels = new Uint8Array(fields.length)
  compareRecords(set, a, b, levels)
  const guard = withScorer ? new LinkGuard(set, new PairScorer(flatModel(set), set), 0.9) : new LinkGuard(set)
  return guard.reason(a, b, levels)
}

test('relatives are told apart: each household pattern holds a pair back, retyping one person does not', () => {
  const cases: [string, Row, Row, RegExp | undefined][] = [
    ['twins', home, like({ 2: 'Edward' }), /possibly twins/],
    ['twins, one date retyped', home, like({ 2: 'Edward', 5: '1980-03-02' }), /possibly twins/],
    ['a married twin at home', home, like({ 2: 'Edward', 4: 'Okafor' }), /possibly twins/],
    ['father and son', like({ 2: 'John', 4: 'Ryan Snr' }), like({ 2: 'John', 4: 'Ryan Jnr' }), /father and son/],
    ['parent and child', like({ 2: 'John' }), like({ 2: 'John', 5: '2004-07-12' }), /parent and child/],
    ['siblings', home, like({ 2: 'Edward', 5: '1983-11-20' }), /at the same address: possibly relatives/],
    ['different middle names', like({ 3: 'Jane' }), like({ 3: 'Rose', 5: '1980-08-01' }), /middle names/],
    ['a typo in the first name', home, like({ 2: 'Amleia' }), undefined],
    ['a nickname', like({ 2: 'William' }), like({ 2: 'Bill' }), undefined],
    ['known by the middle name', like({ 3: 'Jane' }), like({ 2: 'Jane' }), undefined],
    ['a move', home, like({ 6: '2 New Road', 7: 'LS1 4AP' }), undefined],
    ['the same checked PNC ID', like({ 0: '2001/0012345H' }), like({ 0: '2001/0012345H', 2: 'Edward' }), undefined],
    ['different checked PNC IDs', like({ 0: '2001/0012345H' }), like({ 0: '2001/0012346J' }), /different identifiers/],
    ['a hand-typed PNC slip', like({ 0: '2001/0012345H' }), like({ 0: '2001/0012354H' }), undefined],
  ]
  for (const [name, left, right, expected] of cases) {
    const reason = guardReason(left, right)
    if (expected === undefined) assert.equal(reason, undefined, name)
    else assert.match(reason ?? '', expected, name)
  }
})

test('a household pattern is linked after all when the evidence relatives do not share is enough on its own', () => {
  // Twins share surname, address and date of birth; a shared reference number is theirs alone (+10 bits − 5).
  assert.equal(guardReason(like({ 1: 'X1' }), like({ 1: 'X1', 2: 'Edward' }), true), undefined)
  // Without it, only the different first name is left: −5 bits.
  assert.match(guardReason(home, like({ 2: 'Edward' }), true) ?? '', /twins/)
})

test('dates: 1900-01-01 is missing, a shared 1 January is weaker than a real date, a generation apart has its level', () => {
  const set = new RecordSet([{ name: 'dob', kind: 'dob' }])
  const level = (x: string, y: string) => {
    const levels = new Uint8Array(1)
    compareRecords(set, set.add([x]), set.add([y]), levels)
    return set.columns[0]?.comparator.levels[levels[0] as number]
  }
  assert.equal(level('1900-01-01', '1900-01-01'), 'missing')
  assert.equal(level('01/01/1980', '1980-01-01'), 'same 1 January (often a placeholder)')
  assert.equal(level('01/01/1980', '1980-06-15'), 'same year of birth')
  assert.equal(level('1980-06-15', '1980-06-15'), 'exact')
  assert.equal(level('1960-06-15', '1985-02-01'), '15 or more years apart')
})

test('a model saved before a level existed still scores: the new level counts as no evidence', () => {
  const set = new RecordSet([{ name: 'dob', kind: 'dob' }])
  const model = flatModel(set)
  const dob = model.fields[0]
  assert.ok(dob !== undefined)
  dob.levels = dob.levels.filter(l => l.label !== '15 or more years apart')
  const scorer = new PairScorer(model, set)
  assert.equal(scorer.levelWeight(0, 8), 0)
  assert.equal(scorer.levelWeight(0, 7), -5)
})

test('the link threshold is the lowest whose estimated precision meets the target, never below 0.9', () => {
  const p = Float64Array.from([0.999, 0.999, 0.999, 0.96, 0.93, 0.91, 0.6, 0.3])
  const all = new Uint8Array(p.length).fill(1)
  const loose = calibrate(p, all, 0.95, 0.2)
  assert.equal(loose.thresholds.link, 0.9)
  assert.ok(Math.abs(loose.calibration.estimatedLinkPrecision - (3 * 0.999 + 0.96 + 0.93 + 0.91) / 6) < 1e-12)
  const strict = calibrate(p, all, 0.99, 0.2)
  assert.equal(strict.thresholds.link, 0.99)
  assert.equal(strict.calibration.links, 3)
  // Pairs a guard holds back never count towards the precision of automatic links.
  const heldBack = Uint8Array.from([1, 1, 1, 1, 0, 0, 1, 1])
  assert.equal(calibrate(p, heldBack, 0.97, 0.2).thresholds.link, 0.9)
  const band = strict.calibration.bands.find(b => b.from === 0.5)
  assert.deepEqual(band, { from: 0.5, to: 0.8, pairs: 1, estimatedPrecision: 0.6 })
  const unreachable = calibrate(Float64Array.from([0.9992]), Uint8Array.from([1]), 0.9999, 0.2)
  assert.deepEqual([unreachable.thresholds.link, unreachable.calibration.targetReached], [0.999, false])
})
