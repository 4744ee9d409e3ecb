/**
 * UK postcodes: "outward inward", e.g. "M14 5AB". The outward code is an area (1–2 letters) and a
 * district (a digit, then an optional digit or letter); the inward code is a digit and two letters
 * (never C, I, K, M, O or V). Officers type them in any case and spacing, so we normalise first.
 */
const POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][ABD-HJLNP-UW-Z]{2})$/

export function normalisePostcode(input: string): string | null {
  const compact = input.toUpperCase().replace(/\s+/g, '')
  const match = POSTCODE.exec(compact)
  if (!match) return null
  return `${match[1]} ${match[2]}`
}

export function outwardCode(postcode: string): string {
  return postcode.split(' ')[0] ?? postcode
}

/** "M14 5" — the sector, used by matching and by the seed generator. */
export function postcodeSector(postcode: string): string {
  const [outward, inward] = postcode.split(' ')
  return `${outward} ${inward?.[0] ?? ''}`
}
