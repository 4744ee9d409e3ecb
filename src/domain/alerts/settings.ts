import { z } from 'zod'

/** Alert timings. Escalation delay is a force decision, not statute, so it is a setting. */
export interface AlertSettings {
  /** An unacknowledged high-priority alert escalates to the recipient's supervisor after this many minutes. */
  escalateAfterMinutes: number
  /** How often the app runs the escalation and periodic-overdue sweeps; 0 turns the timer off (tests). */
  sweepIntervalMs: number
  /** SSE keep-alive comment interval, under common proxy idle timeouts (60 s). */
  keepAliveMs: number
  /**
   * Every open stream also re-reads the outbox this often, as a safety net for alerts written without a NOTIFY
   * (code that calls raiseAlert directly instead of raiseAlertInTransaction). 0 turns it off.
   */
  pollMs: number
}

export const DEFAULT_ALERT_SETTINGS: Readonly<AlertSettings> = Object.freeze({
  escalateAfterMinutes: 240,
  sweepIntervalMs: 60_000,
  keepAliveMs: 25_000,
  pollMs: 10_000,
})

const envSchema = z.object({
  ALERT_ESCALATION_MINUTES: z.coerce.number().int().min(1).max(10_080).optional(),
  ALERT_SWEEP_INTERVAL_MS: z.coerce.number().int().min(0).optional(),
  ALERT_POLL_MS: z.coerce.number().int().min(0).optional(),
})

/** Reads ALERT_ESCALATION_MINUTES, ALERT_SWEEP_INTERVAL_MS and ALERT_POLL_MS; test runs default to no sweep timer. */
export function alertSettingsFrom(env: Readonly<Record<string, string | undefined>>): AlertSettings {
  const parsed = envSchema.parse(env)
  return {
    ...DEFAULT_ALERT_SETTINGS,
    escalateAfterMinutes: parsed.ALERT_ESCALATION_MINUTES ?? DEFAULT_ALERT_SETTINGS.escalateAfterMinutes,
    sweepIntervalMs:
      parsed.ALERT_SWEEP_INTERVAL_MS ?? (env.NODE_ENV === 'test' ? 0 : DEFAULT_ALERT_SETTINGS.sweepIntervalMs),
    pollMs: parsed.ALERT_POLL_MS ?? DEFAULT_ALERT_SETTINGS.pollMs,
  }
}
