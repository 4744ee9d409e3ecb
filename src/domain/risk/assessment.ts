import type { Temporal } from 'temporal-polyfill'
import type { ArmsFactors } from './arms-factors.ts'
import type { ProfessionalJudgement } from './arms-level.ts'
import type { RiskLevel } from './levels.ts'
import type { RiskManagementPlan } from './plan.ts'
import type { StaticRiskScore } from './static-tools.ts'

export interface Countersignature {
  supervisorId: string
  countersignedOn: Temporal.PlainDate
  comments?: string
}

/** An ARMS assessment as recorded; `level` is the result of `armsRiskLevel` at the time it was completed. */
export interface ArmsAssessment {
  id: string
  subjectId: string
  authorId: string
  assessedOn: Temporal.PlainDate
  factors: ArmsFactors
  staticScore?: StaticRiskScore
  professionalJudgement?: ProfessionalJudgement
  level: RiskLevel
  plan: RiskManagementPlan
  countersignature?: Countersignature
}

export type AssessmentStatus = 'awaiting countersignature' | 'countersigned'

export function assessmentStatus(assessment: Pick<ArmsAssessment, 'countersignature'>): AssessmentStatus {
  return assessment.countersignature ? 'countersigned' : 'awaiting countersignature'
}
