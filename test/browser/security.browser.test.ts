import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, BrowserContext } from 'playwright-core'
import { currentCode, DEMO_PASSWORD, startTestApp, type TestApp } from '../support/app.ts'
import { describeViolations, launchBrowser, seriousAccessibilityViolations, signInAs } from '../support/browser.ts'
import { ifSet } from '../support/hooks.ts'

describe('security in a real browser', () => {
  let t: TestApp & { url: string }
  let browser: Browser
  const contexts: BrowserContext[] = []
  before(async () => {
    t = await startTestApp({ subjects: 60, listen: true })
    browser = await launchBrowser()
  })
  after(async () => {
    await ifSet(browser)?.close()
    await ifSet(t)?.close()
  })
  const newPage = async () => {
    const context = await browser.newContext({ timezoneId: 'Europe/London' })
    contexts.push(context)
    return context.newPage()
  }

  test('signing in asks for the authenticator code after the password', async () => {
    const page = await newPage()
    await page.goto(`${t.url}/sign-in`)
    await page.fill('#username', 'demo.supervisor')
    await page.fill('#password', DEMO_PASSWORD)
    await page.click('[data-qa="sign-in"]')
    await page.waitForURL(`${t.url}/sign-in/code`)
    assert.equal((await seriousAccessibilityViolations(page)).length, 0)
    await page.fill('#code', '000000')
    await page.click('[data-qa="submit-code"]')
    await page.waitForSelector('.govuk-error-summary')
    await page.fill('#code', await currentCode(t.app, 'demo.supervisor'))
    await page.click('[data-qa="submit-code"]')
    await page.waitForURL(`${t.url}/`)
    assert.match((await page.textContent('[data-qa="signed-in-user"]')) ?? '', /Supervisor/)
  })

  test('five wrong passwords lock the account: the right password is then refused too', async () => {
    const page = await newPage()
    for (let i = 0; i < 5; i++) {
      await page.goto(`${t.url}/sign-in`)
      await page.fill('#username', 'demo.head')
      await page.fill('#password', `not-it-${i}`)
      await page.click('[data-qa="sign-in"]')
      await page.waitForSelector('.govuk-error-summary')
    }
    await page.fill('#username', 'demo.head')
    await page.fill('#password', DEMO_PASSWORD)
    await page.click('[data-qa="sign-in"]')
    await page.waitForSelector('.govuk-error-summary')
    assert.equal(new URL(page.url()).pathname, '/sign-in')
    assert.match((await page.textContent('.govuk-error-summary')) ?? '', /Enter a correct username and password/)
    assert.match((await page.textContent('main')) ?? '', /locked for 15 minutes/)
  })

  test('a form sent without its CSRF token is refused with a clear page, and nothing is saved', async () => {
    const page = await newPage()
    await signInAs(page, t.url, 'demo.om', DEMO_PASSWORD, () => currentCode(t.app, 'demo.om'))
    const before = await t.database.db
      .selectFrom('subject')
      .select(t.database.db.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    await page.goto(`${t.url}/subjects/new`)
    await page.fill('#givenName', 'Forged')
    await page.evaluate(() => document.querySelector('[data-qa="register-form"] input[name="_csrf"]')?.remove())
    await page.click('[data-qa="register"]')
    await page.waitForSelector('[data-qa="csrf-rejected"]')
    assert.equal(await page.title(), 'The form could not be sent – Vigil')
    const after = await t.database.db
      .selectFrom('subject')
      .select(t.database.db.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    assert.equal(after.n, before.n)
  })

  test('break-glass: an investigator must give a reason before a record opens', async () => {
    // Investigators belong to no team, so any subject needs break-glass; this one is made for the test.
    const made = await t.f.newSubject({ person: { givenName: 'Perpetua', familyName: 'Stonehewer' } })
    const subject = { id: made.id, family_name: made.familyName }
    const page = await newPage()
    await signInAs(page, t.url, 'demo.investigator', DEMO_PASSWORD, () => currentCode(t.app, 'demo.investigator'))
    await page.goto(`${t.url}/subjects/${subject.id}`)
    await page.waitForSelector('[data-qa="break-glass-message"]')
    const violations = await seriousAccessibilityViolations(page)
    assert.equal(violations.length, 0, describeViolations(violations))
    assert.doesNotMatch((await page.textContent('main')) ?? '', new RegExp(subject.family_name))
    await page.click('[data-qa="break-glass"]')
    await page.waitForSelector('.govuk-error-summary')
    assert.match((await page.textContent('.govuk-error-summary')) ?? '', /Enter why you need to see this record/)
    await page.fill('#reason', 'Log 4321: named as a suspect in a new report')
    await page.click('[data-qa="break-glass"]')
    await page.waitForSelector('[data-qa="subject-name"]')
    assert.match((await page.textContent('[data-qa="subject-name"]')) ?? '', new RegExp(subject.family_name))
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select(['purpose'])
      .where('operation', '=', 'break-glass')
      .where('subject_id', '=', subject.id)
      .execute()
    assert.deepEqual(
      audit.map(a => a.purpose),
      ['Log 4321: named as a suspect in a new report'],
    )
  })
})
