import { damerauLevenshtein } from '../damerauLevenshtein.ts'
import { normaliseGender, normaliseText } from '../normalise.ts'
import type { Comparator } from './comparator.ts'

const exactLevels = ['missing', 'exact', 'different'] as const

/** PNC ID, NI number: system-issued, so near-misses are different people (sequential numbers differ by a digit). */
export const identifierComparator: Comparator<string> = {
  kind: 'identifier',
  levels: exactLevels,
  termFrequency: false,
  normalise: raw => normaliseText(raw).replace(/ /g, ''),
  features: value => value,
  compare: () => 2,
}

export const referenceLevels = ['missing', 'exact', 'one character different', 'two characters different', 'different']

/** A number copied by hand: typos are expected (Splink compares FEBRL's soc_sec_id the same way). */
export const referenceComparator: Comparator<string> = {
  kind: 'reference',
  levels: referenceLevels,
  termFrequency: false,
  normalise: raw => normaliseText(raw).replace(/ /g, ''),
  features: value => value,
  compare(a, b) {
    const distance = damerauLevenshtein(a, b, 2)
    return distance <= 1 ? 2 : distance <= 2 ? 3 : 4
  },
}

export const genderComparator: Comparator<string> = {
  kind: 'gender',
  levels: exactLevels,
  termFrequency: false,
  normalise: normaliseGender,
  features: value => value,
  compare: () => 2,
}

/** Any other field where only equality means something (ethnicity, county, state). */
export const categoryComparator: Comparator<string> = {
  kind: 'category',
  levels: exactLevels,
  termFrequency: true,
  normalise: normaliseText,
  features: value => value,
  compare: () => 2,
}
