import { jaroWinkler, jaroWinklerCeiling } from '../jaroWinkler.ts'
import { knownNicknames, nicknameFamiliesOf } from '../nicknames.ts'
import { normaliseName } from '../normalise.ts'
import { soundAlike, soundCodes } from '../phonetic.ts'
import type { FieldKind } from '../fieldKinds.ts'
import type { Comparator } from './comparator.ts'

export interface NameFeatures {
  name: string
  sounds: readonly string[]
  nicknames: readonly number[]
}

export const nameLevels = [
  'missing',
  'exact',
  'Jaro–Winkler ≥ 0.92',
  'known nickname',
  'sounds alike',
  'first name and surname swapped',
  'Jaro–Winkler ≥ 0.80',
  'initial only',
  'different',
] as const

/** Levels for first, middle and surnames. Thresholds 0.92 / 0.80 follow Splink's NameComparison bands. */
export function nameComparator(kind: FieldKind): Comparator<NameFeatures> {
  return {
    kind,
    levels: nameLevels,
    termFrequency: true,
    normalise: normaliseName,
    features: name => ({ name, sounds: soundCodes(name), nicknames: nicknameFamiliesOf(name) }),
    compare(a, b, swapped) {
      const similarity = jaroWinklerCeiling(a.name, b.name) < 0.8 ? 0 : jaroWinkler(a.name, b.name)
      if (similarity >= 0.92) return 2
      if (knownNicknames(a.nicknames, b.nicknames)) return 3
      if (soundAlike(a.sounds, b.sounds)) return 4
      if (swapped) return 5
      if (similarity >= 0.8) return 6
      if ((a.name.length === 1 || b.name.length === 1) && a.name[0] === b.name[0]) return 7
      return 8
    },
  }
}
