import type { Temporal } from 'temporal-polyfill'
import { ValidationError } from '../errors.ts'
import { compareDates, isBefore, isUnderEighteenOn, lastDayOfMonthsBeginningWith } from './dates.ts'
import type { Disposal } from './disposal.ts'
import { tablePeriod } from './period-table.ts'

export interface DisposalDetails {
  disposal: Disposal
  /** The custodial term in months (may be fractional); required for `imprisonment`. */
  custodialMonths?: number | null
  /** The period of the conditional discharge in months; required for `conditional-discharge`. */
  dischargeMonths?: number | null
  dateOfBirth: Temporal.PlainDate
  /** s.82(6): the date of conviction, finding or caution (the sentencing date for s.132(3) threshold offences). */
  relevantDate: Temporal.PlainDate
}

/** How long the requirements last. Months and last day are null exactly when the period is indefinite. */
export type NotificationPeriod =
  | { indefinite: true; periodMonths: null; lastDay: null }
  | {
      indefinite: false
      /** The period in months after any s.82(2) halving. */
      periodMonths: number
      /** The last day the requirement applies. */
      lastDay: Temporal.PlainDate
    }

/**
 * s.82: how long a relevant offender stays subject to the notification requirements for one conviction,
 * finding or caution.
 *
 * - s.82(1) table → indefinite, or a fixed number of months (see `tablePeriod`).
 * - s.82(2) halves the fixed 10/7/5/2-year periods when the person was under 18 on the relevant date. Every one of
 *   those is a whole number of years, so the half is a whole number of months (7 years → 42 months = 3½ years) and
 *   the half-period is counted in calendar months like the full one.
 * - The period is one "beginning with the relevant date", so it ends at the end of the day before the anniversary
 *   (see `lastDayOfMonthsBeginningWith`).
 */
export function notificationPeriod(details: DisposalDetails): NotificationPeriod {
  if (isBefore(details.relevantDate, details.dateOfBirth)) {
    throw new ValidationError([
      { field: 'relevantDate', message: 'Relevant date must be the same as or after the date of birth' },
    ])
  }
  const row = tablePeriod(details.disposal, details.custodialMonths, details.dischargeMonths)
  if (row.indefinite) return { indefinite: true, periodMonths: null, lastDay: null }
  const halve = row.halvedWhenUnder18 && isUnderEighteenOn(details.dateOfBirth, details.relevantDate)
  const periodMonths = halve ? row.months / 2 : row.months
  return { indefinite: false, periodMonths, lastDay: lastDayOfMonthsBeginningWith(details.relevantDate, periodMonths) }
}

/**
 * Several convictions, findings or cautions: each has its own relevant date and period, and the offender is subject
 * to the requirements until the last of them ends. So an indefinite period wins; otherwise the latest last day runs.
 * Returns null for an empty list. (Aggregating consecutive terms under s.82(3)–(4) is not modelled here: pass the
 * aggregated term as one imprisonment.)
 */
export function longestNotificationPeriod(periods: readonly NotificationPeriod[]): NotificationPeriod | null {
  let longest: NotificationPeriod | null = null
  for (const period of periods) {
    if (period.indefinite) return period
    if (longest === null || compareDates(period.lastDay, longest.lastDay) > 0) longest = period
  }
  return longest
}

/** The governing period for a subject with several disposals: `notificationPeriod` of each, then the longest. */
export const notificationPeriodForAll = (disposals: readonly DisposalDetails[]): NotificationPeriod | null =>
  longestNotificationPeriod(disposals.map(notificationPeriod))
