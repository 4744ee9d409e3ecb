import type { Temporal } from 'temporal-polyfill'
import type { AdvanceNotificationOutcome } from './advance-notification.ts'
import { advanceNotificationOutcome } from './advance-notification.ts'
import { changeNotificationDeadline } from './change-deadline.ts'
import { compareDates, daysBetween, isAfter, isBefore } from './dates.ts'
import type { DisregardedPeriod } from './disregarded-periods.ts'
import type { ForeignTravelNotice } from './foreign-travel.ts'
import { assessForeignTravelNotice } from './foreign-travel.ts'
import type { EventNotificationKind } from './notification-kinds.ts'
import { resetsPeriodicNotification, STATUTORY_BASIS } from './notification-kinds.ts'
import type { PeriodicDue } from './periodic-notification.ts'
import { periodicNotificationDue } from './periodic-notification.ts'
import type { RegisterSettings } from './settings.ts'
import { DEFAULT_REGISTER_SETTINGS } from './settings.ts'

/** A notification of an event: initial (event = relevant date or commencement), a s.84 change, or a child household. */
export interface EventNotificationRecord {
  kind: EventNotificationKind
  eventDate: Temporal.PlainDate
  notifiedOn: Temporal.PlainDate
  /** s.84(2): for a notification given in advance, the date the offender said the change would happen. */
  expectedDate?: Temporal.PlainDate
  /** s.85(6): the home address given is a place where the offender can regularly be found (no fixed abode). */
  noFixedAbode?: boolean
}

export interface PeriodicNotificationRecord {
  kind: 'periodic'
  notifiedOn: Temporal.PlainDate
  noFixedAbode?: boolean
}

export interface ForeignTravelRecord {
  kind: 'foreign-travel'
  travel: ForeignTravelNotice
}

export type NotificationRecord = EventNotificationRecord | PeriodicNotificationRecord | ForeignTravelRecord

export interface NotificationAssessment {
  record: NotificationRecord
  /** The provision requiring it, e.g. "s.84(1)(b)". */
  basis: string
  notifiedOn: Temporal.PlainDate
  /** The last day it could be given; null when no deadline applied or the clock was still stopped. */
  deadline: Temporal.PlainDate | null
  late: boolean
  /** Calendar days after the deadline; 0 when on time. */
  daysLate: number
  /** For advance notifications (s.84(2)–(4)). An outcome other than 'effective' leaves a duty outstanding. */
  advance?: AdvanceNotificationOutcome
}

export interface HistoryInput {
  /** Notifications in any order; they are assessed in the order they were given. */
  notifications: readonly NotificationRecord[]
  /** Time in custody, detained in hospital or outside the UK. */
  disregarded?: readonly DisregardedPeriod[]
  /** No fixed abode before any notification in the history says otherwise. */
  noFixedAbode?: boolean
  /** The last day of the notification period, if fixed: no periodic notification falls due after it. */
  requirementLastDay?: Temporal.PlainDate | null
  /** Today, from `todayIn(clock)`. */
  asOf: Temporal.PlainDate
}

export interface HistoryAssessment {
  /** One per notification, in the order given in the input. */
  notifications: NotificationAssessment[]
  /** The late ones: each is a possible failure to comply (s.91(1)). */
  possibleFailuresToComply: NotificationAssessment[]
  /** The next periodic notification (s.85); null before the first notification or after the requirement ends. */
  nextPeriodic: PeriodicDue | null
  /** A periodic notification was due before `asOf` and has not been given. */
  periodicOverdue: boolean
  daysOverdue: number
}

const notifiedOnOf = (record: NotificationRecord): Temporal.PlainDate =>
  record.kind === 'foreign-travel' ? record.travel.notifiedAt.toPlainDate() : record.notifiedOn

