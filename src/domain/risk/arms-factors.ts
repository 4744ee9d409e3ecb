/**
 * ARMS (Active Risk Management System): 7 risk indicators and 4 protective factors.
 * Names are those listed in DOMAIN.md §1.2 (ATSA blog; CSA Centre ARMS guide) [V].
 */
export const ARMS_RISK_FACTORS = [
  'opportunity to offend',
  'sexual preoccupation',
  'offence-related sexual interest',
  'emotional congruence',
  'hostile orientation',
  'poor self-management',
  'negative associates',
] as const

export const ARMS_PROTECTIVE_FACTORS = [
  'positive routine',
  'social investment',
  'commitment to desist',
  'intimate relationship',
] as const

export type ArmsRiskFactor = (typeof ARMS_RISK_FACTORS)[number]
export type ArmsProtectiveFactor = (typeof ARMS_PROTECTIVE_FACTORS)[number]
export type ArmsFactor = ArmsRiskFactor | ArmsProtectiveFactor

/**
 * The rating scale is not in the public sources (the ARMS manual is police-restricted), so Vigil uses a
 * three-point presence scale that maps onto points 0/1/2. Confirm against the GMP SOMU SOP [U].
 */
export const FACTOR_RATINGS = ['not present', 'partly present', 'present'] as const
export type FactorRating = (typeof FACTOR_RATINGS)[number]

export const RATING_POINTS: Readonly<Record<FactorRating, number>> = {
  'not present': 0,
  'partly present': 1,
  present: 2,
}

/** One rated factor. Evidence notes are what a countersigning supervisor reads to agree the rating. */
export interface FactorAssessment {
  rating: FactorRating
  evidence: string
}

export type ArmsRiskRatings = Readonly<Record<ArmsRiskFactor, FactorAssessment>>
export type ArmsProtectiveRatings = Readonly<Record<ArmsProtectiveFactor, FactorAssessment>>

export interface ArmsFactors {
  risk: ArmsRiskRatings
  protective: ArmsProtectiveRatings
}

export function riskFactorTotal(factors: ArmsFactors): number {
  return ARMS_RISK_FACTORS.reduce((sum, f) => sum + RATING_POINTS[factors.risk[f].rating], 0)
}

export function protectiveFactorTotal(factors: ArmsFactors): number {
  return ARMS_PROTECTIVE_FACTORS.reduce((sum, f) => sum + RATING_POINTS[factors.protective[f].rating], 0)
}

/** Factors rated anything other than "not present" but with no evidence recorded. */
export function factorsMissingEvidence(factors: ArmsFactors): ArmsFactor[] {
  const risk = ARMS_RISK_FACTORS.filter(f => needsEvidence(factors.risk[f]))
  const protective = ARMS_PROTECTIVE_FACTORS.filter(f => needsEvidence(factors.protective[f]))
  return [...risk, ...protective]
}

function needsEvidence(assessment: FactorAssessment): boolean {
  return assessment.rating !== 'not present' && assessment.evidence.trim() === ''
}
