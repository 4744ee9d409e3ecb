import { protectiveFactorTotal, riskFactorTotal } from './arms-factors.ts'
import type { ArmsFactors } from './arms-factors.ts'
import { riskLevelLabel, shiftRiskLevel } from './levels.ts'
import type { RiskLevel } from './levels.ts'

/**
 * How ARMS turns ratings into a priority for work. DOMAIN.md §1.2 says only that ARMS "produces a priority
 * for work / level of risk" from dynamic risk and protective factors, with the static tool as the
 * starting point [V]; the combination rules are police-restricted [U], so every threshold is a setting.
 */
export interface ArmsLevelSettings {
  /** With no static score: risk-indicator total (0–14) → level. The highest band whose min is met wins. */
  dynamicOnlyBands: { minRiskTotal: number; level: RiskLevel }[]
  /** Raise the static category one level when the risk-indicator total is at least this. */
  raiseWhenRiskTotalAtLeast: number
  /** Lower the static category one level when protective total (0–8) is at least this… */
  lowerWhenProtectiveTotalAtLeast: number
  /** …and the risk-indicator total is at most this (strong protection never offsets active risk). */
  lowerOnlyWhenRiskTotalAtMost: number
}

/** UNVERIFIED defaults [U]: placeholders until the GMP SOMU SOP gives the real ARMS matrix. */
export const DEFAULT_ARMS_LEVEL_SETTINGS: ArmsLevelSettings = {
  dynamicOnlyBands: [
    { minRiskTotal: 0, level: 'low' },
    { minRiskTotal: 4, level: 'medium' },
    { minRiskTotal: 8, level: 'high' },
    { minRiskTotal: 11, level: 'very_high' },
  ],
  raiseWhenRiskTotalAtLeast: 8,
  lowerWhenProtectiveTotalAtLeast: 6,
  lowerOnlyWhenRiskTotalAtMost: 3,
}

export interface ProfessionalJudgement {
  level: RiskLevel
  reason: string
}

export interface ArmsLevelInput {
  factors: ArmsFactors
  /** The category of the latest static tool score (e.g. RM2000/S), if one applies to this person. */
  staticCategory?: RiskLevel
  /** The assessor's judgement "on the totality of information" (CFCP note on RM2000) [V], with a reason. */
  professionalJudgement?: ProfessionalJudgement
}

export interface ArmsLevelResult {
  level: RiskLevel
  /** What the rules alone give; differs from `level` only when professional judgement was applied. */
  derivedLevel: RiskLevel
  riskTotal: number
  protectiveTotal: number
  explanation: string[]
}

export function armsRiskLevel(
  input: ArmsLevelInput,
  settings: ArmsLevelSettings = DEFAULT_ARMS_LEVEL_SETTINGS,
): ArmsLevelResult {
  const riskTotal = riskFactorTotal(input.factors)
  const protectiveTotal = protectiveFactorTotal(input.factors)
  const explanation: string[] = []
  let derived: RiskLevel
  if (input.staticCategory === undefined) {
    derived = dynamicOnlyLevel(riskTotal, settings)
    explanation.push(`No static score: risk indicators total ${riskTotal} gives ${said(derived)}`)
  } else {
    derived = input.staticCategory
    explanation.push(`Static category ${said(derived)}`)
    if (riskTotal >= settings.raiseWhenRiskTotalAtLeast) {
      derived = shiftRiskLevel(derived, 1)
      explanation.push(`raised to ${said(derived)}: risk indicators total ${riskTotal}`)
    } else if (
      protectiveTotal >= settings.lowerWhenProtectiveTotalAtLeast &&
      riskTotal <= settings.lowerOnlyWhenRiskTotalAtMost
    ) {
      derived = shiftRiskLevel(derived, -1)
      explanation.push(`lowered to ${said(derived)}: protective factors total ${protectiveTotal}`)
    }
  }
  const judgement = input.professionalJudgement
  if (judgement && judgement.level !== derived) {
    explanation.push(`professional judgement sets ${said(judgement.level)}: ${judgement.reason}`)
  }
  return { level: judgement?.level ?? derived, derivedLevel: derived, riskTotal, protectiveTotal, explanation }
}

function dynamicOnlyLevel(riskTotal: number, settings: ArmsLevelSettings): RiskLevel {
  let level: RiskLevel = 'low'
  let best = -Infinity
  for (const band of settings.dynamicOnlyBands) {
    if (riskTotal >= band.minRiskTotal && band.minRiskTotal > best) {
      best = band.minRiskTotal
      level = band.level
    }
  }
  return level
}

/** A level as it reads in a sentence ("very high"). */
function said(level: RiskLevel): string {
  return riskLevelLabel(level).toLowerCase()
}
