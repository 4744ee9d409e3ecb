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

/**
 * The years any date in the register can fall in (births, convictions, notifications, travel). Outside them a date
 * is a typing slip, and some (year 0000) cannot even be stored: PostgreSQL has no year 0.
 */
export const EARLIEST_YEAR = 1900
export const LATEST_YEAR = 2199

/** 'YYYY-MM-DD', rejecting impossible dates such as 31 February rather than rolling them over. */
export function parseIsoDate(
  label: string,
  value: string,
): { ok: true; date: Temporal.PlainDate } | { ok: false; message: string } {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value))
    return { ok: false, message: `${label} must be a real date in the format YYYY-MM-DD` }
  let date: Temporal.PlainDate
  try {
    date = Temporal.PlainDate.from(value, { overflow: 'reject' })
  } catch {
    return { ok: false, message: `${label} must be a real date` }
  }
  if (date.year < EARLIEST_YEAR || date.year > LATEST_YEAR)
    return { ok: false, message: `${label} must be a real date between ${EARLIEST_YEAR} and ${LATEST_YEAR}` }
  return { ok: true, date }
}
