import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { actorNamed, currentCode, DEMO_PASSWORD, startTestApp, type TestApp } from '../support/app.ts'
import { describeViolations, launchBrowser, seriousAccessibilityViolations, signInAs } from '../support/browser.ts'
import { ifSet } from '../support/hooks.ts'

describe('an offender manager in a real browser', () => {
  let t: TestApp & { url: string }
  let browser: Browser
  let page: Page
  before(async () => {
    t = await startTestApp({ subjects: 150, listen: true })
    browser = await launchBrowser()
    page = await (await browser.newContext({ timezoneId: 'Europe/London' })).newPage()
  })
  after(async () => {
    await ifSet(browser)?.close()
    await ifSet(t)?.close()
  })

  test('the sign-in page is accessible', async () => {
    await page.goto(`${t.url}/sign-in`)
    assert.equal(await page.title(), 'Sign in – Vigil')
    const violations = await seriousAccessibilityViolations(page)
    assert.equal(violations.length, 0, describeViolations(violations))
  })

  test('a wrong password shows a GOV.UK error summary', async () => {
    await page.fill('#username', 'demo.om')
    await page.fill('#password', 'wrong password')
    await page.click('[data-qa="sign-in"]')
    await page.waitForSelector('.govuk-error-summary')
    assert.match((await page.textContent('.govuk-error-summary')) ?? '', /Enter a correct username and password/)
  })

  test('signs in, searches by name, opens the subject, with no serious accessibility problems on any page', async () => {
    await signInAs(page, t.url, 'demo.om', DEMO_PASSWORD, () => currentCode(t.app, 'demo.om'))
    assert.match((await page.textContent('[data-qa="signed-in-user"]')) ?? '', /Offender manager/)
    assert.equal((await seriousAccessibilityViolations(page)).length, 0, 'home page')

    // A subject made for this test, managed by the demo officer, with a name no seeded person has.
    const made = await t.f.newSubject({
      manager: await actorNamed(t.database, 'demo.om'),
      person: { givenName: 'Ottoline', familyName: 'Quarmby' },
    })
    const managed = { reference: made.reference, given_name: made.givenName, family_name: made.familyName }

    await page.click('a[href="/subjects/search"]')
    assert.equal((await seriousAccessibilityViolations(page)).length, 0, 'search page')
    await page.fill('#query', `${managed.given_name} ${managed.family_name}`)
    await page.click('[data-qa="search"]')
    await page.waitForSelector('[data-qa="result-count"]')
    const violations = await seriousAccessibilityViolations(page)
    assert.equal(violations.length, 0, describeViolations(violations))
    assert.doesNotMatch(page.url(), new RegExp(managed.family_name, 'i'), 'no names in the URL')

    const row = page.locator('[data-qa="results"] tr', { hasText: managed.reference })
    await row.locator('a').click()
    await page.waitForSelector('[data-qa="subject-name"]')
    assert.match((await page.textContent('[data-qa="subject-name"]')) ?? '', new RegExp(managed.family_name))
    assert.match((await page.textContent('[data-qa="subject-summary"]')) ?? '', /Offender manager/)
    const subjectViolations = await seriousAccessibilityViolations(page)
    assert.equal(subjectViolations.length, 0, describeViolations(subjectViolations))
  })

  test('the registration form shows every error in a summary and keeps what was typed', async () => {
    await page.goto(`${t.url}/subjects/new`)
    await page.fill('#familyName', 'Browserton')
    await page.fill('#dateOfBirth-day', '31')
    await page.fill('#dateOfBirth-month', '2')
    await page.fill('#dateOfBirth-year', '1990')
    await page.fill('#address-postcode', 'ZZZ')
    await page.click('[data-qa="register"]')
    await page.waitForSelector('.govuk-error-summary')
    const summary = (await page.textContent('.govuk-error-summary')) ?? ''
    assert.match(summary, /Enter the first name/)
    assert.match(summary, /Date of birth must be a real date/)
    assert.match(summary, /Enter a real postcode/)
    assert.equal(await page.inputValue('#familyName'), 'Browserton')
    assert.equal(await page.title(), 'Error: Register a subject – Vigil')
    const violations = await seriousAccessibilityViolations(page)
    assert.equal(violations.length, 0, describeViolations(violations))
  })
})
