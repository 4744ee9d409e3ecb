import { Temporal } from 'temporal-polyfill'
import { DEFAULT_TIME_BAND_STARTS, timeBandOf, weekdayOf } from './time-bands.ts'
import type { TimeBand, TimeBandStarts, Weekday } from './time-bands.ts'
import type { Visit } from './visit.ts'

export interface VisitPatternSettings {
  /** How many of the most recent visits (attempts included: the subject still learns the pattern) to look at. */
  recentVisits: number
  /** Warn when at least this many of them share a weekday and time band. */
  sameSlotThreshold: number
  /** Warn when none of this many recent visits was in the evening. 0 turns the warning off. */
  eveningWithinLast: number
  timeBands: TimeBandStarts
}

/** Vigil's own defaults (guidance gives no numbers): 2 of the last 3 on the same slot is already a pattern. */
export const DEFAULT_VISIT_PATTERN_SETTINGS: VisitPatternSettings = {
  recentVisits: 3,
  sameSlotThreshold: 2,
  eveningWithinLast: 4,
  timeBands: DEFAULT_TIME_BAND_STARTS,
}

export type VisitPatternWarning =
  | { code: 'same slot'; weekday: Weekday; band: TimeBand; count: number; message: string }
  | { code: 'no evening visits'; count: number; message: string }

/**
 * Warnings that recent visits are predictable. Pass the recorded visits, plus a proposed one to check a plan
 * before it is made.
 */
export function visitPatternWarnings(
  visits: readonly Pick<Visit, 'at'>[],
  settings: VisitPatternSettings = DEFAULT_VISIT_PATTERN_SETTINGS,
): VisitPatternWarning[] {
  const latestFirst = [...visits].sort((a, b) => Temporal.ZonedDateTime.compare(b.at, a.at))
  const warnings: VisitPatternWarning[] = []
  const recent = latestFirst.slice(0, settings.recentVisits)
  const slots = new Map<string, { weekday: Weekday; band: TimeBand; count: number }>()
  for (const v of recent) {
    const weekday = weekdayOf(v.at)
    const band = timeBandOf(v.at, settings.timeBands)
    const key = `${weekday} ${band}`
    const slot = slots.get(key) ?? { weekday, band, count: 0 }
    slot.count++
    slots.set(key, slot)
  }
  for (const slot of slots.values()) {
    if (slot.count >= settings.sameSlotThreshold) {
      warnings.push({
        code: 'same slot',
        ...slot,
        message: `${slot.count} of the last ${recent.length} visits were on a ${slot.weekday} ${slot.band}. Vary the day and time.`,
      })
    }
  }
  const window = latestFirst.slice(0, settings.eveningWithinLast)
  if (settings.eveningWithinLast > 0 && window.length >= settings.eveningWithinLast) {
    if (!window.some(v => timeBandOf(v.at, settings.timeBands) === 'evening')) {
      warnings.push({
        code: 'no evening visits',
        count: window.length,
        message: `None of the last ${window.length} visits was in the evening. Guidance says to include evenings.`,
      })
    }
  }
  return warnings
}
