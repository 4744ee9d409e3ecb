/**
 * The notification requirement engine (Sexual Offences Act 2003 Part 2): pure rules, no I/O.
 * Dates are `Temporal.PlainDate` London days; "today" is always an argument (`todayIn(clock)`).
 */
export { anniversary, isUnderEighteenOn, lastDayOfMonthsBeginningWith, parseIsoDate } from './dates.ts'
export type { RegisterSettings } from './settings.ts'
export { DEFAULT_REGISTER_SETTINGS, registerSettings } from './settings.ts'
export type { Disposal } from './disposal.ts'
export { DISPOSALS, isDisposal } from './disposal.ts'
export type { TablePeriod } from './period-table.ts'
export { tablePeriod } from './period-table.ts'
export type { DisposalDetails, NotificationPeriod } from './notification-period.ts'
export { longestNotificationPeriod, notificationPeriod, notificationPeriodForAll } from './notification-period.ts'
export type { NotificationPeriodResponse } from './calculator.ts'
export {
  calculateNotificationPeriod,
  notificationPeriodQuerySchema,
  parseNotificationPeriodQuery,
} from './calculator.ts'
export type { DisregardedPeriod } from './disregarded-periods.ts'
export { firstDayAtLiberty, isDisregarded } from './disregarded-periods.ts'
export { lastDayOfDaysBeginningWith } from './counting.ts'
export type { EventNotificationKind, NotificationKind } from './notification-kinds.ts'
export { NOTIFICATION_KINDS, resetsPeriodicNotification, STATUTORY_BASIS } from './notification-kinds.ts'
export { changeNotificationDeadline, initialNotificationDeadline, NOTIFICATION_DAYS } from './change-deadline.ts'
export type { Stay } from './qualifying-period.ts'
export { qualifyingPeriodCompletedOn } from './qualifying-period.ts'
export type { AdvanceNotification, AdvanceNotificationOutcome } from './advance-notification.ts'
export { advanceNotificationOutcome } from './advance-notification.ts'
export type { PeriodicDue, PeriodicInput } from './periodic-notification.ts'
export { periodicNotificationDue } from './periodic-notification.ts'
export type { ForeignTravelAssessment, ForeignTravelDeadline, ForeignTravelNotice } from './foreign-travel.ts'
export { assessForeignTravelNotice, foreignTravelDeadline } from './foreign-travel.ts'
export type { ReviewDetermination, ReviewEligibility, ReviewInput } from './review.ts'
export { furtherQualifyingDate, mayApplyForReview, relevantNotificationDate, reviewEligibility } from './review.ts'
export type {
  EventNotificationRecord,
  ForeignTravelRecord,
  HistoryAssessment,
  HistoryInput,
  NotificationAssessment,
  NotificationRecord,
  PeriodicNotificationRecord,
} from './history.ts'
export { assessNotificationHistory } from './history.ts'
