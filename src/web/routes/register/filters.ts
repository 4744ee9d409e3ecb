import type nunjucks from 'nunjucks'
import { Temporal } from 'temporal-polyfill'
import { LONDON } from '../../../domain/clock.ts'
import { KIND_LABELS, isRecordedKind } from '../../../domain/register/notificationInput.ts'

/** Month names as GOV.UK dates write them; the one list every date filter uses. */
export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

/** "23 November 2026 at 9:30am", London time whatever the server's zone (GOV.UK style). */
export function govukDateTime(value: Date | string | null | undefined): string {
  if (!value) return ''
  const instant = Temporal.Instant.from(typeof value === 'string' ? new Date(value).toISOString() : value.toISOString())
  const t = instant.toZonedDateTimeISO(LONDON)
  const hour = t.hour % 12 === 0 ? 12 : t.hour % 12
  const time =
    t.minute === 0
      ? `${hour}${t.hour < 12 ? 'am' : 'pm'}`
      : `${hour}:${String(t.minute).padStart(2, '0')}${t.hour < 12 ? 'am' : 'pm'}`
  return `${t.day} ${MONTHS[t.month - 1]} ${t.year} at ${time}`
}

const ALERT_KIND_LABELS: Record<string, string> = {
  'address-change': 'Change of home address',
  'other-address': 'Other address',
  'new-name': 'New name',
  'child-association': 'Association with a child',
  'foreign-travel': 'Foreign travel',
  'late-notification': 'Late notification',
  'periodic-overdue': 'Missed periodic notification',
  escalation: 'Escalated alert',
}

/** Filters the register and alert pages use; `mojDate` is the one the MoJ timeline component calls. */
export function addRegisterFilters(env: nunjucks.Environment): void {
  env.addFilter('govukDateTime', govukDateTime)
  env.addFilter('mojDate', (value: Date | string, type?: string) =>
    type === 'datetime' ? govukDateTime(value) : govukDateTime(value).replace(/ at .*$/, ''),
  )
  env.addFilter('alertKindLabel', (kind: string) => ALERT_KIND_LABELS[kind] ?? kind)
  env.addFilter('notificationKindLabel', (kind: string) => (isRecordedKind(kind) ? KIND_LABELS[kind] : kind))
}
