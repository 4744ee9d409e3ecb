/**
 * The four risk levels used by ARMS, the static tools (RM2000 categories) and the visit plan.
 * Ordered lowest first so comparisons are index comparisons (DOMAIN.md §1.2).
 */
export const RISK_LEVELS = ['low', 'medium', 'high', 'very high'] as const

export type RiskLevel = (typeof RISK_LEVELS)[number]

export function riskRank(level: RiskLevel): number {
  return RISK_LEVELS.indexOf(level)
}

/** Negative when a is lower than b, zero when equal, positive when higher. */
export function compareRiskLevels(a: RiskLevel, b: RiskLevel): number {
  return riskRank(a) - riskRank(b)
}

/** Moves a level up (positive steps) or down (negative), stopping at "low" and "very high". */
export function shiftRiskLevel(level: RiskLevel, steps: number): RiskLevel {
  const index = Math.min(RISK_LEVELS.length - 1, Math.max(0, riskRank(level) + steps))
  return RISK_LEVELS[index] ?? level
}

export function isRiskLevel(value: unknown): value is RiskLevel {
  return typeof value === 'string' && (RISK_LEVELS as readonly string[]).includes(value)
}

/** How a level is stored (subject.risk_level, arms_assessment.level): the same words, with an underscore. */
export type RiskLevelCode = 'low' | 'medium' | 'high' | 'very_high'

/** A stored level code as the domain's level; anything else (null, an unknown code) is no level. */
export function riskLevelFromCode(code: string | null | undefined): RiskLevel | undefined {
  if (code === 'very_high') return 'very high'
  return isRiskLevel(code) ? code : undefined
}

export function riskLevelCode(level: RiskLevel): RiskLevelCode {
  return level === 'very high' ? 'very_high' : level
}

/** The level as a person reads it ("Very high"), from either spelling. */
export function riskLevelLabel(level: string | null | undefined): string {
  if (!level) return 'Not assessed'
  const known = riskLevelFromCode(level)
  return known ? known.charAt(0).toUpperCase() + known.slice(1) : level
}
