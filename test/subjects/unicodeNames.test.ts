import assert from 'node:assert/strict'
import { test } from 'node:test'
import { describeOnEachEngine } from '../support/db.ts'
import { testServices } from '../support/app.ts'

// Names as people write them, in their own scripts and with their own letters (issue 10, finding 10).
const PEOPLE = [
  { script: 'Arabic', givenName: 'محمد', familyName: 'الحسن', query: 'الحسن' },
  { script: 'Hebrew', givenName: 'יעל', familyName: 'כהן', query: 'כהן יעל' },
  { script: 'Chinese', givenName: '伟', familyName: '王', query: '王' },
  { script: 'Polish', givenName: 'Łukasz', familyName: 'Wójcik', query: 'lukasz wojcik' },
  { script: 'Irish', givenName: 'Siobhán', familyName: 'Ó Súilleabháin', query: 'siobhan o suilleabhain' },
] as const

describeOnEachEngine('names in any script', ctx => {
  test('a person registered with a name in Arabic, Hebrew, Chinese, Polish or Irish spelling is found by search', async () => {
    const { services, f } = testServices(ctx.database)
    const team = await f.newTeam({ district: 'Trafford' })
    const om = await f.newStaff('offender_manager', { team })
    for (const person of PEOPLE) {
      const { subjectId } = await services.subjects.register(om, {
        givenName: person.givenName,
        familyName: person.familyName,
        dateOfBirth: '1985-03-14',
        gender: 'unknown',
        category: 'rso',
        address: { line1: '1 Example Road', town: 'Sale', postcode: 'M33 7AA' },
        teamId: team.id,
      })
      const found = await services.subjects.search(om, person.query)
      assert.ok(
        found.rows.some(r => r.subjectId === subjectId),
        `${person.script}: searching "${person.query}" finds ${person.givenName} ${person.familyName}`,
      )
    }
  })

  test('a query in another script does not match everyone', async () => {
    const { services, f } = testServices(ctx.database)
    const team = await f.newTeam({ district: 'Trafford' })
    const om = await f.newStaff('offender_manager', { team })
    await f.newSubject({ team, person: { givenName: 'Alex', familyName: 'Brown' } })
    const found = await services.subjects.search(om, 'أحمد')
    assert.equal(found.rows.filter(r => r.familyName === 'Brown').length, 0)
  })
})
