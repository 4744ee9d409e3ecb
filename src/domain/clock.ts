import { Temporal } from 'temporal-polyfill'

/** The force's legal time zone: statutory days ("the period of 3 days beginning with…") are London days. */
export const LONDON = 'Europe/London'

/**
 * The only source of "now" in Vigil. Production wires `systemClock`; tests pass their own clock,
 * so no rule ever reads the machine's time directly.
 */
export interface Clock {
  now(): Temporal.Instant
}

export const systemClock: Clock = {
  now: () => Temporal.Now.instant(),
}

/** Today's date in London, which is what every due date and deadline is measured against. */
export function todayIn(clock: Clock, timeZone: string = LONDON): Temporal.PlainDate {
  return clock.now().toZonedDateTimeISO(timeZone).toPlainDate()
}

export function nowDate(clock: Clock): Date {
  return new Date(clock.now().epochMilliseconds)
}
