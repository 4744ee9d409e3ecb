import type { Temporal } from 'temporal-polyfill'
import type { DisregardedPeriod } from './disregarded-periods.ts'
import { firstDayAtLiberty } from './disregarded-periods.ts'

/**
 * The last day of "the period of `days` days beginning with" `start`, not counting disregarded days.
 * The period includes its first day: 3 days beginning with the 1st ends on the 3rd.
 * Returns null when the count cannot finish because a disregarded period has not ended (still in custody).
 */
export function lastDayOfDaysBeginningWith(
  start: Temporal.PlainDate,
  days: number,
  disregarded: readonly DisregardedPeriod[] = [],
): Temporal.PlainDate | null {
  let counted = 0
  let day: Temporal.PlainDate | null = start
  for (;;) {
    day = firstDayAtLiberty(day, disregarded)
    if (day === null) return null
    counted += 1
    if (counted >= days) return day
    day = day.add({ days: 1 })
  }
}
