import type { Temporal } from 'temporal-polyfill'
import { changeNotificationDeadline } from './change-deadline.ts'
import { lastDayOfDaysBeginningWith } from './counting.ts'
import { compareDates, isAfter } from './dates.ts'
import type { DisregardedPeriod } from './disregarded-periods.ts'
import type { RegisterSettings } from './settings.ts'
import { DEFAULT_REGISTER_SETTINGS } from './settings.ts'

/** s.84(3): an event "more than 2 days before the date specified" is not covered by the advance notification. */
export const ADVANCE_EARLY_TOLERANCE_DAYS = 2
/** s.84(4): the event must occur by the end of "the period of 3 days beginning with the date specified". */
export const ADVANCE_LATE_WINDOW_DAYS = 3
/** s.84(4)(b): non-occurrence must be notified "within the period of 6 days beginning with the date specified". */
export const NON_OCCURRENCE_DAYS = 6

export interface AdvanceNotification {
  /** s.84(2): the date the offender said the change would happen. */
  expectedDate: Temporal.PlainDate
  /** When the change actually happened; null if it has not (yet). */
  eventDate: Temporal.PlainDate | null
  /** Today, for deciding whether a change that has not happened is still awaited. */
  asOf: Temporal.PlainDate
  disregarded?: readonly DisregardedPeriod[]
}

export type AdvanceNotificationOutcome =
  /** The change happened between 2 days before and 2 days after the date given: the notice counts. */
  | { status: 'effective' }
  /** Still within the 3 days beginning with the date given and nothing has happened yet. */
  | { status: 'awaiting-event'; windowEnds: Temporal.PlainDate }
  /** s.84(3): the change came more than 2 days early, so the 3-day duty from the change still applies. */
  | { status: 'event-too-early'; changeDeadline: Temporal.PlainDate | null }
  /**
   * s.84(4): the change did not happen within the 3 days beginning with the date given. The offender must say so
   * by `nonOccurrenceDeadline`, and still notify the change itself (`changeDeadline`, null until it happens).
   */
  | {
      status: 'event-did-not-occur'
      nonOccurrenceDeadline: Temporal.PlainDate | null
      changeDeadline: Temporal.PlainDate | null
    }

/** s.84(2)–(4): what an advance notification of a change achieves, and what the offender still owes. */
export function advanceNotificationOutcome(
  notice: AdvanceNotification,
  settings: RegisterSettings = DEFAULT_REGISTER_SETTINGS,
): AdvanceNotificationOutcome {
  const disregarded = notice.disregarded ?? []
  const earliest = notice.expectedDate.subtract({ days: ADVANCE_EARLY_TOLERANCE_DAYS })
  // s.84(4) sets no disregard for this 3-day window: s.84(5) names only the s.84(1) and the 6-day periods.
  const windowEnds = notice.expectedDate.add({ days: ADVANCE_LATE_WINDOW_DAYS - 1 })
  const { eventDate } = notice

  if (eventDate !== null && compareDates(eventDate, earliest) < 0) {
    return { status: 'event-too-early', changeDeadline: changeNotificationDeadline(eventDate, disregarded) }
  }
  if (eventDate !== null && !isAfter(eventDate, windowEnds)) return { status: 'effective' }
  if (eventDate === null && !isAfter(notice.asOf, windowEnds)) return { status: 'awaiting-event', windowEnds }

  const nonOccurrenceDeadline = lastDayOfDaysBeginningWith(
    notice.expectedDate,
    NON_OCCURRENCE_DAYS,
    settings.disregardInNonOccurrencePeriod ? disregarded : [],
  )
  const changeDeadline = eventDate === null ? null : changeNotificationDeadline(eventDate, disregarded)
  return { status: 'event-did-not-occur', nonOccurrenceDeadline, changeDeadline }
}
