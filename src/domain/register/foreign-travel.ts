import { Temporal } from 'temporal-polyfill'
import { LONDON } from '../clock.ts'
import { daysBetween } from './dates.ts'
import type { RegisterSettings } from './settings.ts'
import { DEFAULT_REGISTER_SETTINGS } from './settings.ts'

/** A foreign travel notification (s.86; Travel Notification Requirements Regulations 2004 as amended 2012). */
export interface ForeignTravelNotice {
  /** Intended departure, London wall-clock time. */
  departure: Temporal.PlainDateTime
  /** When the notification was given, London wall-clock time. */
  notifiedAt: Temporal.PlainDateTime
  /** False when the offender did not know the details 7 days before departure (late-notice route). */
  detailsKnownSevenDaysAhead: boolean
  /** A reasonable excuse was recorded for giving late notice (only matters if the 24-hour rule is switched on). */
  reasonableExcuse?: boolean
}

export type ForeignTravelDeadline =
  /** Notify on or before `latestDate` (any time that day): at least N days before the date of departure. */
  | { rule: 'days-before'; latestDate: Temporal.PlainDate; latestAt: null }
  /** Notify no later than `latestAt`: at least N hours before departure. */
  | { rule: 'hours-before'; latestDate: Temporal.PlainDate; latestAt: Temporal.PlainDateTime; hours: number }

export interface ForeignTravelAssessment {
  deadline: ForeignTravelDeadline
  late: boolean
  /** Whole days late (a notice late by some hours counts as 1 day); 0 when on time. */
  daysLate: number
}

/**
 * The latest a foreign trip may be notified:
 * - normally at least `foreignTravelNoticeDays` (7) days before the date of departure: departing 15 March → by 8 March;
 * - if the details were not known 7 days ahead, as soon as reasonably practicable and at least
 *   `foreignTravelShortNoticeHours` (12) hours before departure — or 24 hours without a reasonable excuse if
 *   `foreignTravelShortNoticeWithoutExcuseHours` is set (the NI rule, unverified for E&W).
 * Hours are real elapsed hours in London, so a clock change in between is accounted for.
 */
export function foreignTravelDeadline(
  notice: Pick<ForeignTravelNotice, 'departure' | 'detailsKnownSevenDaysAhead' | 'reasonableExcuse'>,
  settings: RegisterSettings = DEFAULT_REGISTER_SETTINGS,
): ForeignTravelDeadline {
  if (notice.detailsKnownSevenDaysAhead) {
    const latestDate = notice.departure.toPlainDate().subtract({ days: settings.foreignTravelNoticeDays })
    return { rule: 'days-before', latestDate, latestAt: null }
  }
  const withoutExcuse = settings.foreignTravelShortNoticeWithoutExcuseHours
  const hours =
    withoutExcuse !== null && !notice.reasonableExcuse ? withoutExcuse : settings.foreignTravelShortNoticeHours
  const latestAt = notice.departure.toZonedDateTime(LONDON).subtract({ hours }).toPlainDateTime()
  return { rule: 'hours-before', latestDate: latestAt.toPlainDate(), latestAt, hours }
}

/** Whether a foreign travel notification was given in time, and how late (the "possible failure to comply" input). */
export function assessForeignTravelNotice(
  notice: ForeignTravelNotice,
  settings: RegisterSettings = DEFAULT_REGISTER_SETTINGS,
): ForeignTravelAssessment {
  const deadline = foreignTravelDeadline(notice, settings)
  if (deadline.latestAt === null) {
    const daysLate = Math.max(0, daysBetween(deadline.latestDate, notice.notifiedAt.toPlainDate()))
    return { deadline, late: daysLate > 0, daysLate }
  }
  const lateBy = deadline.latestAt
    .toZonedDateTime(LONDON)
    .until(notice.notifiedAt.toZonedDateTime(LONDON), { largestUnit: 'hours' })
  const late = lateBy.sign > 0
  const daysLate = late ? Math.ceil(lateBy.total({ unit: 'hours' }) / 24) : 0
  return { deadline, late, daysLate }
}
