import { normaliseText } from './normalise.ts'

/**
 * System-issued identifiers (PNC ID, National Insurance number, CRO number) are the strongest evidence there is, both
 * ways: the same value is the same person, two different values are two people. That only holds for a value that was
 * copied correctly, so each known scheme is checked as it is read:
 * - PNC ID, YYYY/NNNNNNNA or YY/NNNNNNNA: the letter is a check character over the two-digit year and the serial
 *   ((YY·10⁷ + serial) mod 23 into "ZABCDEFGHJKLMNPQRTUVWXY"), so nearly every hand-typing slip fails it;
 * - NI number: two prefix letters from the allowed set, six digits, suffix A–D; the prefixes never issued (BG, GB, KN,
 *   NK, NT, TN, ZZ) and the administrative QQ and TN numbers are placeholders, so they read as missing;
 * - CRO number, NNNNNN/YYA or SF YY/NNNNNNA: the shape only.
 * A value of a known shape that fails its check is kept, marked with a leading "?": it still counts as weak evidence
 * (a near miss is probably a typo) but it can never stop a merge. A value of no known shape is taken as it is (an
 * identifier scheme the matcher does not know), which is what `identifier` meant before these checks.
 */
export const failedCheckMark = '?'

const pncCheckLetters = 'ZABCDEFGHJKLMNPQRTUVWXY'

export function pncCheckLetter(twoDigitYear: number, serial: number): string {
  return pncCheckLetters[(twoDigitYear * 10_000_000 + serial) % 23] as string
}

const pncShape = /^(\d{4}|\d{2})(\d{1,7})([A-Z])$/
const niShape = /^([A-Z]{2})(\d{6})([A-D]?)$/
const niValidPrefix = /^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]$/
const niPlaceholderPrefixes = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ', 'QQ'])
const croShape = /^(\d{1,6})(\d{2})([A-Z])$/
const croSfShape = /^SF(\d{2})(\d{1,6})([A-Z])$/

/** The cleaned identifier: '' when missing or a placeholder, "?…" when it fails its scheme's check. */
export function readIdentifier(raw: string | undefined): string {
  const text = normaliseText(raw).replace(/ /g, '').toUpperCase()
  if (text === '') return ''
  const slashFree = (raw ?? '').toUpperCase().replace(/[^A-Z0-9/]/g, '')
  const pnc = readPnc(slashFree)
  if (pnc !== undefined) return pnc
  const sf = croSfShape.exec(text)
  if (sf !== null) return `CRO SF${sf[1]}/${(sf[2] as string).padStart(6, '0')}${sf[3]}`
  const ni = niShape.exec(text)
  if (ni !== null) {
    const prefix = ni[1] as string
    if (niPlaceholderPrefixes.has(prefix) || /^0+$/.test(ni[2] as string)) return ''
    // The suffix letter is often left off and carries nothing the digits do not, so it is dropped.
    const value = `NI ${prefix}${ni[2]}`
    return niValidPrefix.test(prefix) ? value : failedCheckMark + value
  }
  if (slashFree.includes('/')) {
    const cro = croShape.exec(text)
    const [serial, year] = slashFree.split('/')
    if (
      cro !== null &&
      serial !== undefined &&
      year !== undefined &&
      /^\d{1,6}$/.test(serial) &&
      /^\d{2}[A-Z]$/.test(year)
    )
      return `CRO ${serial.padStart(6, '0')}/${year}`
  }
  return text
}

/**
 * PNC IDs are written with a slash after the year: 2003/0012345C, 03/12345C. Without the slash a four-digit year is
 * recognised only when the number has the full seven-digit serial.
 */
function readPnc(text: string): string | undefined {
  const parts = text.split('/')
  let year: string
  let serial: string
  let letter: string
  if (parts.length === 2) {
    const [y, rest] = parts as [string, string]
    const tail = /^(\d{1,7})([A-Z])$/.exec(rest)
    if (!/^(\d{2}|\d{4})$/.test(y) || tail === null) return undefined
    year = y.slice(-2)
    serial = tail[1] as string
    letter = tail[2] as string
  } else if (parts.length === 1) {
    const whole = pncShape.exec(text)
    if (whole === null || text.length < 10) return undefined
    const long = text.length === 12
    year = long ? text.slice(2, 4) : text.slice(0, 2)
    serial = text.slice(long ? 4 : 2, -1)
    letter = text.slice(-1)
    if (serial.length > 7) return undefined
  } else return undefined
  const canonical = `PNC ${year}/${serial.padStart(7, '0')}${letter}`
  const valid = pncCheckLetter(Number(year), Number(serial)) === letter
  return valid ? canonical : failedCheckMark + canonical
}

export function passesCheck(value: string): boolean {
  return value !== '' && !value.startsWith(failedCheckMark)
}
