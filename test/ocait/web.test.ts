import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { signIn, startTestApp, type TestApp } from '../support/app.ts'
import type { Staff } from '../support/factories.ts'
import { ifSet } from '../support/hooks.ts'
import { triageAnswers } from './support.ts'

describe('online child abuse referral pages: queue, intake form with its errors, triage', () => {
  let t: TestApp
  let officer: Staff
  let session: { cookie: string; csrf: string }
  before(async () => {
    t = await startTestApp({ seed: false })
    const team = await t.f.newTeam({ name: 'Online Child Abuse Investigation Team (web test)' })
    const supervisor = await t.f.newStaff('supervisor', { team, signIn: true })
    officer = await t.f.newStaff('investigator', { team, supervisor, signIn: true })
    session = await signIn(t.app, officer.username)
  })
  after(async () => ifSet(t)?.close())

  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: session.cookie } })
  const post = (url: string, payload: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: session.cookie },
      payload: { ...payload, _csrf: session.csrf },
    })

  test('an empty queue says so', async () => {
    const page = await get('/ocait')
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /data-qa="empty-queue"/)
    assert.match((await get('/ocait?view=overdue')).body, /No referrals are overdue/)
  })

  test('the intake form lists every problem in its error summary, keeping what was typed', async () => {
    const page = await post('/ocait/referrals', {
      formToken: randomUUID(),
      'uploads-1-ip': '999.0.0.1',
      'uploads-1-time': '2026-11-20 23:15',
      'uploads-1-zone': 'America/Los_Angeles',
    })
    assert.equal(page.statusCode, 400)
    assert.match(page.body, /There is a problem/)
    assert.match(page.body, /href="#source"/)
    assert.match(page.body, /href="#summary"/)
    assert.match(page.body, /href="#receivedAt"/)
    // The second upload row on the form, though it was the first one sent.
    assert.match(page.body, /href="#uploads-1-ip">Enter a real IPv4 or IPv6 address/)
    assert.match(page.body, /value="999.0.0.1"/)
  })

  test('a referral goes from the form to its page, then through triage to its grade and deadline', async () => {
    const taken = await post('/ocait/referrals', {
      formToken: randomUUID(),
      source: 'national',
      sourceReference: 'SYN-CT-0042',
      'receivedAt-day': '23',
      'receivedAt-month': '11',
      'receivedAt-year': '2026',
      'receivedAt-time': '08:30',
      platform: 'Example Platform',
      'accounts-0-platform': 'Example Platform',
      'accounts-0-kind': 'username',
      'accounts-0-value': 'synthetic_user_0042',
      'uploads-0-ip': '198.51.100.23',
      'uploads-0-time': '2026-11-20 23:15',
      'uploads-0-zone': 'America/Los_Angeles',
      'images-a': '0',
      'images-b': '2',
      'images-c': '9',
      summary: 'Industry report of two uploads (synthetic).',
    })
    assert.equal(taken.statusCode, 303, taken.body.slice(0, 500))
    const location = String(taken.headers.location)
    const id = /\/ocait\/referrals\/([0-9a-f-]{36})/.exec(location)?.[1] ?? ''
    const page = await get(location)
    assert.match(page.body, /Referral taken/)
    assert.match(page.body, /2026-11-21 07:15 UTC/)
    assert.match(page.body, /synthetic_user_0042/)
    const queue = await get('/ocait')
    assert.match(queue.body, /data-qa="referral-link"/)

    const form = await get(`/ocait/referrals/${id}/triage`)
    assert.equal(form.statusCode, 200)
    const missing = await post(`/ocait/referrals/${id}/triage`, { version: '1' })
    assert.equal(missing.statusCode, 400)
    assert.match(missing.body, /href="#answers-prison"/)
    const answers = Object.fromEntries(
      Object.entries(triageAnswers(['children-in-household', 'sexual-communication'])).map(([k, v]) => [
        `answers-${k}`,
        v,
      ]),
    )
    const graded = await post(`/ocait/referrals/${id}/triage`, { ...answers, version: '1' })
    assert.equal(graded.statusCode, 303)
    const after = await get(`/ocait/referrals/${id}?triaged=1`)
    assert.match(after.body, /Grade: Very high/)
    assert.match(after.body, /Access to children together with grooming/i)
  })
})
