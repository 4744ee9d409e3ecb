import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startTestApp, signIn, type TestApp } from '../support/app.ts'
import { testEngines } from '../support/db.ts'
import { ifSet } from '../support/hooks.ts'

for (const engine of testEngines()) {
  describe(`web shell and API [${engine}]`, () => {
    let t: TestApp
    let om: { cookie: string; csrf: string }
    let token: string
    before(async () => {
      t = await startTestApp({ engine, subjects: 120 })
      om = await signIn(t.app, 'demo.om')
      token = await t.services.auth.createApiToken('demo.om')
    })
    after(async () => ifSet(t)?.close())

    const countRows = async (table: 'person' | 'subject' | 'address') =>
      (
        await t.database.db
          .selectFrom(table)
          .select(t.database.db.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n

    test('GET /health answers without authentication and names the engine', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/health' })
      assert.equal(res.statusCode, 200)
      assert.deepEqual(res.json(), { status: 'ok', database: engine })
    })

    test('a signed-out visitor is sent to the sign-in page', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/' })
      assert.equal(res.statusCode, 302)
      assert.equal(res.headers.location, '/sign-in')
    })

    test('a wrong password and an unknown user get the same message and status', async () => {
      const page = await t.app.inject({ method: 'GET', url: '/sign-in' })
      const cookie = `vigil-sign-in-csrf=${page.cookies.find(c => c.name === 'vigil-sign-in-csrf')?.value}`
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1]
      const attempt = (username: string) =>
        t.app.inject({
          method: 'POST',
          url: '/sign-in',
          headers: { cookie },
          payload: { username, password: 'not-the-password', _csrf: csrf },
        })
      const wrong = await attempt('demo.om')
      const unknown = await attempt('nobody.here')
      assert.equal(wrong.statusCode, 401)
      assert.equal(unknown.statusCode, 401)
      assert.match(wrong.body, /Enter a correct username and password/)
      assert.match(unknown.body, /Enter a correct username and password/)
    })

    test("the offender manager's home page lists their own caseload", async () => {
      const res = await t.app.inject({ method: 'GET', url: '/', headers: { cookie: om.cookie } })
      assert.equal(res.statusCode, 200)
      assert.equal(res.headers['cache-control'], 'no-store')
      const mine = await t.database.db
        .selectFrom('subject')
        .innerJoin('staff', 'staff.id', 'subject.offender_manager_id')
        .select(t.database.db.fn.countAll<number>().as('n'))
        .where('staff.username', '=', 'demo.om')
        .where('subject.status', '!=', 'ended')
        .executeTakeFirstOrThrow()
      assert.ok(mine.n > 0, 'demo.om manages seeded subjects')
      assert.match(res.body, new RegExp(`${mine.n} subjects`))
    })

    test('search finds a subject by surname and by alias, and the search is audited', async () => {
      const aliasRow = await t.database.db
        .selectFrom('person_alias as a')
        .innerJoin('subject as s', 's.person_id', 'a.person_id')
        .innerJoin('person as p', 'p.id', 'a.person_id')
        .select([
          'a.family_name as aliasFamily',
          'a.given_name as aliasGiven',
          'p.family_name as family',
          's.reference',
        ])
        .whereRef('a.family_norm', '!=', 'p.family_norm')
        .orderBy('s.reference')
        .executeTakeFirstOrThrow()
      const search = (query: string) =>
        t.app.inject({
          method: 'POST',
          url: '/subjects/search',
          headers: { cookie: om.cookie },
          payload: { query, _csrf: om.csrf },
        })
      const bySurname = await search(aliasRow.family)
      assert.equal(bySurname.statusCode, 200)
      assert.match(bySurname.body, new RegExp(aliasRow.reference))
      const byAlias = await search(`${aliasRow.aliasGiven} ${aliasRow.aliasFamily}`)
      assert.match(byAlias.body, new RegExp(aliasRow.reference))
      assert.match(byAlias.body, /Matched alias/)
      const audited = await t.database.db
        .selectFrom('audit_event')
        .select('details')
        .where('operation', '=', 'search')
        .execute()
      assert.ok(audited.length >= 2)
    })

    test('an empty search is an error on the form, not a list of everyone', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/subjects/search',
        headers: { cookie: om.cookie },
        payload: { query: '  ', _csrf: om.csrf },
      })
      assert.equal(res.statusCode, 400)
      assert.match(res.body, /govuk-error-summary/)
      assert.match(res.body, /Enter a name or alias to search for/)
    })

    test('a POST without the CSRF token is refused and changes nothing', async () => {
      const before = await countRows('subject')
      const res = await t.app.inject({
        method: 'POST',
        url: '/subjects/new',
        headers: { cookie: om.cookie },
        payload: { givenName: 'Test' },
      })
      assert.equal(res.statusCode, 403)
      assert.match(res.body, /The form could not be sent/)
      assert.equal(await countRows('subject'), before)
    })

    test('the subject page shows the record to its manager and writes a consult audit row first', async () => {
      const subject = await t.database.db
        .selectFrom('subject')
        .innerJoin('staff', 'staff.id', 'subject.offender_manager_id')
        .innerJoin('person', 'person.id', 'subject.person_id')
        .select(['subject.id', 'person.family_name'])
        .where('staff.username', '=', 'demo.om')
        .executeTakeFirstOrThrow()
      const requestId = 'subject-page-audit-check'
      const res = await t.app.inject({
        method: 'GET',
        url: `/subjects/${subject.id}`,
        headers: { cookie: om.cookie, 'x-request-id': requestId },
      })
      assert.equal(res.statusCode, 200)
      assert.match(res.body, new RegExp(subject.family_name))
      assert.match(res.body, /Offender manager/)
      const audit = await t.database.db
        .selectFrom('audit_event')
        .selectAll()
        .where('correlation_id', '=', requestId)
        .execute()
      assert.ok(audit.length >= 1)
      assert.ok(
        audit.every(
          a =>
            a.operation === 'consult' &&
            a.actor_username === 'demo.om' &&
            a.subject_id === subject.id &&
            a.outcome === 'success',
        ),
      )
    })

    test('an unknown subject id is a 404 page', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/subjects/00000000-0000-4000-8000-000000000000',
        headers: { cookie: om.cookie },
      })
      assert.equal(res.statusCode, 404)
      assert.match(res.body, /Page not found/)
    })

    test('the registration form rejects a malformed postcode, a future date of birth and an empty name, and writes nothing', async () => {
      const before = await Promise.all([countRows('person'), countRows('subject'), countRows('address')])
      const res = await t.app.inject({
        method: 'POST',
        url: '/subjects/new',
        headers: { cookie: om.cookie },
        payload: {
          _csrf: om.csrf,
          formToken: 'f1',
          givenName: '',
          familyName: 'Testerton',
          'dateOfBirth-day': '1',
          'dateOfBirth-month': '1',
          'dateOfBirth-year': '2030',
          gender: 'male',
          category: 'rso',
          'address-line1': '1 Test Street',
          'address-town': 'Sale',
          'address-postcode': 'NOT A POSTCODE',
        },
      })
      assert.equal(res.statusCode, 400)
      assert.match(res.body, /There is a problem/)
      assert.match(res.body, /Enter the first name/)
      assert.match(res.body, /Date of birth must be today or in the past/)
      assert.match(res.body, /Enter a real postcode/)
      assert.match(res.body, /href="#givenName"/)
      assert.match(res.body, /value="Testerton"/, 'what the officer typed is kept')
      assert.deepEqual(await Promise.all([countRows('person'), countRows('subject'), countRows('address')]), before)
    })

    test('a valid registration creates one subject even when the form is submitted twice', async () => {
      const before = await countRows('subject')
      const payload = {
        _csrf: om.csrf,
        formToken: 'double-submit-1',
        givenName: 'Testy',
        familyName: 'McTestface',
        'dateOfBirth-day': '12',
        'dateOfBirth-month': '6',
        'dateOfBirth-year': '1980',
        gender: 'male',
        category: 'rso',
        'address-line1': '2 Example Road',
        'address-town': 'Sale',
        'address-postcode': 'm33 7xx',
      }
      const first = await t.app.inject({
        method: 'POST',
        url: '/subjects/new',
        headers: { cookie: om.cookie },
        payload,
      })
      const second = await t.app.inject({
        method: 'POST',
        url: '/subjects/new',
        headers: { cookie: om.cookie },
        payload,
      })
      assert.equal(first.statusCode, 303)
      assert.equal(second.headers.location, first.headers.location)
      assert.equal(await countRows('subject'), before + 1)
      const confirmation = await t.app.inject({
        method: 'GET',
        url: String(first.headers.location),
        headers: { cookie: om.cookie },
      })
      assert.match(confirmation.body, /Subject registered/)
      assert.match(confirmation.body, /Trafford public protection team/, 'an M33 postcode is managed in Trafford')
    })

    test('the API refuses a call without a token with 401 problem+json', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/subjects/search', payload: { query: 'smith' } })
      assert.equal(res.statusCode, 401)
      assert.match(String(res.headers['content-type']), /application\/problem\+json/)
      assert.equal(res.json<{ status: number }>().status, 401)
    })

    test('the OpenAPI document is public and describes the subject endpoints', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })
      assert.equal(res.statusCode, 200)
      const doc = res.json<{
        openapi: string
        paths: Record<string, { post?: unknown } | undefined>
        components: { schemas: Record<string, { properties: Record<string, unknown> } | undefined> }
      }>()
      assert.equal(doc.openapi, '3.1.0')
      assert.ok(doc.paths['/subjects']?.post)
      assert.ok(doc.components.schemas.Registration?.properties.givenName)
    })

    test('the API searches with a bearer token', async () => {
      const someone = await t.database.db
        .selectFrom('person')
        .innerJoin('subject', 'subject.person_id', 'person.id')
        .select('family_name')
        .executeTakeFirstOrThrow()
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/subjects/search',
        headers: { authorization: `Bearer ${token}` },
        payload: { query: someone.family_name },
      })
      assert.equal(res.statusCode, 200)
      assert.ok(
        res.json<{ items: Array<{ familyName: string }> }>().items.some(i => i.familyName === someone.family_name),
      )
    })

    test('the API answers bad input with 400 problem+json naming each field, and writes nothing', async () => {
      const before = await countRows('subject')
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/subjects',
        headers: { authorization: `Bearer ${token}` },
        payload: {
          givenName: '',
          familyName: 'X',
          dateOfBirth: '2999-01-01',
          gender: 'male',
          category: 'rso',
          address: { line1: '1 A St', town: 'Bolton', postcode: '12345' },
        },
      })
      assert.equal(res.statusCode, 400)
      assert.match(String(res.headers['content-type']), /application\/problem\+json/)
      const fields = res.json<{ errors: Array<{ field: string }> }>().errors.map(e => e.field)
      assert.deepEqual(fields, ['givenName', 'dateOfBirth', 'address.postcode'])
      assert.equal(await countRows('subject'), before)
    })

    test('the API registers a subject once per Idempotency-Key', async () => {
      const body = {
        givenName: 'Api',
        familyName: 'Registrant',
        dateOfBirth: '1975-02-28',
        gender: 'male',
        category: 'rasso_suspect',
        address: { line1: '3 Test Lane', town: 'Bolton', postcode: 'BL1 4AA' },
      }
      const headers = { authorization: `Bearer ${token}`, 'idempotency-key': 'retry-123' }
      const first = await t.app.inject({ method: 'POST', url: '/api/v1/subjects', headers, payload: body })
      const second = await t.app.inject({ method: 'POST', url: '/api/v1/subjects', headers, payload: body })
      assert.equal(first.statusCode, 201)
      const created = first.json<{ id: string }>()
      assert.equal(second.json<{ id: string }>().id, created.id)
      const subject = await t.app.inject({
        method: 'GET',
        url: `/api/v1/subjects/${created.id}`,
        headers: { authorization: `Bearer ${token}` },
      })
      assert.equal(subject.statusCode, 403, 'a Bolton subject is not managed by the Trafford officer who registered it')
    })

    test('reusing an Idempotency-Key with a different request is refused with 422 and writes nothing', async () => {
      const body = {
        givenName: 'Keyed',
        familyName: 'Twice',
        dateOfBirth: '1971-06-30',
        gender: 'female',
        category: 'rso',
        address: { line1: '5 Test Lane', town: 'Sale', postcode: 'M33 7AA' },
      }
      const headers = { authorization: `Bearer ${token}`, 'idempotency-key': 'reuse-456' }
      const first = await t.app.inject({ method: 'POST', url: '/api/v1/subjects', headers, payload: body })
      assert.equal(first.statusCode, 201)
      const before = await countRows('subject')
      const other = await t.app.inject({
        method: 'POST',
        url: '/api/v1/subjects',
        headers,
        payload: { ...body, givenName: 'Different' },
      })
      assert.equal(other.statusCode, 422)
      assert.match(String(other.headers['content-type']), /application\/problem\+json/)
      assert.equal(await countRows('subject'), before)
      const retry = await t.app.inject({ method: 'POST', url: '/api/v1/subjects', headers, payload: { ...body } })
      assert.equal(
        retry.json<{ id: string }>().id,
        first.json<{ id: string }>().id,
        'the same request under the same key is still answered as saved',
      )
    })

    test('roles that do not work cases cannot read records', async () => {
      const admin = await signIn(t.app, 'demo.admin')
      const subject = await t.database.db.selectFrom('subject').select('id').executeTakeFirstOrThrow()
      const res = await t.app.inject({
        method: 'GET',
        url: `/subjects/${subject.id}`,
        headers: { cookie: admin.cookie },
      })
      assert.equal(res.statusCode, 403)
    })

    test('signing out ends the session on the server', async () => {
      const session = await signIn(t.app, 'demo.supervisor')
      const out = await t.app.inject({
        method: 'POST',
        url: '/sign-out',
        headers: { cookie: session.cookie },
        payload: { _csrf: session.csrf },
      })
      assert.equal(out.statusCode, 303)
      const after = await t.app.inject({ method: 'GET', url: '/', headers: { cookie: session.cookie } })
      assert.equal(after.statusCode, 302)
    })

    test('the accessibility statement is public', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/accessibility' })
      assert.equal(res.statusCode, 200)
      assert.match(res.body, /Accessibility statement for Vigil/)
    })
  })
}
