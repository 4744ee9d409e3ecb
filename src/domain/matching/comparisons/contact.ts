import { damerauLevenshtein } from '../damerauLevenshtein.ts'
import { jaroWinkler, jaroWinklerCeiling } from '../jaroWinkler.ts'
import { normaliseEmail, normalisePhone } from '../normalise.ts'
import type { Comparator } from './comparator.ts'

export interface EmailFeatures {
  email: string
  localPart: string
}

export const emailLevels = ['missing', 'exact', 'same user name', 'Jaro–Winkler ≥ 0.88', 'different'] as const

/** Same user name at another provider is common when people change provider but keep their handle. */
export const emailComparator: Comparator<EmailFeatures> = {
  kind: 'email',
  levels: emailLevels,
  termFrequency: false,
  normalise: normaliseEmail,
  features: email => ({ email, localPart: email.split('@')[0] ?? email }),
  compare(a, b) {
    if (a.localPart !== '' && a.localPart === b.localPart) return 2
    if (jaroWinklerCeiling(a.email, b.email) >= 0.88 && jaroWinkler(a.email, b.email) >= 0.88) return 3
    return 4
  },
}

export const phoneLevels = ['missing', 'exact', 'one digit different', 'different'] as const

export const phoneComparator: Comparator<string> = {
  kind: 'phone',
  levels: phoneLevels,
  termFrequency: false,
  normalise: normalisePhone,
  features: digits => digits,
  compare: (a, b) => (damerauLevenshtein(a, b, 1) <= 1 ? 2 : 3),
}
