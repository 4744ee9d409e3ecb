import { doubleMetaphone } from 'double-metaphone'

/**
 * Double Metaphone codes (Philips 2000) for a normalised name. Two names "sound alike" when any of their primary or
 * alternate codes agree, which catches Smith/Smyth, Stephen/Steven and Thompson/Thomson.
 */
export function soundCodes(name: string): readonly string[] {
  if (name === '') return []
  const [primary, alternate] = doubleMetaphone(name)
  if (primary === '') return []
  return alternate === primary || alternate === '' ? [primary] : [primary, alternate]
}

export function soundAlike(a: readonly string[], b: readonly string[]): boolean {
  for (const x of a) for (const y of b) if (x === y) return true
  return false
}
