// Test-only builders for ARMS factors; not exported from index.ts.
import { ARMS_PROTECTIVE_FACTORS, ARMS_RISK_FACTORS } from './arms-factors.ts'
import type { ArmsFactors, ArmsProtectiveRatings, ArmsRiskRatings, FactorRating } from './arms-factors.ts'

export function factorsWith(riskRatings: FactorRating[] = [], protectiveRatings: FactorRating[] = []): ArmsFactors {
  const risk = Object.fromEntries(
    ARMS_RISK_FACTORS.map((f, i) => [f, rated(riskRatings[i] ?? 'not present')]),
  ) as unknown as ArmsRiskRatings
  const protective = Object.fromEntries(
    ARMS_PROTECTIVE_FACTORS.map((f, i) => [f, rated(protectiveRatings[i] ?? 'not present')]),
  ) as unknown as ArmsProtectiveRatings
  return { risk, protective }
}

function rated(rating: FactorRating) {
  return { rating, evidence: rating === 'not present' ? '' : 'Seen at home visit' }
}
