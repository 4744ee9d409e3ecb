/**
 * Police National Computer ID: two-digit year, a slash, up to seven digits, a check letter
 * (e.g. "19/123456X"). The check letter is computed from the year and serial number — a typo in
 * either is caught before it creates a new nominal.
 */
const PNC = /^(\d{2})\/(\d{1,7})([A-Z])$/
const PNC_CHECK_LETTERS = 'ZABCDEFGHJKLMNPQRTUVWXY'

export function pncCheckLetter(year: string, serial: string): string {
  const n = Number(`${year}${serial.padStart(7, '0')}`)
  return PNC_CHECK_LETTERS[n % 23] ?? 'Z'
}

export function normalisePncId(input: string): string | null {
  const compact = input.toUpperCase().replace(/\s+/g, '')
  const m = PNC.exec(compact)
  if (!m || !m[1] || !m[2] || !m[3]) return null
  const serial = m[2].padStart(7, '0')
  if (pncCheckLetter(m[1], serial) !== m[3]) return null
  return `${m[1]}/${serial}${m[3]}`
}

/**
 * National Insurance number: two prefix letters (not D, F, I, Q, U, V; second not O; some pairs
 * never issued), six digits, suffix A–D. HMRC's published format rules.
 */
const NINO = /^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/

export function normaliseNiNumber(input: string): string | null {
  const compact = input.toUpperCase().replace(/\s+/g, '')
  return NINO.test(compact) ? compact : null
}
