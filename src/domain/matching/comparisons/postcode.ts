import { damerauLevenshtein } from '../damerauLevenshtein.ts'
import { normalisePostcode } from '../normalise.ts'
import type { Comparator } from './comparator.ts'

export interface PostcodeFeatures {
  postcode: string
  /** Outward code, e.g. "SW1A"; empty for values that are not UK postcodes. */
  district: string
  /** Outward code plus the sector digit, e.g. "SW1A1". */
  sector: string
}

export const postcodeLevels = [
  'missing',
  'exact',
  'same sector',
  'same district',
  'one character different',
  'different',
] as const

const ukPostcode = /^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9])[A-Z]{2}$/

/**
 * UK postcodes nest: a move within the same sector (~3,000 addresses) or district is common, so partial agreement is
 * graded. Values that are not UK postcodes fall back to exact / one typo.
 */
export const postcodeComparator: Comparator<PostcodeFeatures> = {
  kind: 'postcode',
  levels: postcodeLevels,
  termFrequency: true,
  normalise: normalisePostcode,
  features(postcode) {
    const parts = ukPostcode.exec(postcode)
    if (parts === null) return { postcode, district: '', sector: '' }
    const district = parts[1] as string
    return { postcode, district, sector: district + (parts[2] as string) }
  },
  compare(a, b) {
    if (a.sector !== '' && a.sector === b.sector) return 2
    if (a.district !== '' && a.district === b.district) return 3
    if (damerauLevenshtein(a.postcode, b.postcode, 1) <= 1) return 4
    return 5
  },
}
