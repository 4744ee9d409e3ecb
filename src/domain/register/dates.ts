import { Temporal } from 'temporal-polyfill'

/**
 * Calendar arithmetic shared by every register rule. The statute counts whole London days; these helpers
 * are the only place that decides what "a year after", "the period of N days beginning with" and an
 * "anniversary" mean, so the rules read like the Act.
 */

/** Compares two dates; negative when `a` is earlier. */
export const compareDates = (a: Temporal.PlainDate, b: Temporal.PlainDate): number => Temporal.PlainDate.compare(a, b)

export const isBefore = (a: Temporal.PlainDate, b: Temporal.PlainDate): boolean => compareDates(a, b) < 0

export const isAfter = (a: Temporal.PlainDate, b: Temporal.PlainDate): boolean => compareDates(a, b) > 0

export const laterOf = (a: Temporal.PlainDate, b: Temporal.PlainDate): Temporal.PlainDate => (isAfter(a, b) ? a : b)

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: Temporal.PlainDate, to: Temporal.PlainDate): number =>
  from.until(to, { largestUnit: 'days' }).days

/**
 * The date `months` calendar months after `date` — its "anniversary" for a whole number of years.
 *
 * Decision (not in the statute): when the later month has no day with the same number (29 February in a
 * common year, 31 April, …) the anniversary is the **first day of the following month**. That is how a
 * 29 February birthday works in English law (Family Law Reform Act 1969 s.9: a person attains an age at the
 * start of the anniversary of their birth, which for a leap-day birth is 1 March in a common year), and using the
 * same rule for ages and periods keeps every result monotonic: a later start never gives an earlier end.
 */
export function anniversary(date: Temporal.PlainDate, months: number): Temporal.PlainDate {
  const sameDay = date.add({ months }, { overflow: 'constrain' })
  if (sameDay.day === date.day) return sameDay
  return sameDay.with({ day: 1 }).add({ months: 1 })
}

/**
 * The last day of a period of `months` months "beginning with" `date` (s.82(1), s.91B(2)): the period includes
 * its first day, so it ends at the end of the day before the anniversary.
 * 15 March 2020 + 120 months → 14 March 2030; 29 February 2020 + 120 months → 28 February 2030.
 */
export const lastDayOfMonthsBeginningWith = (date: Temporal.PlainDate, months: number): Temporal.PlainDate =>
  anniversary(date, months).subtract({ days: 1 })

/**
 * s.82(2): a person is "under 18 on the relevant date" unless that date is on or after their 18th birthday.
 * On the birthday itself they are 18, so the period is not halved.
 */
export const isUnderEighteenOn = (dateOfBirth: Temporal.PlainDate, date: Temporal.PlainDate): boolean =>
  isBefore(date, anniversary(dateOfBirth, 18 * 12))

/** Parses a strict ISO calendar date (YYYY-MM-DD); returns null for anything else, including 2021-02-29. */
export function parseIsoDate(value: string): Temporal.PlainDate | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null
  try {
    return Temporal.PlainDate.from(value, { overflow: 'reject' })
  } catch {
    return null
  }
}
