import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { signIn, startTestApp, type TestApp } from '../support/app.ts'

/**
 * Issue 10, finding 9: odd paging and filter input was a 500 (a database error). Paging and filters now go through
 * one schema (src/http/query.ts): the API answers 400 problem+json naming the field, a page answers 400 with the
 * GOV.UK error, and no request reaches the database with a NUL byte, a non-integer page or year 0000.
 */
describe('odd paging and filter input is refused with 400, never a 500', () => {
  let t: TestApp
  let token: string
  let auditor: string
  let om: string
  let subjectId: string
  before(async () => {
    t = await startTestApp({ subjects: 20 })
    token = await t.services.auth.createApiToken('demo.om')
    auditor = (await signIn(t.app, 'demo.auditor')).cookie
    om = (await signIn(t.app, 'demo.om')).cookie
    const own = await t.database.db
      .selectFrom('subject as s')
      .innerJoin('staff as m', 'm.id', 's.offender_manager_id')
      .select('s.id')
      .where('m.username', '=', 'demo.om')
      .orderBy('s.reference')
      .executeTakeFirstOrThrow()
    subjectId = own.id
  })
  after(async () => t.close())

  const problemFields = (res: { json(): unknown }) =>
    (res.json() as { errors: { field: string }[] }).errors.map(e => e.field)
  const page = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } })
  const api = (url: string) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })

  const ODD_PAGES = ['1.3', '1e300', 'Infinity', '12345678901234567890', '-1', '0', '0x10', 'abc']

  test('the audit search refuses odd pages with its own error summary', async () => {
    for (const odd of ODD_PAGES) {
      const res = await page(`/audit?page=${encodeURIComponent(odd)}`, auditor)
      assert.equal(res.statusCode, 400, `page=${odd}`)
      assert.match(res.body, /govuk-error-summary/)
      assert.match(res.body, /Page must be a whole number from 1/)
    }
    assert.equal((await page('/audit?page=2', auditor)).statusCode, 200)
  })

  test('the access log refuses odd pages', async () => {
    for (const odd of ODD_PAGES) {
      const res = await page(`/subjects/${subjectId}/access-log?page=${encodeURIComponent(odd)}`, om)
      assert.equal(res.statusCode, 400, `page=${odd}`)
      assert.match(res.body, /govuk-error-summary/)
    }
    assert.equal((await page(`/subjects/${subjectId}/access-log?page=1`, om)).statusCode, 200)
  })

  test('a NUL byte in an audit filter or an alert kind is a 400', async () => {
    for (const url of ['/audit?username=demo%00.om', '/audit?reference=VGL%00', '/audit/export.csv?operation=a%00b']) {
      const res = await page(url, auditor)
      assert.equal(res.statusCode, 400, url)
    }
    assert.equal((await page('/alerts?kind=address%00change', om)).statusCode, 400)
    const res = await api('/api/v1/alerts?kind=address%00change')
    assert.equal(res.statusCode, 400)
    assert.match(String(res.headers['content-type']), /application\/problem\+json/)
    assert.deepEqual(problemFields(res), ['kind'])
  })

  test('a NUL byte in a JSON body is a 400 naming the field, before any service runs', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/subjects/search',
      headers: { authorization: `Bearer ${token}` },
      payload: { query: 'smi\u0000th' },
    })
    assert.equal(res.statusCode, 400)
    assert.deepEqual(problemFields(res), ['query'])
  })

  test('dates must be real dates in a sane range: year 0000 in an audit filter is refused', async () => {
    const res = await page('/audit?from=0000-01-01', auditor)
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /The from date must be a real date between 1900 and 2199/)
    assert.equal((await page('/audit?from=2026-11-01&to=2026-11-30', auditor)).statusCode, 200)
  })

  test('a year-0000 eventDate on a notification is a 400 naming eventDate', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/subjects/${subjectId}/notifications`,
      headers: { authorization: `Bearer ${token}` },
      payload: {
        kind: 'change-of-name',
        notifiedOn: '2026-11-23',
        notifiedTime: '09:30',
        policeStation: 'Bolton Central',
        eventDate: '0000-01-01',
        givenName: 'Anne',
        familyName: 'Other',
      },
    })
    assert.equal(res.statusCode, 400, res.body)
    assert.ok(problemFields(res).includes('eventDate'))
  })

  test('a repeated filter key (an array) is refused, not silently ignored', async () => {
    const res = await api('/api/v1/alerts?status=open&status=all')
    assert.equal(res.statusCode, 400)
    assert.deepEqual(problemFields(res), ['status'])
  })
})
