import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { actorNamed, signIn, startTestApp, type TestApp } from '../support/app.ts'
import { testEngines } from '../support/db.ts'

// Issue 10: the register's share of the probe's findings (5: names through the API; 11: refusals audited as what
// they are; write forms only for those who may write).
for (const engine of testEngines()) {
  describe(`register access and input hardening [${engine}]`, () => {
    let t: TestApp
    let subjectId: string
    let personId: string
    let omToken: { authorization: string }
    before(async () => {
      t = await startTestApp({ engine, subjects: 12 })
      const om = await actorNamed(t.database, 'demo.om')
      const subject = await t.f.newSubject({ manager: om, category: 'rso' })
      subjectId = subject.id
      personId = subject.personId
      omToken = { authorization: `Bearer ${await t.services.auth.createApiToken('demo.om')}` }
    })
    after(async () => t.close())

    const changeOfName = (givenName: string, familyName: string) => ({
      kind: 'change-of-name',
      notifiedOn: '2026-11-23',
      notifiedTime: '09:30',
      policeStation: 'Trafford police station',
      eventDate: '2026-11-22',
      givenName,
      familyName,
    })
    const nameOf = async () =>
      t.database.db
        .selectFrom('person')
        .select(['given_name', 'family_name'])
        .where('id', '=', personId)
        .executeTakeFirstOrThrow()

    test('a change of name through the API follows the registration name rules: formula text is refused', async () => {
      const before = await nameOf()
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/subjects/${subjectId}/notifications`,
        headers: omToken,
        payload: changeOfName('=HYPERLINK("http://evil.example","Click")', '+Smith'),
      })
      assert.equal(res.statusCode, 400)
      const fields = res.json<{ errors: Array<{ field: string; message: string }> }>().errors
      assert.deepEqual(
        fields.map(e => e.field),
        ['givenName', 'familyName'],
      )
      assert.match(fields[0]?.message ?? '', /only include letters, spaces, hyphens and apostrophes/)
      assert.deepEqual(await nameOf(), before)
    })

    test('a change of name to a name in any script is accepted', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/subjects/${subjectId}/notifications`,
        headers: omToken,
        payload: changeOfName('Seán', "Ó Súilleabháin-O'Neill"),
      })
      assert.equal(res.statusCode, 201, res.body)
      assert.deepEqual(await nameOf(), { given_name: 'Seán', family_name: "Ó Súilleabháin-O'Neill" })
    })

    test('a refused register read is audited as a refused consultation of the subject', async () => {
      const stranger = await t.f.newStaff('offender_manager')
      const token = { authorization: `Bearer ${await t.services.auth.createApiToken(stranger.username)}` }
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/subjects/${subjectId}/register`, headers: token })
      assert.equal(res.statusCode, 403)
      const refused = await t.database.db
        .selectFrom('audit_event')
        .select(['operation', 'record_type', 'record_id'])
        .where('actor_id', '=', stranger.id)
        .where('outcome', '=', 'denied')
        .execute()
      assert.deepEqual(refused, [{ operation: 'consult', record_type: 'subject', record_id: subjectId }])
    })

    test('a break-glass reader sees the register record but no write forms, and the journeys refuse them', async () => {
      const investigator = await t.f.newStaff('investigator', { signIn: true })
      await t.f.newBreakGlass(investigator, { id: subjectId })
      const session = await signIn(t.app, investigator.username)
      const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: session.cookie } })
      const record = await get(`/subjects/${subjectId}/register`)
      assert.equal(record.statusCode, 200)
      assert.match(record.body, /data-qa="register-heading"/)
      assert.doesNotMatch(record.body, /record-notification-link|\/notifications\/new/)
      assert.equal((await get(`/subjects/${subjectId}/notifications/new`)).statusCode, 403)
      const start = await t.app.inject({
        method: 'POST',
        url: `/subjects/${subjectId}/notifications/new`,
        headers: { cookie: session.cookie },
        payload: { _csrf: session.csrf, kind: 'periodic' },
      })
      assert.equal(start.statusCode, 403)
      const drafts = await t.database.db
        .selectFrom('notification_draft')
        .select('id')
        .where('staff_id', '=', investigator.id)
        .execute()
      assert.equal(drafts.length, 0)
    })

    test('a partner is refused the register record and the notification journeys, even with a share', async () => {
      const partner = await t.f.newStaff('partner', { signIn: true })
      const om = await actorNamed(t.database, 'demo.om')
      await t.f.newDisclosure(
        { id: subjectId },
        { sharedBy: om, agency: partner.agency ?? undefined, scope: 'address' },
      )
      await t.f.newDisclosure({ id: subjectId }, { sharedBy: om, agency: partner.agency ?? undefined, scope: 'risk' })
      const session = await signIn(t.app, partner.username)
      const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: session.cookie } })
      assert.equal((await get(`/subjects/${subjectId}/register`)).statusCode, 403)
      assert.equal((await get(`/subjects/${subjectId}/notifications/new`)).statusCode, 403)
    })
  })
}
