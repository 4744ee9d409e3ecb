import type { Temporal } from 'temporal-polyfill'
import { lastDayOfDaysBeginningWith } from './counting.ts'
import { laterOf } from './dates.ts'
import type { DisregardedPeriod } from './disregarded-periods.ts'

/** s.83(1), s.84(1): notify "within the period of 3 days beginning with" the event. */
export const NOTIFICATION_DAYS = 3

/**
 * The last day to notify an event under s.84(1) (name, home address, qualifying period at another address,
 * release) or reg 10 (staying 12 hours or more at a household with a child): the period of 3 days beginning with
 * the event, so an event on the 1st must be notified by the 3rd. Days in custody, detained in hospital or outside
 * the UK are not counted (s.83(6), applied by s.84(5)). Null while a disregarded period is still running.
 */
export const changeNotificationDeadline = (
  eventDate: Temporal.PlainDate,
  disregarded: readonly DisregardedPeriod[] = [],
): Temporal.PlainDate | null => lastDayOfDaysBeginningWith(eventDate, NOTIFICATION_DAYS, disregarded)

/**
 * s.83(1): the initial notification is due within 3 days beginning with the relevant date or, if later,
 * "commencement" (1 May 2004 for Part 2; the date of service of a notification order, s.98(4)).
 * An offender in custody on the relevant date has those days disregarded (s.83(6)), so the clock starts on release.
 */
export function initialNotificationDeadline(
  relevantDate: Temporal.PlainDate,
  options: { commencement?: Temporal.PlainDate; disregarded?: readonly DisregardedPeriod[] } = {},
): Temporal.PlainDate | null {
  const start = options.commencement ? laterOf(relevantDate, options.commencement) : relevantDate
  return changeNotificationDeadline(start, options.disregarded)
}
