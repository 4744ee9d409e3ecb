import type { Temporal } from 'temporal-polyfill'
import { LONDON } from '../clock.ts'

/**
 * Guidance: officers should "vary days and times, including evenings" (APP home visits, DOMAIN.md §1.2) [V].
 * Vigil judges variety by weekday and time band in London local time, so a 19:00 visit is "evening" in both
 * GMT and BST. Band boundaries are settings; the defaults are Vigil's own choice (guidance gives none).
 */
export const TIME_BANDS = ['night', 'morning', 'afternoon', 'evening'] as const
export type TimeBand = (typeof TIME_BANDS)[number]

/** Start hour (0–23) of each band; a band runs until the next band starts, night wraps past midnight. */
export type TimeBandStarts = Readonly<Record<TimeBand, number>>

export const DEFAULT_TIME_BAND_STARTS: TimeBandStarts = { night: 22, morning: 6, afternoon: 12, evening: 18 }

export function timeBandOf(at: Temporal.ZonedDateTime, starts: TimeBandStarts = DEFAULT_TIME_BAND_STARTS): TimeBand {
  const hour = at.withTimeZone(LONDON).hour
  // The band whose start is the latest at or before this hour; before every start means the wrapping band.
  let best: TimeBand | undefined
  let bestStart = -1
  let latest: TimeBand = 'night'
  let latestStart = -1
  for (const band of TIME_BANDS) {
    const start = starts[band]
    if (start <= hour && start > bestStart) {
      best = band
      bestStart = start
    }
    if (start > latestStart) {
      latest = band
      latestStart = start
    }
  }
  return best ?? latest
}

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const
export type Weekday = (typeof WEEKDAYS)[number]

export function weekdayOf(at: Temporal.ZonedDateTime): Weekday {
  return WEEKDAYS[at.withTimeZone(LONDON).dayOfWeek - 1] ?? 'Monday'
}
