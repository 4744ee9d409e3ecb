import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { damerauLevenshtein } from './damerauLevenshtein.ts'
import { jaroWinkler, jaroWinklerCeiling } from './jaroWinkler.ts'
import { soundAlike, soundCodes } from './phonetic.ts'
import { knownNicknames, nicknameFamiliesOf } from './nicknames.ts'

test('Jaro–Winkler gives the textbook values for MARTHA/MARHTA and DIXON/DICKSONX', () => {
  assert.equal(jaroWinkler('martha', 'marhta').toFixed(4), '0.9611')
  assert.equal(jaroWinkler('dixon', 'dicksonx').toFixed(4), '0.8133')
  assert.equal(jaroWinkler('smith', 'smith'), 1)
  assert.equal(jaroWinkler('abc', 'xyz'), 0)
})

test('Jaro–Winkler is symmetric, between 0 and 1, and never above its length-based ceiling', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
      const s = jaroWinkler(a, b)
      assert.ok(s >= 0 && s <= 1)
      assert.ok(Math.abs(s - jaroWinkler(b, a)) < 1e-12)
      assert.ok(s <= jaroWinklerCeiling(a, b) + 1e-12)
    }),
  )
})

test('Damerau–Levenshtein counts a swap of neighbours as one edit', () => {
  assert.equal(damerauLevenshtein('19800102', '19800120'), 1)
  assert.equal(damerauLevenshtein('smith', 'smyth'), 1)
  assert.equal(damerauLevenshtein('kitten', 'sitting'), 3)
  assert.equal(damerauLevenshtein('', 'abc'), 3)
})

test('Damerau–Levenshtein with a limit agrees with the full distance up to that limit', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), fc.integer({ min: 1, max: 3 }), (a, b, k) => {
      const full = damerauLevenshtein(a, b)
      assert.equal(damerauLevenshtein(a, b, k), full <= k ? full : k + 1)
    }),
  )
})

test('names that sound alike share a Double Metaphone code', () => {
  assert.ok(soundAlike(soundCodes('smith'), soundCodes('smyth')))
  assert.ok(soundAlike(soundCodes('stephen'), soundCodes('steven')))
  assert.ok(!soundAlike(soundCodes('smith'), soundCodes('jones')))
  assert.deepEqual(soundCodes(''), [])
})

test('British diminutives are known nicknames of the full name', () => {
  assert.ok(knownNicknames(nicknameFamiliesOf('william'), nicknameFamiliesOf('bill')))
  assert.ok(knownNicknames(nicknameFamiliesOf('margaret'), nicknameFamiliesOf('peggy')))
  assert.ok(knownNicknames(nicknameFamiliesOf('jon'), nicknameFamiliesOf('jonathan')))
  assert.ok(!knownNicknames(nicknameFamiliesOf('william'), nicknameFamiliesOf('robert')))
})
