import { test } from 'node:test'
import assert from 'node:assert/strict'
import { generatePoliceStyle, policeStyleFields } from '../../bench/matching/policeStyle.ts'
import { dedupe } from '../../src/domain/matching/batch.ts'
import { scoreClusters } from '../../src/domain/matching/evaluation.ts'
import { readIdentifier } from '../../src/domain/matching/identifiers.ts'
import { prepareRecords } from '../../src/domain/matching/recordSet.ts'

const people = 1500
const generated = generatePoliceStyle(people, 5)

test('the police-style generator is fixed by its seed and carries the hard cases it documents', () => {
  assert.deepEqual(generatePoliceStyle(200, 5).rows, generatePoliceStyle(200, 5).rows)
  assert.notDeepEqual(generatePoliceStyle(200, 5).rows, generatePoliceStyle(200, 6).rows)
  assert.equal(new Set(generated.person).size, people)
  const rows = generated.rows
  const column = (name: string) => policeStyleFields.findIndex(f => f.name === name)
  const [pnc, surname, dob, address] = ['pnc_id', 'surname', 'dob', 'address'].map(column) as [
    number,
    number,
    number,
    number,
  ]
  const value = (r: number, f: number) => rows[r]?.[f] ?? ''
  let twins = 0
  let suffixes = 0
  let placeholders = 0
  let mistypedPnc = 0
  const firstBySurnameDobHome = new Map<string, Set<string>>()
  rows.forEach((_, r) => {
    const key = `${value(r, surname)}|${value(r, dob)}|${value(r, address)}`
    const names = firstBySurnameDobHome.get(key) ?? new Set<string>()
    names.add(`${generated.person[r]}`)
    firstBySurnameDobHome.set(key, names)
    if (/ (Jnr|Snr)$/.test(value(r, surname))) suffixes++
    if (/^(01\/01\/|\d{4}-01-01$)/.test(value(r, dob))) placeholders++
    if (readIdentifier(value(r, pnc)).startsWith('?')) mistypedPnc++
  })
  for (const persons of firstBySurnameDobHome.values()) if (persons.size > 1) twins++
  assert.ok(twins > 5, `twins: ${twins}`)
  assert.ok(suffixes > 20, `suffixes: ${suffixes}`)
  assert.ok(placeholders > 20, `placeholder dates: ${placeholders}`)
  assert.ok(mistypedPnc > 5, `mistyped PNC IDs: ${mistypedPnc}`)
})

test('on the police-style set, automatic links are at least 99% precise and find at least 95% of true pairs', () => {
  const set = prepareRecords(policeStyleFields, generated.rows)
  const result = dedupe(set)
  const scores = scoreClusters(result.clusters.clusterOf, Array.from(generated.person, String))
  assert.ok(scores.precision >= 0.99, `precision ${scores.precision}`)
  assert.ok(scores.recall >= 0.95, `recall ${scores.recall}`)
  assert.ok(result.model.calibration !== undefined)
  assert.ok(result.model.calibration.estimatedLinkPrecision >= 0.99)
  // Relatives live together here, so training keeps the relatives rules on.
  assert.equal(result.model.households?.guarded, true)
})
