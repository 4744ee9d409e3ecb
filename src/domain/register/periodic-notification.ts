import type { Temporal } from 'temporal-polyfill'
import { anniversary } from './dates.ts'
import type { DisregardedPeriod } from './disregarded-periods.ts'
import { firstDayAtLiberty, isDisregarded } from './disregarded-periods.ts'
import type { RegisterSettings } from './settings.ts'
import { DEFAULT_REGISTER_SETTINGS } from './settings.ts'

/** s.85(5)(b): the applicable period is one year unless the offender has no fixed abode. */
export const ANNUAL_PERIOD_MONTHS = 12
/** s.85(3): when the period would end in custody or abroad it continues for 3 days beginning when that ends. */
export const EXTENSION_DAYS = 3

export interface PeriodicDue {
  /** The last day for the next periodic notification; null while still in custody or abroad (s.85(3)). */
  due: Temporal.PlainDate | null
  /** The end of the applicable period before any s.85(3) extension. */
  ordinaryDue: Temporal.PlainDate
  /** True when the ordinary due date fell while in custody, in hospital or abroad (s.85(4)). */
  extended: boolean
}

export interface PeriodicInput {
  /** The last notification under s.83(1), s.84(1) or s.85(1) (s.85(2)). */
  lastNotifiedOn: Temporal.PlainDate
  /** s.85(6): the last home address notified was a place where the offender can regularly be found. */
  noFixedAbode?: boolean
  disregarded?: readonly DisregardedPeriod[]
}

/**
 * s.85(1): the offender must notify again "within the applicable period after" each s.83/s.84/s.85 notification.
 * The period runs from the day after the notification, so it ends on the anniversary: notified 15 March 2020 → due
 * by 15 March 2021 (29 February 2020 → 1 March 2021, see `anniversary`). With no fixed abode the period is
 * `settings.noFixedAbodePeriodDays` (7): notified on the 1st → due by the 8th.
 * s.85(3)–(4): if that day falls while the offender is in custody, detained in hospital or outside the UK, the
 * period continues until the end of the 3 days beginning with the day that first stops being so.
 */
export function periodicNotificationDue(
  input: PeriodicInput,
  settings: RegisterSettings = DEFAULT_REGISTER_SETTINGS,
): PeriodicDue {
  const ordinaryDue = input.noFixedAbode
    ? input.lastNotifiedOn.add({ days: settings.noFixedAbodePeriodDays })
    : anniversary(input.lastNotifiedOn, ANNUAL_PERIOD_MONTHS)
  const disregarded = input.disregarded ?? []
  if (!isDisregarded(ordinaryDue, disregarded)) return { due: ordinaryDue, ordinaryDue, extended: false }
  const free = firstDayAtLiberty(ordinaryDue, disregarded)
  return { due: free?.add({ days: EXTENSION_DAYS - 1 }) ?? null, ordinaryDue, extended: true }
}
