import type { Temporal } from 'temporal-polyfill'
import { compareDates, daysBetween } from './dates.ts'

/** A stay at one un-notified address: the first and last days the offender resided or stayed there, inclusive. */
export interface Stay {
  from: Temporal.PlainDate
  to: Temporal.PlainDate
}

/** s.84(6): a qualifying period is 7 days, or periods in any 12 months that together amount to 7 days. */
export const QUALIFYING_PERIOD_DAYS = 7
export const QUALIFYING_WINDOW_MONTHS = 12

/**
 * s.84(1)(c), s.84(6): the day on which the offender has resided or stayed at one un-notified address for a
 * qualifying period — the 7th day of stays there within any 12 months — which starts the 3-day clock.
 * Stays are counted in whole days, each day on which the offender stayed there counting once (a decision: the
 * Act does not say whether days or nights are meant). Returns null if the stays never add up to 7 days in 12 months.
 */
export function qualifyingPeriodCompletedOn(stays: readonly Stay[]): Temporal.PlainDate | null {
  const days = stayDays(stays)
  for (let i = QUALIFYING_PERIOD_DAYS - 1; i < days.length; i++) {
    const day = days[i]
    const firstOfSeven = days[i - (QUALIFYING_PERIOD_DAYS - 1)]
    if (day === undefined || firstOfSeven === undefined) continue
    // The 12 months ending with `day` begin on the day after the date 12 months earlier.
    const windowStart = day.subtract({ months: QUALIFYING_WINDOW_MONTHS }).add({ days: 1 })
    if (compareDates(firstOfSeven, windowStart) >= 0) return day
  }
  return null
}

/** Every distinct day covered by the stays, in order. */
function stayDays(stays: readonly Stay[]): Temporal.PlainDate[] {
  const byIso = new Map<string, Temporal.PlainDate>()
  for (const stay of stays) {
    const length = daysBetween(stay.from, stay.to)
    for (let i = 0; i <= length; i++) {
      const day = stay.from.add({ days: i })
      byIso.set(day.toString(), day)
    }
  }
  return [...byIso.values()].sort(compareDates)
}
