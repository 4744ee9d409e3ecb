import { jaroWinkler, jaroWinklerCeiling } from '../jaroWinkler.ts'
import { normaliseAddress, normaliseText } from '../normalise.ts'
import { soundCodes } from '../phonetic.ts'
import type { Comparator } from './comparator.ts'

export interface WordsFeatures {
  text: string
  /** Words sorted, so word order does not matter. */
  sortedWords: string
  words: ReadonlySet<string>
  sounds: string
}

function wordsFeatures(text: string): WordsFeatures {
  const list = text.split(' ').filter(w => w !== '')
  const sorted = [...list].sort()
  return {
    text,
    sortedWords: sorted.join(' '),
    words: new Set(list),
    sounds: sorted.map(w => soundCodes(w)[0] ?? w).join(' '),
  }
}

function sharedWordShare(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0
  for (const w of a) if (b.has(w)) shared++
  return shared / Math.max(1, Math.min(a.size, b.size))
}

export const fullNameLevels = [
  'missing',
  'exact',
  'same names in another order',
  'Jaro–Winkler ≥ 0.92',
  'sounds alike',
  'Jaro–Winkler ≥ 0.80',
  'different',
] as const

export const fullNameComparator: Comparator<WordsFeatures> = {
  kind: 'full_name',
  levels: fullNameLevels,
  termFrequency: true,
  normalise: normaliseText,
  features: wordsFeatures,
  compare(a, b) {
    if (a.sortedWords === b.sortedWords) return 2
    const similarity = Math.max(jaroWinkler(a.text, b.text), jaroWinkler(a.sortedWords, b.sortedWords))
    if (similarity >= 0.92) return 3
    if (a.sounds === b.sounds) return 4
    if (similarity >= 0.8) return 5
    return 6
  },
}

export const addressLevels = [
  'missing',
  'exact',
  'same words in another order',
  'Jaro–Winkler ≥ 0.92',
  'most words shared',
  'different',
] as const

/** Free-text addresses: re-ordered lines, small typos, then "most words in common" (a flat number dropped). */
export const addressComparator: Comparator<WordsFeatures> = {
  kind: 'address',
  levels: addressLevels,
  termFrequency: false,
  normalise: normaliseAddress,
  features: wordsFeatures,
  compare(a, b) {
    if (a.sortedWords === b.sortedWords) return 2
    if (jaroWinklerCeiling(a.text, b.text) >= 0.92 && jaroWinkler(a.text, b.text) >= 0.92) return 3
    if (sharedWordShare(a.words, b.words) >= 0.66) return 4
    return 5
  },
}

export const localityLevels = ['missing', 'exact', 'Jaro–Winkler ≥ 0.88', 'different'] as const

/** Town, suburb or district names. */
export const localityComparator: Comparator<string> = {
  kind: 'locality',
  levels: localityLevels,
  termFrequency: true,
  normalise: normaliseText,
  features: text => text,
  compare: (a, b) => (jaroWinkler(a, b) >= 0.88 ? 2 : 3),
}
