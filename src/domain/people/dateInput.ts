import { Temporal } from 'temporal-polyfill'

/**
 * GOV.UK date input: three boxes (day, month, year). The messages follow the Design System's
 * date-input guidance ("Date of birth must include a month", "Date of birth must be a real date").
 */
export function parseDateParts(
  label: string,
  parts: { day?: string; month?: string; year?: string },
): { ok: true; date: Temporal.PlainDate } | { ok: false; message: string } {
  const day = (parts.day ?? '').trim()
  const month = (parts.month ?? '').trim()
  const year = (parts.year ?? '').trim()
  if (!day && !month && !year) return { ok: false, message: `Enter ${label.toLowerCase()}` }
  const missing = [!day && 'a day', !month && 'a month', !year && 'a year'].filter(Boolean) as string[]
  if (missing.length > 0) return { ok: false, message: `${label} must include ${missing.join(' and ')}` }
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return { ok: false, message: `${label} must be a real date` }
  }
  return parseIsoDate(label, `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`)
}

/** 'YYYY-MM-DD', rejecting impossible dates such as 31 February rather than rolling them over. */
export function parseIsoDate(
  label: string,
  value: string,
): { ok: true; date: Temporal.PlainDate } | { ok: false; message: string } {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value))
    return { ok: false, message: `${label} must be a real date in the format YYYY-MM-DD` }
  try {
    return { ok: true, date: Temporal.PlainDate.from(value, { overflow: 'reject' }) }
  } catch {
    return { ok: false, message: `${label} must be a real date` }
  }
}
