/**
 * The four risk levels used by ARMS, the static tools (RM2000 categories), the visit plan and the register, spelled
 * once: as the database stores them. What a person reads is derived from them (RISK_LEVEL_LABELS).
 * Ordered lowest first so comparisons are index comparisons (DOMAIN.md §1.2).
 */
export const RISK_LEVELS = ['low', 'medium', 'high', 'very_high'] as const

export type RiskLevel = (typeof RISK_LEVELS)[number]

export const RISK_LEVEL_LABELS: Readonly<Record<RiskLevel, string>> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  very_high: 'Very high',
}

export function riskRank(level: RiskLevel): number {
  return RISK_LEVELS.indexOf(level)
}

/** Negative when a is lower than b, zero when equal, positive when higher. */
export function compareRiskLevels(a: RiskLevel, b: RiskLevel): number {
  return riskRank(a) - riskRank(b)
}

/** Moves a level up (positive steps) or down (negative), stopping at low and very high. */
export function shiftRiskLevel(level: RiskLevel, steps: number): RiskLevel {
  const index = Math.min(RISK_LEVELS.length - 1, Math.max(0, riskRank(level) + steps))
  return RISK_LEVELS[index] ?? level
}

export function isRiskLevel(value: unknown): value is RiskLevel {
  return typeof value === 'string' && (RISK_LEVELS as readonly string[]).includes(value)
}

/** A stored or submitted value as a risk level; anything else (null, an unknown word) is no level. */
export function asRiskLevel(value: string | null | undefined): RiskLevel | undefined {
  return isRiskLevel(value) ? value : undefined
}

/** The level as a person reads it ("Very high"); in a sentence, lower-case it. */
export function riskLevelLabel(level: string | null | undefined): string {
  if (!level) return 'Not assessed'
  return isRiskLevel(level) ? RISK_LEVEL_LABELS[level] : level
}
