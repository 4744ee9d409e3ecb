import type { ColumnType, Generated } from 'kysely'

/** Row types for migration 0004_risk_visits (risk assessment, visits, governance), kept beside schema.ts. */

type Timestamp = ColumnType<Date, Date | string, Date | string>
type DateString = string
type Json<T> = ColumnType<T, string, string>
type DbRiskLevel = 'low' | 'medium' | 'high' | 'very_high'

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

export interface StaticRiskScoreTable {
  id: Generated<string>
  subject_id: string
  tool: string
  version: string
  score: number
  category: DbRiskLevel
  assessed_on: DateString
  details: ColumnType<Record<string, unknown>, string | undefined, string>
  recorded_by: string | null
  recorded_at: Timestamp
}

export interface ArmsAssessmentTable {
  id: Generated<string>
  subject_id: string
  author_id: string
  assessed_on: DateString
  factors: Json<Record<string, unknown>>
  static_score_id: string | null
  professional_judgement: ColumnType<{ level: string; reason: string } | null, string | null, string | null>
  derived_level: DbRiskLevel
  level: DbRiskLevel
  explanation: Json<string[]>
  countersigned_by: string | null
  countersigned_on: DateString | null
  countersigned_at: Timestamp | null
  countersign_comments: string | null
  created_at: Timestamp
}

export interface RiskPlanActionTable {
  id: Generated<string>
  assessment_id: string
  subject_id: string
  description: string
  owner_id: string
  due_on: DateString
  completed_on: DateString | null
}

export interface VisitPlanTable {
  subject_id: string
  override_months: number | null
  override_reason: string | null
  override_for_level: DbRiskLevel | null
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

export interface GovernanceSnapshotTable {
  taken_on: DateString
  group_by: 'force' | 'district' | 'team' | 'officer'
  group_key: string
  group_label: string
  measure: 'visits' | 'reviews' | 'notifications'
  overdue_1_7: number
  overdue_8_28: number
  overdue_29_90: number
  overdue_over_90: number
  overdue: number
  due_14: number
  due_28: number
  taken_at: Timestamp
}

export interface RiskVisitTables {
  risk_visit_setting: RiskVisitSettingTable
  static_risk_score: StaticRiskScoreTable
  arms_assessment: ArmsAssessmentTable
  risk_plan_action: RiskPlanActionTable
  visit_plan: VisitPlanTable
  visit: VisitTable
  subject_due: SubjectDueTable
  governance_snapshot: GovernanceSnapshotTable
}
