import type { NameFeatures } from './comparisons/names.ts'
import type { FieldKind } from './fieldKinds.ts'
import type { FieldColumn, RecordSet } from './recordSet.ts'

/**
 * A blocking rule names the records worth comparing: only records that share the rule's key are compared. Several
 * rules are unioned, so a pair missed by one (a typo in the surname) is found by another (same date of birth). The
 * cost is the sum of block sizes squared, which stays near-linear while keys are selective.
 */
export interface BlockingRule {
  name: string
  /** Kinds the key is built from: training leaves them out when learning m from this rule's pairs. */
  kinds: readonly FieldKind[]
  key(set: RecordSet, index: number): string | undefined
}

function firstColumn(set: RecordSet, kind: FieldKind): FieldColumn | undefined {
  return set.columns.find(c => c.spec.kind === kind)
}

function exactValueRule(name: string, kind: FieldKind): BlockingRule {
  return {
    name,
    kinds: [kind],
    key(set, index) {
      const value = firstColumn(set, kind)?.value(index)
      return value === '' ? undefined : value
    },
  }
}

function soundOf(column: FieldColumn | undefined, index: number): string | undefined {
  if (column === undefined) return undefined
  const code = column.code(index)
  if (code < 0) return undefined
  return (column.features[code] as NameFeatures).sounds[0]
}

/** The rules, in the order pairs are attributed to them; each is used only when its fields are mapped. */
export const blockingRules: readonly BlockingRule[] = [
  // A shared exact identifier (PNC ID, NI number) is the strongest evidence there is.
  exactValueRule('identifier', 'identifier'),
  // A hand-copied reference number usually survives a change of name or address.
  exactValueRule('reference', 'reference'),
  exactValueRule('email', 'email'),
  exactValueRule('phone', 'phone'),
  {
    // The user name of an email address survives a change of provider and typos in the domain.
    name: 'email user name',
    kinds: ['email'],
    key(set, index) {
      const email = firstColumn(set, 'email')?.value(index) ?? ''
      const user = email.split('@')[0] ?? ''
      return user.length < 2 ? undefined : user
    },
  },
  {
    // Same two names in either order: finds people who moved or whose date of birth was mistyped, and also first
    // name and surname entered the wrong way round.
    name: 'first name and surname, either order',
    kinds: ['first_name', 'surname'],
    key(set, index) {
      const first = firstColumn(set, 'first_name')?.value(index) ?? ''
      const surname = firstColumn(set, 'surname')?.value(index) ?? ''
      if (first === '' || surname === '') return undefined
      return first < surname ? `${first}|${surname}` : `${surname}|${first}`
    },
  },
  {
    // Full names written as one field: the same words in any order.
    name: 'full name words',
    kinds: ['full_name'],
    key(set, index) {
      const full = firstColumn(set, 'full_name')?.value(index) ?? ''
      return full === '' ? undefined : full.split(' ').sort().join(' ')
    },
  },
  // Date of birth alone catches any change or misspelling of names (marriage, aliases, nicknames).
  exactValueRule('date of birth', 'dob'),
  {
    // Names that sound alike (Double Metaphone of both names): typos and variant spellings in both names at once,
    // as when the date of birth is also wrong.
    name: 'first name and surname sound alike',
    kinds: ['first_name', 'surname'],
    key(set, index) {
      const first = soundOf(firstColumn(set, 'first_name'), index)
      const surname = soundOf(firstColumn(set, 'surname'), index)
      return first === undefined || surname === undefined ? undefined : `${first}|${surname}`
    },
  },
  {
    // Same postcode and a similar-sounding surname: a household member's record with a wrong date of birth.
    name: 'postcode and surname sound',
    kinds: ['postcode', 'surname'],
    key(set, index) {
      const postcode = firstColumn(set, 'postcode')?.value(index) ?? ''
      const surname = soundOf(firstColumn(set, 'surname'), index)
      return postcode === '' || surname === undefined ? undefined : `${postcode}|${surname}`
    },
  },
  // A name with the town or district: finds records whose date of birth and other name are both wrong or missing.
  pairRule('first name and locality', 'first_name', 'locality'),
  pairRule('surname and locality', 'surname', 'locality'),
]

function pairRule(name: string, first: FieldKind, second: FieldKind): BlockingRule {
  return {
    name,
    kinds: [first, second],
    key(set, index) {
      const x = firstColumn(set, first)?.value(index) ?? ''
      const y = firstColumn(set, second)?.value(index) ?? ''
      return x === '' || y === '' ? undefined : `${x}|${y}`
    },
  }
}

/**
 * The keys under which a record should be indexed (or looked up) so that a database can find its candidates with an
 * ordinary index: one `rule:value` string per applicable rule.
 */
export function blockingKeys(set: RecordSet, index: number, rules = blockingRules): string[] {
  const keys: string[] = []
  for (const rule of rules) {
    const key = rule.key(set, index)
    if (key !== undefined) keys.push(`${rule.name}:${key}`)
  }
  return keys
}
