/**
 * Jaro–Winkler similarity (Winkler 1990): 1 for identical strings, 0 for nothing in common.
 * Written here rather than taken from a fuzzy-search package so its exact behaviour (prefix scale 0.1,
 * prefix capped at 4) is the one Splink and the record-linkage literature quote thresholds for.
 */
const matchedA: Uint8Array = new Uint8Array(256)
const matchedB: Uint8Array = new Uint8Array(256)

export function jaro(a: string, b: string): number {
  if (a === b) return 1
  const la = a.length
  const lb = b.length
  if (la === 0 || lb === 0) return 0
  // Long free text would overflow the scratch buffers; it is compared by other means anyway.
  const flagsA = la <= 256 ? matchedA.fill(0, 0, la) : new Uint8Array(la)
  const flagsB = lb <= 256 ? matchedB.fill(0, 0, lb) : new Uint8Array(lb)
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1)
  let matches = 0
  for (let i = 0; i < la; i++) {
    const from = Math.max(0, i - window)
    const to = Math.min(lb - 1, i + window)
    const ca = a.charCodeAt(i)
    for (let j = from; j <= to; j++) {
      if (flagsB[j] === 0 && b.charCodeAt(j) === ca) {
        flagsA[i] = 1
        flagsB[j] = 1
        matches++
        break
      }
    }
  }
  if (matches === 0) return 0
  let transpositions = 0
  let k = 0
  for (let i = 0; i < la; i++) {
    if (flagsA[i] === 0) continue
    while (flagsB[k] === 0) k++
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++
    k++
  }
  const m = matches
  return (m / la + m / lb + (m - transpositions / 2) / m) / 3
}

/**
 * The most Jaro–Winkler could be for strings of these lengths, used to skip the full calculation when a threshold
 * cannot be reached (every character matching, no transpositions, full prefix bonus).
 */
export function jaroWinklerCeiling(a: string, b: string): number {
  const short = Math.min(a.length, b.length)
  const long = Math.max(a.length, b.length)
  if (long === 0) return 1
  const j = (1 + short / long + 1) / 3
  return j + Math.min(4, short) * 0.1 * (1 - j)
}

export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b)
  let prefix = 0
  const limit = Math.min(4, a.length, b.length)
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++
  return j + prefix * 0.1 * (1 - j)
}
