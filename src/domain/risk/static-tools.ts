import { Temporal } from 'temporal-polyfill'
import type { RiskLevel } from './levels.ts'

/**
 * Static actuarial tools are stored generically (DOMAIN.md §1.2): RM2000/S, /V, /C today, OSP increasingly
 * from 2020 [U]. The guide version is kept with every score because the 2024 international RM2000 guide
 * differs from the 2007 England and Wales guide [V].
 */
export interface StaticRiskScore {
  tool: string
  version: string
  score: number
  /** Every tool Vigil records reports the same four categories as RM2000. */
  category: RiskLevel
  assessedOn: Temporal.PlainDate
}

/** The most recent score, optionally for one tool. Ties on date keep the later entry (the last recorded). */
export function latestStaticScore(scores: readonly StaticRiskScore[], tool?: string): StaticRiskScore | undefined {
  let latest: StaticRiskScore | undefined
  for (const s of scores) {
    if (tool !== undefined && s.tool !== tool) continue
    if (latest === undefined || Temporal.PlainDate.compare(s.assessedOn, latest.assessedOn) >= 0) latest = s
  }
  return latest
}

export interface Rm2000Candidate {
  /** Suspects (RASSO/OCAIT) are "alleged offenders", which the publisher says RM2000 is not for [V]. */
  convicted: boolean
  sex: 'male' | 'female' | 'unknown'
  dateOfBirth: Temporal.PlainDate
  /** Age when the index sexual offence was committed. */
  ageAtIndexOffence: number
}

export interface Rm2000EligibilityRules {
  minimumAge: number
  /** 2007 E&W guide: offence "after the age of 16"; 2024 international guide: 17 or older [V]. */
  minimumAgeAtIndexOffence: number
}

export const RM2000_ELIGIBILITY_2007: Rm2000EligibilityRules = { minimumAge: 18, minimumAgeAtIndexOffence: 16 }

/** Reasons RM2000 must not be offered for this person; an empty list means it may be used. */
export function rm2000Ineligibility(
  candidate: Rm2000Candidate,
  today: Temporal.PlainDate,
  rules: Rm2000EligibilityRules = RM2000_ELIGIBILITY_2007,
): string[] {
  const reasons: string[] = []
  if (!candidate.convicted) reasons.push('RM2000 is not for use with alleged offenders')
  if (candidate.sex !== 'male') reasons.push('RM2000 is validated for males only')
  const age = candidate.dateOfBirth.until(today, { largestUnit: 'years' }).years
  if (age < rules.minimumAge) reasons.push(`RM2000 is for people aged ${rules.minimumAge} or over`)
  if (candidate.ageAtIndexOffence < rules.minimumAgeAtIndexOffence) {
    reasons.push(`RM2000 is for sexual offences committed at age ${rules.minimumAgeAtIndexOffence} or over`)
  }
  return reasons
}
