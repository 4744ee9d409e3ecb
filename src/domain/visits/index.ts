// Public API of the visits domain: frequency, reactive management, due dates, patterns, route planning, schemas.
export {
  DEFAULT_VISIT_INTERVALS,
  UNASSESSED_PLANNING_LEVEL,
  effectiveVisitInterval,
  isApproved,
  visitIntervalProblems,
} from './frequency.ts'
export type { IntervalSource, VisitFrequencyOverride, VisitInterval, VisitIntervals } from './frequency.ts'
export { DEFAULT_REACTIVE_SETTINGS, reactiveManagementEligibility, reactiveManagementEnd } from './reactive.ts'
export type {
  ReactiveEligibility,
  ReactiveEligibilityInput,
  ReactiveManagementSettings,
  RiskLevelPeriod,
} from './reactive.ts'
export { VISIT_CHECKS, VISIT_FOLLOW_UPS, VISIT_KINDS, VISIT_OUTCOMES, isCompletedVisit } from './visit.ts'
export type { Visit, VisitCheck, VisitFollowUp, VisitFollowUpType, VisitKind, VisitOutcome } from './visit.ts'
export { DEFAULT_NEXT_VISIT_SETTINGS, lastCompletedVisitOn, nextVisitDue } from './next-due.ts'
export type { NextVisitDue, NextVisitInput, NextVisitSettings } from './next-due.ts'
export {
  DUE_SOON_WINDOWS,
  OVERDUE_AGE_BANDS,
  daysOverdue,
  dueStatus,
  isDueWithin,
  overdueAgeBand,
} from './due-status.ts'
export type { DueStatus, OverdueAgeBand } from './due-status.ts'
export { DEFAULT_TIME_BAND_STARTS, TIME_BANDS, WEEKDAYS, timeBandOf, weekdayOf } from './time-bands.ts'
export type { TimeBand, TimeBandStarts, Weekday } from './time-bands.ts'
export { DEFAULT_VISIT_PATTERN_SETTINGS, visitPatternWarnings } from './pattern.ts'
export type { VisitPatternSettings, VisitPatternWarning } from './pattern.ts'
export { START_ID, haversineKm, planVisitRoute } from './route.ts'
export type { GeoPoint, RouteLeg, RoutePlan, RoutePlanOptions, RouteStop } from './route.ts'
export { planVisitRun } from './planner.ts'
export type { PlannerCandidate, VisitRun } from './planner.ts'
export { recordVisitSchema, visitDateTimeField } from './schemas.ts'
export type { RecordVisitInput } from './schemas.ts'
export { suggestedFollowUps } from './follow-ups.ts'
export { FOLLOW_UP_EVENT_KINDS, visitConsequences } from './consequences.ts'
export type { VisitAlert, VisitConsequences, VisitTimelineEntry } from './consequences.ts'
