import { Temporal } from 'temporal-polyfill'

/**
 * Governance age bands for anything overdue (visits, risk assessments, periodic notifications), as issue 5 asks:
 * 1–7, 8–28, 29–90 and over 90 days overdue.
 */
export const OVERDUE_AGE_BANDS = ['1–7 days', '8–28 days', '29–90 days', 'over 90 days'] as const
export type OverdueAgeBand = (typeof OVERDUE_AGE_BANDS)[number]

/** The "due soon" windows on the dashboards. */
export const DUE_SOON_WINDOWS = [14, 28] as const

/** Whole days past the due date; 0 when due today or later (a thing due today is not yet overdue). */
export function daysOverdue(dueOn: Temporal.PlainDate, today: Temporal.PlainDate): number {
  return Math.max(0, dueOn.until(today, { largestUnit: 'days' }).days)
}

export function overdueAgeBand(days: number): OverdueAgeBand | undefined {
  if (days < 1) return undefined
  if (days <= 7) return '1–7 days'
  if (days <= 28) return '8–28 days'
  if (days <= 90) return '29–90 days'
  return 'over 90 days'
}

export type DueStatus =
  | { state: 'overdue'; daysOverdue: number; band: OverdueAgeBand }
  /** Due today or within the window: "due in the next 14 days" includes today and today + 14. */
  | { state: 'due soon'; daysUntilDue: number; withinDays: number }
  | { state: 'not due'; daysUntilDue: number }

/** Where a due date sits for the dashboards; `withinDays` is the smallest window that contains it. */
export function dueStatus(
  dueOn: Temporal.PlainDate,
  today: Temporal.PlainDate,
  windows: readonly number[] = DUE_SOON_WINDOWS,
): DueStatus {
  const overdue = daysOverdue(dueOn, today)
  const band = overdueAgeBand(overdue)
  if (band) return { state: 'overdue', daysOverdue: overdue, band }
  const daysUntilDue = today.until(dueOn, { largestUnit: 'days' }).days
  const window = [...windows].sort((a, b) => a - b).find(w => daysUntilDue <= w)
  return window === undefined
    ? { state: 'not due', daysUntilDue }
    : { state: 'due soon', daysUntilDue, withinDays: window }
}

/** True when the due date falls in the next `days` days, today included (the nested 14- and 28-day counts). */
export function isDueWithin(dueOn: Temporal.PlainDate, today: Temporal.PlainDate, days: number): boolean {
  const until = today.until(dueOn, { largestUnit: 'days' }).days
  return until >= 0 && until <= days
}
