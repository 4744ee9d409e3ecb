import type { ColumnType, Generated } from 'kysely'
import type { RiskLevel } from '../schema.ts'

/** Row types for the risk tables of migration 0004 (static scores, ARMS assessments, risk plan actions). */

type Timestamp = ColumnType<Date, Date | string, Date | string>
type DateString = string
type Json<T> = ColumnType<T, string, string>

export interface StaticRiskScoreTable {
  id: Generated<string>
  subject_id: string
  tool: string
  version: string
  score: number
  category: RiskLevel
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
  derived_level: RiskLevel
  level: RiskLevel
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

export interface RiskTables {
  static_risk_score: StaticRiskScoreTable
  arms_assessment: ArmsAssessmentTable
  risk_plan_action: RiskPlanActionTable
}
