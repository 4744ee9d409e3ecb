import type { Temporal } from 'temporal-polyfill'
import { compareDates, isBefore } from './dates.ts'

/**
 * Time the statute tells us to disregard when counting notification periods: s.83(6) (applied to s.84 by s.84(5))
 * and s.85(4): remanded in or committed to custody, serving a sentence of imprisonment or service detention,
 * detained in a hospital, or outside the United Kingdom.
 *
 * Day convention (a decision: the Act speaks of "any time", the register counts whole days):
 * every day from `from` up to the day before `to` is disregarded; the day of release or return (`to`) counts,
 * because the offender is at liberty in the UK for part of it and s.85(3) starts its extra 3 days "when"
 * custody or absence ends. So a release on the 1st must be notified by the 3rd, and a same-day trip abroad
 * (`from` = `to`) disregards nothing. The day custody or absence begins is disregarded whole, so a deadline is never
 * earlier than the offender could have met it. `to: null` means the period has not ended yet.
 */
export interface DisregardedPeriod {
  /** The first day in custody, detained in hospital or outside the UK. */
  from: Temporal.PlainDate
  /** The day of release, discharge or return to the UK; null while it continues. */
  to: Temporal.PlainDate | null
  reason?: 'custody' | 'hospital' | 'abroad'
}

/** The period that makes `day` a disregarded day, if any. */
export function disregardingPeriod(
  day: Temporal.PlainDate,
  periods: readonly DisregardedPeriod[],
): DisregardedPeriod | undefined {
  return periods.find(p => compareDates(p.from, day) <= 0 && (p.to === null || isBefore(day, p.to)))
}

export const isDisregarded = (day: Temporal.PlainDate, periods: readonly DisregardedPeriod[]): boolean =>
  disregardingPeriod(day, periods) !== undefined

/**
 * The first day from `day` onwards that is not disregarded (the day custody or absence "first ceases"),
 * following back-to-back or overlapping periods. Null when the offender is still in custody or abroad.
 */
export function firstDayAtLiberty(
  day: Temporal.PlainDate,
  periods: readonly DisregardedPeriod[],
): Temporal.PlainDate | null {
  let current = day
  for (let period = disregardingPeriod(current, periods); period; period = disregardingPeriod(current, periods)) {
    if (period.to === null) return null
    current = period.to
  }
  return current
}
