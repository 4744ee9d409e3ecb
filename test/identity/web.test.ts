import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { signIn, startTestApp, type TestApp } from '../support/app.ts'
import { testEngines } from '../support/db.ts'

for (const engine of testEngines()) {
  describe(`identity pages: registration warning, review queue, merge and unmerge [${engine}]`, () => {
    let t: TestApp
    let om: { cookie: string; csrf: string }
    before(async () => {
      t = await startTestApp({ engine, subjects: 40 })
      om = await signIn(t.app, 'demo.om')
    })
    after(async () => {
      await t.close()
    })

    const db = () => t.database.db
    const post = (url: string, payload: Record<string, string>, session = om) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { cookie: session.cookie },
        payload: { ...payload, _csrf: session.csrf },
      })
    const get = (url: string, session = om) => t.app.inject({ method: 'GET', url, headers: { cookie: session.cookie } })
    const subjects = async () =>
      Number(
        (await db().selectFrom('subject').select(db().fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow())
          .n,
      )

    /** The registration form for someone already registered, spelt a little differently. */
    async function nearDuplicateForm() {
      const known = await db()
        .selectFrom('subject as s')
        .innerJoin('person as p', 'p.id', 's.person_id')
        .select(['s.reference', 'p.given_name', 'p.family_name', 'p.date_of_birth'])
        .orderBy('s.reference', 'desc')
        .executeTakeFirstOrThrow()
      const [year, month, day] = (known.date_of_birth ?? '1980-01-01').split('-')
      const form = {
        formToken: randomUUID(),
        givenName: known.given_name,
        familyName: `${known.family_name}e`,
        'dateOfBirth-day': String(Number(day)),
        'dateOfBirth-month': String(Number(month)),
        'dateOfBirth-year': String(year),
        gender: 'male',
        category: 'rasso_suspect',
        'address-line1': '1 Example Street',
        'address-town': 'Sale',
        'address-postcode': 'M33 7XW',
      }
      return { known, form }
    }

    test('registering someone already known shows the warning with its explanation before saving', async () => {
      const { known, form } = await nearDuplicateForm()
      const before = await subjects()
      const first = await post('/subjects/new', form)
      assert.equal(first.statusCode, 200)
      assert.match(first.body, /This person may already be known/)
      assert.match(first.body, new RegExp(known.reference))
      assert.match(first.body, /Why these records may be the same person/)
      assert.match(first.body, /Date of birth/)
      assert.equal(await subjects(), before, 'nothing is saved on the first submission')
      const checked = /name="identityChecked" value="([^"]+)"/.exec(first.body)?.[1]
      assert.ok(checked)

      const unconfirmed = await post('/subjects/new', { ...form, identityChecked: checked })
      assert.equal(unconfirmed.statusCode, 400)
      assert.match(unconfirmed.body, /There is a problem/)
      assert.match(unconfirmed.body, /href="#differentPerson"/)
      assert.match(unconfirmed.body, /Confirm this is a different person, or open the existing record/)
      assert.equal(await subjects(), before)

      const changed = await post('/subjects/new', {
        ...form,
        givenName: `${form.givenName}a`,
        identityChecked: checked,
        differentPerson: 'yes',
      })
      assert.equal(changed.statusCode, 200, 'changed details are checked again')
      assert.match(changed.body, /This person may already be known/)

      const saved = await post('/subjects/new', { ...form, identityChecked: checked, differentPerson: 'yes' })
      assert.equal(saved.statusCode, 303)
      assert.equal(await subjects(), before + 1)
      const resubmitted = await post('/subjects/new', form)
      assert.equal(
        resubmitted.headers.location,
        saved.headers.location,
        'a form submitted twice is saved once, without a warning about itself',
      )
    })

    test('a bad registration form shows its own errors, not matches', async () => {
      const { form } = await nearDuplicateForm()
      const res = await post('/subjects/new', { ...form, 'dateOfBirth-month': '13' })
      assert.equal(res.statusCode, 400)
      assert.match(res.body, /Date of birth must be a real date/)
      assert.doesNotMatch(res.body, /This person may already be known/)
    })

    test('a reviewer merges a pair from the queue and unmerges it; refusals are shown as errors', async () => {
      const supervisor = await signIn(t.app, 'demo.supervisor')
      const queue = await get('/identity/review', supervisor)
      assert.equal(queue.statusCode, 200)
      const id = /data-qa="review-link" href="\/identity\/review\/([0-9a-f-]{36})"/.exec(queue.body)?.[1]
      assert.ok(id, 'the queue lists a pair')
      const page = await get(`/identity/review/${id}`, supervisor)
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /Compare possible duplicate records/)
      assert.match(page.body, /Evidence \(bits\)/)

      const noCsrf = await t.app.inject({
        method: 'POST',
        url: `/identity/review/${id}/confirm`,
        headers: { cookie: supervisor.cookie },
        payload: {},
      })
      assert.equal(noCsrf.statusCode, 403)

      const merged = await post(`/identity/review/${id}/confirm`, { reason: 'Same person' }, supervisor)
      assert.equal(merged.statusCode, 303)
      const location = String(merged.headers.location)
      assert.match(location, /^\/identity\/merges\/[0-9a-f-]{36}$/)
      const record = await get(location, supervisor)
      assert.match(record.body, /Merged records/)
      assert.match(record.body, /Unmerge/)
      const again = await post(`/identity/review/${id}/confirm`, {}, supervisor)
      assert.equal(again.statusCode, 409)
      assert.match(again.body, /already confirmed/)

      const undone = await post(`${location}/unmerge`, { reason: 'Wrong person' }, supervisor)
      assert.equal(undone.statusCode, 303)
      const after = await get(location, supervisor)
      assert.match(after.body, /This merge was undone/)
      assert.doesNotMatch(after.body, /data-qa="unmerge"/)
      const audited = await db()
        .selectFrom('audit_event')
        .select(['operation', 'details'])
        .where('operation', '=', 'combine')
        .where('actor_username', '=', 'demo.supervisor')
        .execute()
      assert.deepEqual(audited.map(r => (r.details as { action: string }).action).sort(), ['merge', 'unmerge'])
    })

    test('rejecting a pair returns to the queue with a confirmation', async () => {
      const queue = await get('/identity/review')
      const id = /data-qa="review-link" href="\/identity\/review\/([0-9a-f-]{36})"/.exec(queue.body)?.[1]
      assert.ok(id)
      const tooLong = await post(`/identity/review/${id}/reject`, { reason: 'x'.repeat(501) })
      assert.equal(tooLong.statusCode, 400)
      assert.match(tooLong.body, /The reason must be 500 characters or fewer/)
      assert.match(tooLong.body, /Compare possible duplicate records/)
      assert.equal(
        (await db().selectFrom('duplicate_candidate').select('status').where('id', '=', id).executeTakeFirstOrThrow())
          .status,
        'open',
        'bad input writes nothing',
      )
      const res = await post(`/identity/review/${id}/reject`, { reason: 'Brothers' })
      assert.equal(res.statusCode, 303)
      assert.equal(res.headers.location, '/identity/review?done=rejected')
      assert.match((await get('/identity/review?done=rejected')).body, /Recorded as different people/)
    })

    test('the navigation offers the queue to case roles only', async () => {
      assert.match((await get('/')).body, /Possible duplicates/)
      const analyst = await signIn(t.app, 'demo.analyst')
      assert.doesNotMatch((await get('/', analyst)).body, /Possible duplicates/)
      assert.equal((await get('/identity/review', analyst)).statusCode, 403)
    })
  })
}
