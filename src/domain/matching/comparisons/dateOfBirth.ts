import { damerauLevenshtein } from '../damerauLevenshtein.ts'
import { parseRecordedDate, type RecordedDate } from '../dates.ts'
import type { Comparator } from './comparator.ts'

export const dateOfBirthLevels = [
  'missing',
  'exact',
  'day and month transposed',
  'one digit different',
  'same year of birth',
  'within 5 years',
  'different',
] as const

/** Dates are cleaned to YYYYMMDD; anything unreadable counts as missing (the CSV adapter rejects it earlier). */
export const dateOfBirthComparator: Comparator<RecordedDate | undefined> = {
  kind: 'dob',
  levels: dateOfBirthLevels,
  termFrequency: false,
  normalise(raw) {
    const parsed = parseRecordedDate(raw)
    return parsed.ok && parsed.date !== undefined ? parsed.date.digits : ''
  },
  features(value) {
    const parsed = parseRecordedDate(value)
    return parsed.ok ? parsed.date : undefined
  },
  compare(a, b) {
    if (a === undefined || b === undefined) return 6
    if (a.year === b.year && a.month === b.day && a.day === b.month) return 2
    if (damerauLevenshtein(a.digits, b.digits, 1) <= 1) return 3
    if (a.year === b.year) return 4
    if (Math.abs(a.year - b.year) <= 5) return 5
    return 6
  },
}
