import { Temporal } from 'temporal-polyfill'
import { LONDON } from '../clock.ts'
import type { RiskLevel } from '../risk/index.ts'
import { DEFAULT_VISIT_INTERVALS, effectiveVisitInterval } from './frequency.ts'
import type { VisitFrequencyOverride, VisitInterval, VisitIntervals } from './frequency.ts'
import { isCompletedVisit } from './visit.ts'
import type { Visit } from './visit.ts'

export interface NextVisitSettings {
  intervals: VisitIntervals
  /**
   * A new plan's first visit, to confirm residence (APP home visits: "confirming residence") [V]. The number of
   * days is not published [U]; the first visit is never later than one full interval from the plan start.
   */
  firstVisitWithinDays: number
}

export const DEFAULT_NEXT_VISIT_SETTINGS: NextVisitSettings = {
  intervals: DEFAULT_VISIT_INTERVALS,
  firstVisitWithinDays: 28,
}

export interface NextVisitInput {
  /** When this visit plan started: registration, release or transfer into the force. */
  planStartedOn: Temporal.PlainDate
  level: RiskLevel
  override?: VisitFrequencyOverride
  reactive?: boolean
  visits: readonly Pick<Visit, 'at' | 'outcome'>[]
}

export type NextVisitDue =
  | {
      dueOn: Temporal.PlainDate
      basis: 'last completed visit'
      lastCompletedOn: Temporal.PlainDate
      interval: VisitInterval
    }
  | { dueOn: Temporal.PlainDate; basis: 'first visit'; interval: VisitInterval }
  /** No scheduled visits; the annual notification still applies and is tracked by the register. */
  | { dueOn: null; basis: 'reactive management' }

/**
 * The next visit is due one interval after the last completed ("seen") visit, in London dates. Adding months
 * clamps to the month end (31 January + 1 month = 28 or 29 February), so a due date never spills into the
 * month after. Visits before the plan started belong to an earlier plan and are ignored.
 */
export function nextVisitDue(
  input: NextVisitInput,
  settings: NextVisitSettings = DEFAULT_NEXT_VISIT_SETTINGS,
): NextVisitDue {
  if (input.reactive) return { dueOn: null, basis: 'reactive management' }
  const interval = effectiveVisitInterval(input.level, input.override, settings.intervals)
  const last = lastCompletedVisitOn(input.visits, input.planStartedOn)
  if (last)
    return {
      dueOn: last.add({ months: interval.months }),
      basis: 'last completed visit',
      lastCompletedOn: last,
      interval,
    }
  const byDays = input.planStartedOn.add({ days: settings.firstVisitWithinDays })
  const byInterval = input.planStartedOn.add({ months: interval.months })
  const dueOn = Temporal.PlainDate.compare(byDays, byInterval) <= 0 ? byDays : byInterval
  return { dueOn, basis: 'first visit', interval }
}

/** The London date of the latest "seen" visit on or after the plan start. */
export function lastCompletedVisitOn(
  visits: readonly Pick<Visit, 'at' | 'outcome'>[],
  notBefore?: Temporal.PlainDate,
): Temporal.PlainDate | undefined {
  let latest: Temporal.PlainDate | undefined
  for (const v of visits) {
    if (!isCompletedVisit(v)) continue
    const on = v.at.withTimeZone(LONDON).toPlainDate()
    if (notBefore && Temporal.PlainDate.compare(on, notBefore) < 0) continue
    if (latest === undefined || Temporal.PlainDate.compare(on, latest) > 0) latest = on
  }
  return latest
}
