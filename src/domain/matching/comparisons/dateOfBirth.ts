import { damerauLevenshtein } from '../damerauLevenshtein.ts'
import { parseRecordedDate, type RecordedDate } from '../dates.ts'
import { EXACT, type Comparator } from './comparator.ts'

export const dateOfBirthLevels = [
  'missing',
  'exact',
  'same 1 January (often a placeholder)',
  'day and month transposed',
  'one digit different',
  'same year of birth',
  'within 5 years',
  'different',
  '15 or more years apart',
] as const

export const PLACEHOLDER_DATE = 2
export const ONE_DIGIT_DIFFERENT = 4
export const YEARS_APART = 8

/**
 * Dates a system fills in when the real one is unknown: they say nothing about the person, so they read as missing.
 * 01/01 of a real year is different: often the year is all that was known, so it is kept, but two records agreeing
 * on it agree on little more than the year.
 */
const placeholderDates = new Set(['19000101', '19010101', '18000101', '00000101', '00010101'])

function isYearOnly(date: RecordedDate): boolean {
  return date.month === 1 && date.day === 1
}

/**
 * Dates are cleaned to YYYYMMDD; anything unreadable counts as missing (the CSV adapter reports it earlier). Dates a
 * generation apart get their own level: a parent and child sharing a name and an address differ here and nowhere
 * else, and a keying slip in the year is caught by "one digit different" first.
 */
export const dateOfBirthComparator: Comparator<RecordedDate | undefined> = {
  kind: 'dob',
  levels: dateOfBirthLevels,
  termFrequency: false,
  normalise(raw) {
    const parsed = parseRecordedDate(raw)
    if (!parsed.ok || parsed.date === undefined || placeholderDates.has(parsed.date.digits)) return ''
    return parsed.date.digits
  },
  features(value) {
    const parsed = parseRecordedDate(value)
    return parsed.ok ? parsed.date : undefined
  },
  exactLevel: date => (date !== undefined && isYearOnly(date) ? PLACEHOLDER_DATE : EXACT),
  compare(a, b) {
    if (a === undefined || b === undefined) return 7
    const apart = Math.abs(a.year - b.year)
    if (isYearOnly(a) || isYearOnly(b)) return apart === 0 ? 5 : apart <= 5 ? 6 : apart >= 15 ? YEARS_APART : 7
    if (a.year === b.year && a.month === b.day && a.day === b.month) return 3
    if (damerauLevenshtein(a.digits, b.digits, 1) <= 1) return ONE_DIGIT_DIFFERENT
    if (apart === 0) return 5
    if (apart <= 5) return 6
    return apart >= 15 ? YEARS_APART : 7
  },
}
