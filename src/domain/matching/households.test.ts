import { test } from 'node:test'
import assert from 'node:assert/strict'
import { dedupe } from './batch.ts'
import { PatternCodec } from './comparisonVector.ts'
import { householdEvidence } from './households.ts'
import { RecordSet } from './recordSet.ts'

const fields = [
  { name: 'first', kind: 'first_name' },
  { name: 'surname', kind: 'surname' },
  { name: 'dob', kind: 'dob' },
  { name: 'address', kind: 'address' },
] as const

// Levels (see the comparators): names 1 exact, 2 close, 9 different; dates 1 exact, 4 one digit, 5 same year,
// 6 within 5 years, 7 different, 8 fifteen or more years apart; addresses 1 exact.
type Levels = [first: number, surname: number, dob: number, address: number]

function evidence(records: number, patterns: [Levels, number][], set = new RecordSet(fields)) {
  set.size = records
  const codec = new PatternCodec(set.columns.map(c => c.comparator.levels.length))
  const counts = new Map<number, number>()
  for (const [levels, count] of patterns) {
    const key = codec.encode(Uint8Array.from(levels))
    counts.set(key, (counts.get(key) ?? 0) + count)
  }
  return householdEvidence(set, counts, codec)
}

test('households are measured on the data: pairs plainly of one household decide whether the relatives rules apply', () => {
  const parentAndChild: Levels = [9, 1, 8, 1]
  const partners: Levels = [9, 1, 6, 1]
  const siblings: Levels = [9, 1, 7, 1]
  const twinsOrReplacedName: Levels = [9, 1, 1, 1]
  const retyped: Levels = [2, 1, 4, 1]
  const cases: [string, number, [Levels, number][], { householdPairs: number; guarded: boolean }][] = [
    [
      'police-like: relatives at most addresses',
      18_508,
      [
        [parentAndChild, 10_842],
        [partners, 5_001],
        [siblings, 2_505],
        [retyped, 553],
      ],
      { householdPairs: 18_348, guarded: true },
    ],
    [
      'FEBRL-like: no relatives, duplicates only',
      5_000,
      [
        [twinsOrReplacedName, 168],
        [retyped, 300],
        [siblings, 8],
      ],
      { householdPairs: 8, guarded: false },
    ],
    ['none seen in 1,000 records', 1_000, [[retyped, 94]], { householdPairs: 0, guarded: false }],
    [
      'twin-like pairs are not household evidence',
      1_000,
      [[twinsOrReplacedName, 400]],
      { householdPairs: 0, guarded: false },
    ],
    ['a different surname is not', 1_000, [[[9, 9, 8, 1], 400]], { householdPairs: 0, guarded: false }],
    ['another address is not', 1_000, [[[9, 1, 8, 9], 400]], { householdPairs: 0, guarded: false }],
    ['1 in 100 records is enough', 10_000, [[parentAndChild, 100]], { householdPairs: 100, guarded: true }],
    [
      'too few to be sure: under 300 records the guard stays',
      250,
      [[retyped, 20]],
      { householdPairs: 0, guarded: true },
    ],
    [
      'chance allowed for: 40 in 5,000 is not shown to be under 1 in 100',
      5_000,
      [[siblings, 40]],
      { householdPairs: 40, guarded: true },
    ],
  ]
  for (const [name, records, patterns, expected] of cases) {
    const measured = evidence(records, patterns)
    assert.deepEqual(
      { householdPairs: measured.householdPairs, guarded: measured.guarded, measurable: measured.measurable },
      { ...expected, measurable: true },
      name,
    )
  }
})

test('data that cannot show households keeps the relatives rules', () => {
  const set = new RecordSet([
    { name: 'first', kind: 'first_name' },
    { name: 'surname', kind: 'surname' },
    { name: 'dob', kind: 'dob' },
    { name: 'town', kind: 'locality' },
  ])
  const measured = evidence(5_000, [], set)
  assert.deepEqual([measured.measurable, measured.guarded], [false, true])
})

test('a duplicate with a replaced first name is linked in a file without households, held back in one with them', () => {
  const firsts = ['amy', 'ben', 'cara', 'dev', 'ella', 'finn', 'gita', 'hugo', 'isla', 'jack', 'kiran', 'lola']
  const syllables = 'ab ka ri to mu ne sa lo pe di fu ge ho ja ki lu mo na po ru'.split(' ')
  const make = (households: boolean) => {
    const set = new RecordSet([...fields, { name: 'postcode', kind: 'postcode' }])
    const replaced = new Set<string>()
    for (let p = 0; p < 400; p++) {
      const surname = `${syllables[p % 20]}${syllables[Math.floor(p / 20)]}son`
      const address = `${p + 1} high street`
      const dob = `19${50 + (p % 40)}-${String(1 + (p % 12)).padStart(2, '0')}-${String(1 + (p % 28)).padStart(2, '0')}`
      const postcode = `M${p % 90} ${p % 7}AB`
      const original = set.add([firsts[p % 12], surname, dob, address, postcode])
      // Every fourth person has a second record with the first name replaced (FEBRL's corruption, or a twin).
      if (p % 4 === 0) {
        const copy = set.add([firsts[(p + 5) % 12], surname, dob, address, postcode])
        replaced.add(`${original},${copy}`)
      }
      // A child at home: another first name, born a generation later.
      const born = `20${10 + (p % 9)}-0${1 + (p % 9)}-2${p % 9}`
      if (households) set.add([firsts[(p + 3) % 12], surname, born, address, postcode])
    }
    const result = dedupe(set)
    const linked = result.links.filter(l => replaced.has(`${l.a},${l.b}`)).length
    const forReview = result.possibleLinks.filter(l => replaced.has(`${l.a},${l.b}`)).length
    return { guarded: result.model.households?.guarded, linked, forReview }
  }
  assert.deepEqual(make(false), { guarded: false, linked: 100, forReview: 0 })
  assert.deepEqual(make(true), { guarded: true, linked: 0, forReview: 100 })
})