/**
 * Walks a subject's notification history in the order the notifications were given and answers, for each, whether
 * it was late and by how many days; then when the next periodic notification is due and whether it is overdue.
 * The periodic clock restarts at every s.83/s.84/s.85 notification (s.85(2)), with the no-fixed-abode status of the
 * latest notification that stated one.
 */
export function assessNotificationHistory(
  input: HistoryInput,
  settings: RegisterSettings = DEFAULT_REGISTER_SETTINGS,
): HistoryAssessment {
  const disregarded = input.disregarded ?? []
  const order = input.notifications
    .map((record, index) => ({ record, index }))
    .sort((a, b) => compareDates(notifiedOnOf(a.record), notifiedOnOf(b.record)) || a.index - b.index)

  const assessments: NotificationAssessment[] = []
  let lastResetOn: Temporal.PlainDate | null = null
  let noFixedAbode = input.noFixedAbode ?? false
  const periodicDueAfter = (notifiedOn: Temporal.PlainDate) =>
    periodicNotificationDue({ lastNotifiedOn: notifiedOn, noFixedAbode, disregarded }, settings)

  for (const { record, index } of order) {
    const notifiedOn = notifiedOnOf(record)
    const periodicDue = lastResetOn === null ? null : periodicDueAfter(lastResetOn).due
    assessments[index] = assessOne(record, notifiedOn, periodicDue, input.asOf, disregarded, settings)
    if (record.kind !== 'foreign-travel' && record.noFixedAbode !== undefined) noFixedAbode = record.noFixedAbode
    if (resetsPeriodicNotification(record.kind)) lastResetOn = notifiedOn
  }

  const nextPeriodic = lastResetOn === null ? null : periodicDueAfter(lastResetOn)
  const lastDay = input.requirementLastDay ?? null
  const ended = nextPeriodic !== null && lastDay !== null && isAfter(nextPeriodic.ordinaryDue, lastDay)
  const next = ended ? null : nextPeriodic
  const daysOverdue = next?.due ? Math.max(0, daysBetween(next.due, input.asOf)) : 0
  return {
    notifications: assessments,
    possibleFailuresToComply: assessments.filter(a => a.late),
    nextPeriodic: next,
    periodicOverdue: daysOverdue > 0,
    daysOverdue,
  }
}

function assessOne(
  record: NotificationRecord,
  notifiedOn: Temporal.PlainDate,
  periodicDue: Temporal.PlainDate | null,
  asOf: Temporal.PlainDate,
  disregarded: readonly DisregardedPeriod[],
  settings: RegisterSettings,
): NotificationAssessment {
  const basis = STATUTORY_BASIS[record.kind]
  if (record.kind === 'foreign-travel') {
    const { deadline, late, daysLate } = assessForeignTravelNotice(record.travel, settings)
    return { record, basis, notifiedOn, deadline: deadline.latestDate, late, daysLate }
  }
  if (record.kind === 'periodic') return lateness(record, basis, notifiedOn, periodicDue)
  const { expectedDate } = record
  if (isBefore(notifiedOn, record.eventDate) || (expectedDate !== undefined && isBefore(notifiedOn, expectedDate))) {
    // s.84(2): given in advance. Its timeliness is whether the change came when the offender said it would.
    const advance = advanceNotificationOutcome(
      { expectedDate: expectedDate ?? record.eventDate, eventDate: record.eventDate, asOf, disregarded },
      settings,
    )
    return { record, basis, notifiedOn, deadline: null, late: false, daysLate: 0, advance }
  }
  return lateness(record, basis, notifiedOn, changeNotificationDeadline(record.eventDate, disregarded))
}

function lateness(
  record: NotificationRecord,
  basis: string,
  notifiedOn: Temporal.PlainDate,
  deadline: Temporal.PlainDate | null,
): NotificationAssessment {
  const daysLate = deadline === null ? 0 : Math.max(0, daysBetween(deadline, notifiedOn))
  return { record, basis, notifiedOn, deadline, late: daysLate > 0, daysLate }
}
