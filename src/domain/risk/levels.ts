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
