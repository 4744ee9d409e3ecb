import type { ColumnType, Generated } from 'kysely'
import type { RiskLevel } from '../schema.ts'

/** Row types for the home-visit tables of migration 0004 (visits and each subject's visit plan). */

type Timestamp = ColumnType<Date, Date | string, Date | string>
type DateString = string
type Json<T> = ColumnType<T, string, string>

export interface VisitPlanTable {
  subject_id: string
  override_months: number | null
  override_reason: string | null
  override_for_level: RiskLevel | null
  override_requested_by: string | null
  override_requested_at: Timestamp | null
  override_approved_by: string | null
  override_approved_at: Timestamp | null
  reactive_since: DateString | null
  reactive_reason: string | null
  updated_at: Timestamp
}

export interface VisitTable {
  id: Generated<string>
  subject_id: string
  kind: 'planned' | 'unannounced'
  visited_at: Timestamp
  officer_1_id: string
  officer_2_id: string
  outcome: 'seen' | 'not at home' | 'access refused' | 'address not occupied'
  checks: string[]
  findings: string
  follow_ups: Json<Array<{ type: string; details: string }>>
  recorded_by: string | null
  recorded_at: Timestamp
}

export interface VisitTables {
  visit_plan: VisitPlanTable
  visit: VisitTable
}
