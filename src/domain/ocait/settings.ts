import { RISK_LEVELS, type RiskLevel } from '../risk/levels.ts'

/**
 * Online child abuse referrals (DOMAIN-RASSO.md §4). Every figure below is a setting with its source and status,
 * never a constant in a rule: [V] the cited source says it, [P] only partly (a press summary), [U] no source text.
 * A force changes a value here (or passes overrides) without touching the rules that read it.
 */

/** A KIRAT-style grade: the same four words as every other risk level in Vigil. */
export type ReferralGrade = RiskLevel
export const REFERRAL_GRADES: readonly ReferralGrade[] = RISK_LEVELS

export interface SettingSource {
  status: 'V' | 'P' | 'U'
  source: string
}

export interface OcaitSettings {
  /**
   * Target time to action by grade, in days. KIRAT's output "relates to police enforcement action time" [V]
   * (§4.2, NCA / University of Liverpool slides); HMICFRS 2023 found very-high cases "often dealt with within a day"
   * and high, medium and low missing "recommended timescales of a week, two weeks and 30 days" [P] (press summary).
   */
  targetDays: Readonly<Record<ReferralGrade, number>>
  /**
   * Where the target clock starts. HMICFRS measured delay from when police knew children were at risk (§4.4), so
   * the default is the date the referral was received [U]; 'triaged' starts it at triage instead.
   */
  targetFrom: 'received' | 'triaged'
  /**
   * Untriaged referrals must be triaged within this many hours of receipt [U] (local policy: GMP shares on all
   * cases "at the earliest opportunity", §4.4 and issue 14).
   */
  triageWithinHours: number
  /** A safeguarding referral not acknowledged by the partner after this many hours is chased [U] (local policy). */
  safeguardingChaseHours: number
  /** …and escalated to the officer's supervisors after this many hours [U] (local policy). */
  safeguardingEscalateHours: number
  /**
   * The grades from which a children's social care referral may be made. GMP's answer to HMICFRS was to share on
   * all cases, "not just those assessed to be high risk" (issue 14, §4.4 [P]); default every grade once triaged.
   */
  safeguardingFromGrades: readonly ReferralGrade[]
  /** The warrant power proposed in the pack [P]/[U]: PoCA 1978 s.4 or PACE s.8 (§4.3); a force picks its wording. */
  warrantPower: string
}

export const DEFAULT_OCAIT_SETTINGS: Readonly<OcaitSettings> = Object.freeze({
  targetDays: Object.freeze({ very_high: 1, high: 7, medium: 14, low: 30 }),
  targetFrom: 'received',
  triageWithinHours: 24,
  safeguardingChaseHours: 24,
  safeguardingEscalateHours: 72,
  safeguardingFromGrades: REFERRAL_GRADES,
  warrantPower:
    'Protection of Children Act 1978 s.4 (search and seizure of indecent photographs of children); alternatively PACE 1984 s.8',
})

/** Where each default comes from, for the settings page and the README. */
export const OCAIT_SETTING_SOURCES: Readonly<Record<keyof OcaitSettings, SettingSource>> = {
  targetDays: {
    status: 'P',
    source: 'HMICFRS (5 April 2023) OCSA/E inspection, press summary: within a day, a week, two weeks, 30 days',
  },
  targetFrom: { status: 'U', source: 'Local policy: measured from receipt, as HMICFRS measured delay' },
  triageWithinHours: { status: 'U', source: 'Local policy' },
  safeguardingChaseHours: { status: 'U', source: 'Local policy' },
  safeguardingEscalateHours: { status: 'U', source: 'Local policy' },
  safeguardingFromGrades: {
    status: 'P',
    source: 'GMP response to HMICFRS 2023: share on all cases, not only those assessed high risk',
  },
  warrantPower: { status: 'U', source: 'PoCA 1978 s.4 (original text) and PACE s.8; check the current text' },
}

/** Fills in the defaults for any setting a caller leaves out. */
export const ocaitSettings = (overrides: Partial<OcaitSettings> = {}): OcaitSettings => ({
  ...DEFAULT_OCAIT_SETTINGS,
  ...overrides,
})
