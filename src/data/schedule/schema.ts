import type { ColumnType, Generated } from 'kysely'

/**
 * Row types for the due-date tables of migration 0004: the settings the timeline trigger also reads, and each
 * subject's maintained due dates (next visit, risk review, last periodic notification).
 */

type Timestamp = ColumnType<Date, Date | string, Date | string>
type DateString = string

export interface RiskVisitSettingTable {
  id: number
  initial_assessment_days: number
  periodic_review_months: number
  event_review_days: number
  trigger_kinds: string[]
  first_visit_days: number
  notification_kinds: string[]
  periodic_notification_months: number
  updated_at: Generated<Timestamp>
}

export interface SubjectDueTable {
  subject_id: string
  interval_months: number | null
  interval_source: string | null
  last_completed_visit_on: DateString | null
  next_visit_due: DateString | null
  last_assessed_on: DateString | null
  review_due: DateString
  review_reason: string
  last_notified_on: DateString | null
  updated_at: Timestamp
}

export interface ScheduleTables {
  risk_visit_setting: RiskVisitSettingTable
  subject_due: SubjectDueTable
}
