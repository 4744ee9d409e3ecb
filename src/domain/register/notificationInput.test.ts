import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Temporal } from 'temporal-polyfill'
import { ValidationError } from '../errors.ts'
import { parseNotification } from './notificationInput.ts'

const today = Temporal.PlainDate.from('2026-11-23')
const given = { notifiedOn: '2026-11-23', notifiedTime: '09:30', policeStation: 'Trafford police station' }
const address = { line1: '1 Talbot Road', town: 'Stretford', postcode: 'M16 0RA' }

/** The fields a notification was refused on (none when it was accepted). */
function refusedFields(raw: Record<string, unknown>): string[] {
  try {
    parseNotification({ ...given, ...raw }, today)
    return []
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error
    return error.errors.map(e => e.field)
  }
}

const changeOfName = (givenName: string, familyName: string, middleNames?: string) => ({
  kind: 'change-of-name',
  eventDate: '2026-11-22',
  givenName,
  familyName,
  ...(middleNames === undefined ? {} : { middleNames }),
})

// Issue 10 finding 5: a name is held to the registration rules wherever it comes in, so no name starts a formula.
const FORMULAS = ['=HYPERLINK("http://evil.example","Click")', '+441234', '-2+3', '@SUM(A1:A2)', 'Smith\t=1']

for (const formula of FORMULAS) {
  test(`a new name of ${JSON.stringify(formula)} is refused`, () => {
    assert.deepEqual(refusedFields(changeOfName(formula, 'Smith')), ['givenName'])
    assert.deepEqual(refusedFields(changeOfName('John', formula)), ['familyName'])
    assert.deepEqual(refusedFields(changeOfName('John', 'Smith', formula)), ['middleNames'])
  })
}

test('a child or an associate named with a formula is refused', () => {
  assert.deepEqual(
    refusedFields({
      kind: 'child-household',
      eventDate: '2026-11-22',
      address,
      relationship: 'Friend of the family',
      child: { givenName: '=1+1', familyName: 'Jones', dateOfBirth: '2015-04-01' },
    }),
    ['child.givenName'],
  )
  assert.deepEqual(
    refusedFields({
      kind: 'association',
      eventDate: '2026-11-20',
      relationship: 'Friend',
      associate: { givenName: 'Sue', familyName: '@White' },
    }),
    ['associate.familyName'],
  )
})

const NAMES: Array<[string, string, string]> = [
  ['Irish', 'Seán', "Ó Súilleabháin-O'Neill"],
  ['Polish', 'Zdzisław', 'Łęcki'],
  ['Arabic', 'محمد', 'العلي'],
  ['Hebrew', 'דוד', 'כהן'],
  ['Chinese', '伟', '王'],
  ['with initials', 'J. R.', 'St. John'],
]

for (const [script, givenName, familyName] of NAMES) {
  test(`a new name in ${script} is accepted`, () => {
    assert.deepEqual(refusedFields(changeOfName(givenName, familyName)), [])
  })
}
