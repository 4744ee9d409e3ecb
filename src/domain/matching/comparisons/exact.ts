import { damerauLevenshtein } from '../damerauLevenshtein.ts'
import { failedCheckMark, passesCheck, readIdentifier } from '../identifiers.ts'
import { normaliseGender, normaliseText } from '../normalise.ts'
import type { Comparator } from './comparator.ts'

const exactLevels = ['missing', 'exact', 'different'] as const

export const identifierLevels = [
  'missing',
  'exact',
  'one character different, one fails its check',
  'different, one fails its check',
  'different',
] as const

/**
 * PNC ID, NI number, CRO number: system-issued, so two different values that both pass their scheme's check are two
 * people (sequential numbers differ by a digit, so closeness means nothing). A value that fails its check was
 * mistyped: one character from the other record's value is then probably the same number (see identifiers.ts).
 */
export const identifierComparator: Comparator<string> = {
  kind: 'identifier',
  levels: identifierLevels,
  termFrequency: false,
  normalise: readIdentifier,
  features: value => value,
  compare(a, b) {
    if (passesCheck(a) && passesCheck(b)) return 4
    const bare = (v: string) => (v.startsWith(failedCheckMark) ? v.slice(1) : v)
    return damerauLevenshtein(bare(a), bare(b), 1) <= 1 ? 2 : 3
  },
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
