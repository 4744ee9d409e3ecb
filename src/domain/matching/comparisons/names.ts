import { jaroWinkler, jaroWinklerCeiling } from '../jaroWinkler.ts'
import { knownNicknames, nicknameFamiliesOf } from '../nicknames.ts'
import { normaliseText } from '../normalise.ts'
import { soundAlike, soundCodes } from '../phonetic.ts'
import type { FieldKind } from '../fieldKinds.ts'
import type { Comparator } from './comparator.ts'

export interface NameFeatures {
  /** The name without any generational suffix. */
  name: string
  /** 'jnr', 'snr', 'ii', 'iii' or '' when none was written. */
  suffix: string
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
  'different generational suffix (Jnr/Snr)',
  'different',
] as const

export const SOUNDS_ALIKE = 4
export const LOOSELY_SIMILAR = 6
export const SUFFIX_DIFFERENT = 8
export const NAME_DIFFERENT = 9

const suffixes: Readonly<Record<string, string>> = {
  jr: 'jnr',
  jnr: 'jnr',
  junior: 'jnr',
  sr: 'snr',
  snr: 'snr',
  senior: 'snr',
  ii: 'ii',
  iii: 'iii',
  iv: 'iv',
}

/**
 * Names lose spaces, hyphens and apostrophes, but a generational suffix written after the name ("Smith Jnr",
 * "John Snr") is kept apart as a last word: a father and son sharing a name differ in nothing else.
 */
export function normalisePersonName(raw: string | undefined): string {
  const words = normaliseText(raw).split(' ')
  const last = words[words.length - 1] ?? ''
  const suffix = words.length > 1 ? suffixes[last] : undefined
  if (suffix === undefined) return words.join('')
  return `${words.slice(0, -1).join('')} ${suffix}`
}

function nameFeatures(value: string): NameFeatures {
  const [name = value, suffix = ''] = value.split(' ')
  return { name, suffix, sounds: soundCodes(name), nicknames: nicknameFamiliesOf(name) }
}

/** Levels for first, middle and surnames. Thresholds 0.92 / 0.80 follow Splink's NameComparison bands. */
export function nameComparator(kind: FieldKind): Comparator<NameFeatures> {
  return {
    kind,
    levels: nameLevels,
    termFrequency: true,
    normalise: normalisePersonName,
    features: nameFeatures,
    compare(a, b, swapped) {
      if (a.suffix !== '' && b.suffix !== '' && a.suffix !== b.suffix) return SUFFIX_DIFFERENT
      if (a.name === b.name) return 2
      const similarity = jaroWinklerCeiling(a.name, b.name) < 0.8 ? 0 : jaroWinkler(a.name, b.name)
      if (similarity >= 0.92) return 2
      if (knownNicknames(a.nicknames, b.nicknames)) return 3
      if (soundAlike(a.sounds, b.sounds)) return SOUNDS_ALIKE
      if (swapped) return 5
      if (similarity >= 0.8) return LOOSELY_SIMILAR
      if ((a.name.length === 1 || b.name.length === 1) && a.name[0] === b.name[0]) return 7
      return NAME_DIFFERENT
    },
  }
}
