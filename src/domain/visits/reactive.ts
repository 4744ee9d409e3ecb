import { Temporal } from 'temporal-polyfill'
import { riskLevelLabel, type CircumstanceEvent, type RiskLevel } from '../risk/index.ts'

/**
 * Reactive management: long-standing low-risk RSOs who have not come to police notice recently get no scheduled
 * home visits, are monitored remotely and still attend the annual notification (HMICFRS glossary) [V].
 * The entry criteria are not published [U] except PA's "assessed as low risk for at least three years" [P],
 * so all of them are settings.
 */
export interface ReactiveManagementSettings {
  minYearsAtLowRisk: number
  /** No review-trigger event (arrest, breach, intelligence, …) within this many years [U]. */
  noPoliceNoticeForYears: number
  /** Subjects managed above this MAPPA level are never reactive [U]. */
  maxMappaLevel: 1 | 2 | 3
}

export const DEFAULT_REACTIVE_SETTINGS: ReactiveManagementSettings = {
  minYearsAtLowRisk: 3,
  noPoliceNoticeForYears: 3,
  maxMappaLevel: 1,
}

export interface RiskLevelPeriod {
  level: RiskLevel
  from: Temporal.PlainDate
}

export interface ReactiveEligibilityInput {
  /** Every risk level the subject has held, each from its start date (order does not matter). */
  riskHistory: readonly RiskLevelPeriod[]
  events: readonly CircumstanceEvent[]
  mappaLevel?: 1 | 2 | 3
}

export interface ReactiveEligibility {
  eligible: boolean
  /** The criteria not met, written for the officer ("Low risk for less than 3 years"). */
  unmet: string[]
}

export function reactiveManagementEligibility(
  input: ReactiveEligibilityInput,
  today: Temporal.PlainDate,
  settings: ReactiveManagementSettings = DEFAULT_REACTIVE_SETTINGS,
): ReactiveEligibility {
  const unmet: string[] = []
  const lowSince = continuouslyLowSince(input.riskHistory, today)
  const needLowFrom = today.subtract({ years: settings.minYearsAtLowRisk })
  if (lowSince === undefined) unmet.push('Not currently low risk')
  else if (Temporal.PlainDate.compare(lowSince, needLowFrom) > 0) {
    unmet.push(`Low risk for less than ${settings.minYearsAtLowRisk} years`)
  }
  const quietFrom = today.subtract({ years: settings.noPoliceNoticeForYears })
  if (input.events.some(e => Temporal.PlainDate.compare(e.occurredOn, quietFrom) > 0)) {
    unmet.push(`Came to police notice in the last ${settings.noPoliceNoticeForYears} years`)
  }
  if (input.mappaLevel !== undefined && input.mappaLevel > settings.maxMappaLevel) {
    unmet.push(`Managed at MAPPA level ${input.mappaLevel}`)
  }
  return { eligible: unmet.length === 0, unmet }
}

/** The start of the current unbroken run of "low", or undefined if the current level is not low. */
function continuouslyLowSince(
  history: readonly RiskLevelPeriod[],
  today: Temporal.PlainDate,
): Temporal.PlainDate | undefined {
  const periods = history
    .filter(p => Temporal.PlainDate.compare(p.from, today) <= 0)
    .sort((a, b) => Temporal.PlainDate.compare(a.from, b.from))
  let since: Temporal.PlainDate | undefined
  for (const p of periods) {
    if (p.level !== 'low') since = undefined
    else if (since === undefined) since = p.from
  }
  return since
}

/**
 * Why reactive management has ended, or undefined if it continues. "Any intelligence or changes to their
 * circumstances should lead to a review of their risk assessment … home visits reintroduced" [V].
 */
export function reactiveManagementEnd(
  enteredOn: Temporal.PlainDate,
  currentLevel: RiskLevel,
  events: readonly CircumstanceEvent[],
): string | undefined {
  if (currentLevel !== 'low') return `Risk level is now ${riskLevelLabel(currentLevel).toLowerCase()}`
  const first = [...events]
    .filter(e => Temporal.PlainDate.compare(e.occurredOn, enteredOn) >= 0)
    .sort((a, b) => Temporal.PlainDate.compare(a.occurredOn, b.occurredOn))[0]
  return first ? `${capitalise(first.type)} on ${first.occurredOn.toString()}` : undefined
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
