// Public API of the risk domain: ARMS, static tools (RM2000/S), plans, countersignature and review due dates.
export {
  RISK_LEVELS,
  RISK_LEVEL_LABELS,
  asRiskLevel,
  compareRiskLevels,
  isRiskLevel,
  riskLevelLabel,
  riskRank,
  shiftRiskLevel,
} from './levels.ts'
export type { RiskLevel } from './levels.ts'
export {
  ARMS_PROTECTIVE_FACTORS,
  ARMS_RISK_FACTORS,
  FACTOR_RATINGS,
  RATING_POINTS,
  factorsMissingEvidence,
  protectiveFactorTotal,
  riskFactorTotal,
} from './arms-factors.ts'
export type {
  ArmsFactor,
  ArmsFactors,
  ArmsProtectiveFactor,
  ArmsRiskFactor,
  FactorAssessment,
  FactorRating,
} from './arms-factors.ts'
export { DEFAULT_ARMS_LEVEL_SETTINGS, armsRiskLevel } from './arms-level.ts'
export type { ArmsLevelInput, ArmsLevelResult, ArmsLevelSettings, ProfessionalJudgement } from './arms-level.ts'
export { assessmentStatus } from './assessment.ts'
export type { ArmsAssessment, AssessmentStatus, Countersignature } from './assessment.ts'
export { countersign, countersignRefusal } from './countersign.ts'
export type { CountersignRefusal, Countersigner } from './countersign.ts'
export { openActionsFor, overduePlanActions } from './plan.ts'
export type { PlanAction, RiskManagementPlan } from './plan.ts'
export { RM2000_ELIGIBILITY_2007, latestStaticScore, rm2000Ineligibility } from './static-tools.ts'
export type { Rm2000Candidate, Rm2000EligibilityRules, StaticRiskScore } from './static-tools.ts'
export { RM2000S_AGGRAVATING_FACTORS, RM2000S_DEFAULT_TABLE, Rm2000TableError, scoreRm2000s } from './rm2000.ts'
export type {
  CategoryBand,
  PointBand,
  Rm2000sAggravatingFactor,
  Rm2000sInput,
  Rm2000sResult,
  Rm2000sTable,
} from './rm2000.ts'
export { DEFAULT_REVIEW_SETTINGS, REVIEW_TRIGGER_EVENTS, riskReviewDue } from './review.ts'
export type {
  AssessmentRecord,
  CircumstanceEvent,
  ReviewDue,
  ReviewDueInput,
  ReviewSettings,
  ReviewTriggerEvent,
} from './review.ts'
export { TRIGGER_EVENT_KINDS, circumstanceEventsFrom, reviewTriggerFor } from './triggerKinds.ts'
export { countersignOutcome } from './countersignOutcome.ts'
export type { CountersignOutcome } from './countersignOutcome.ts'
export { armsAssessmentSchema, staticScoreSchema } from './schemas.ts'
export type { ArmsAssessmentInput } from './schemas.ts'
export { fieldErrorsFrom, parseOrThrow, plainDateField, requiredText } from './validation.ts'
export type { DateMessages } from './validation.ts'
