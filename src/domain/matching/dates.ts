/**
 * Dates of birth as recorded. Accepted shapes are YYYY-MM-DD, YYYYMMDD and DD/MM/YYYY. A value in one of those shapes
 * whose day or month cannot exist (31/02/1980, a month of 95) is kept as `impossible`: it is still evidence, because
 * a keying slip in one digit is exactly what the "one digit different" level is for.
 */
export interface RecordedDate {
  year: number
  month: number
  day: number
  /** Always eight digits, YYYYMMDD, used for digit-level comparison and blocking. */
  digits: string
  impossible: boolean
}

export type DateParse = { ok: true; date: RecordedDate | undefined } | { ok: false }

const isoShape = /^(\d{4})-(\d{2})-(\d{2})$/
const compactShape = /^(\d{4})(\d{2})(\d{2})$/
const britishShape = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/

export function parseRecordedDate(raw: string | undefined): DateParse {
  const text = (raw ?? '').trim()
  if (text === '') return { ok: true, date: undefined }
  let parts: [string, string, string] | undefined
  const iso = isoShape.exec(text) ?? compactShape.exec(text)
  if (iso !== null) parts = [iso[1] as string, iso[2] as string, iso[3] as string]
  const british = britishShape.exec(text)
  if (british !== null) parts = [british[3] as string, british[2] as string, british[1] as string]
  if (parts === undefined) return { ok: false }
  const [year, month, day] = parts.map(Number) as [number, number, number]
  const digits = `${parts[0]}${parts[1].padStart(2, '0')}${parts[2].padStart(2, '0')}`
  return { ok: true, date: { year, month, day, digits, impossible: !isRealDate(year, month, day) } }
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return day <= daysInMonth
}

export const acceptedDateFormats = 'YYYY-MM-DD, YYYYMMDD or DD/MM/YYYY'
