/**
 * Cleaning applied before any comparison, so "  O'Brien " and "obrien" are the same surname and "sw1a 1aa" the same
 * postcode as "SW1A1AA". Every function returns '' for a missing value.
 */
export function normaliseText(raw: string | undefined): string {
  if (raw === undefined) return ''
  return raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

/** Names lose spaces, hyphens and apostrophes too: "Mc Donald", "McDonald" and "Mc-Donald" are one spelling. */
export function normaliseName(raw: string | undefined): string {
  return normaliseText(raw).replace(/ /g, '')
}

export function normalisePostcode(raw: string | undefined): string {
  return normaliseText(raw).replace(/ /g, '').toUpperCase()
}

export function normaliseEmail(raw: string | undefined): string {
  return (raw ?? '').trim().toLowerCase()
}

/** UK numbers are compared on their national significant digits: +44 7700 900123 and 07700900123 agree. */
export function normalisePhone(raw: string | undefined): string {
  const digits = (raw ?? '').replace(/\D+/g, '')
  if (digits.startsWith('44') && digits.length >= 11) return digits.slice(2)
  if (digits.startsWith('0')) return digits.slice(1)
  return digits
}

export function normaliseGender(raw: string | undefined): string {
  const text = normaliseText(raw)
  if (text === 'm' || text === 'male' || text === 'man') return 'm'
  if (text === 'f' || text === 'female' || text === 'woman') return 'f'
  return text
}

const addressAbbreviations: Readonly<Record<string, string>> = {
  st: 'street',
  rd: 'road',
  ave: 'avenue',
  av: 'avenue',
  ln: 'lane',
  cl: 'close',
  cres: 'crescent',
  ct: 'court',
  dr: 'drive',
  gdns: 'gardens',
  gr: 'grove',
  pl: 'place',
  sq: 'square',
  ter: 'terrace',
  terr: 'terrace',
  flt: 'flat',
}

/** Addresses expand common abbreviations so "12 High St" and "12 high street" agree exactly. */
export function normaliseAddress(raw: string | undefined): string {
  const text = normaliseText(raw)
  if (text === '') return ''
  return text
    .split(' ')
    .map(word => addressAbbreviations[word] ?? word)
    .join(' ')
}
