import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { currentCode, DEMO_PASSWORD, startTestApp, type TestApp } from '../support/app.ts'
import { describeViolations, launchBrowser, seriousAccessibilityViolations, signInAs } from '../support/browser.ts'
import { ifSet } from '../support/hooks.ts'

describe('identity resolution in a real browser', () => {
  let t: TestApp & { url: string }
  let browser: Browser
  before(async () => {
    t = await startTestApp({ subjects: 40, listen: true })
    browser = await launchBrowser()
  })
  after(async () => {
    await ifSet(browser)?.close()
    await ifSet(t)?.close()
  })

  async function signedIn(username: string): Promise<Page> {
    const page = await (await browser.newContext({ timezoneId: 'Europe/London' })).newPage()
    await signInAs(page, t.url, username, DEMO_PASSWORD, () => currentCode(t.app, username))
    return page
  }

  async function assertAccessible(page: Page, what: string): Promise<void> {
    const violations = await seriousAccessibilityViolations(page)
    assert.equal(violations.length, 0, `${what}: ${describeViolations(violations)}`)
  }

  test('creating a person who closely matches an existing one shows the warning with its explanation', async () => {
    const page = await signedIn('demo.om')
    const known = await t.database.db
      .selectFrom('subject as s')
      .innerJoin('person as p', 'p.id', 's.person_id')
      .select(['s.reference', 'p.given_name', 'p.family_name', 'p.date_of_birth'])
      .orderBy('s.reference', 'desc')
      .executeTakeFirstOrThrow()
    const [year, month, day] = (known.date_of_birth ?? '').split('-')
    await page.click('a[href="/subjects/new"]')
    await page.fill('#givenName', known.given_name)
    await page.fill('#familyName', `${known.family_name}s`)
    await page.fill('#dateOfBirth-day', String(Number(day)))
    await page.fill('#dateOfBirth-month', String(Number(month)))
    await page.fill('#dateOfBirth-year', String(year))
    await page.check('#gender')
    await page.check('#category-2')
    await page.fill('#address-line1', '7 Warning Way')
    await page.fill('#address-town', 'Sale')
    await page.fill('#address-postcode', 'M33 7XW')
    await page.click('[data-qa="register"]')
    await page.waitForSelector('[data-qa="possible-matches"]')
    const warning = (await page.textContent('[data-qa="possible-matches"]')) ?? ''
    assert.match(warning, /This person may already be known/)
    const match = page.locator('[data-qa="possible-match"]', { hasText: known.reference })
    assert.equal(await match.count(), 1, 'the existing subject is listed')
    const explanation = (await match.locator('[data-qa="match-explanation"]').textContent()) ?? ''
    assert.match(explanation, /Date of birth/)
    assert.match(explanation, /Points to the same person/)
    await assertAccessible(page, 'registration warning')

    // Submitting again without deciding is an error; confirming a different person saves.
    await page.click('[data-qa="register"]')
    await page.waitForSelector('.govuk-error-summary')
    assert.match((await page.textContent('.govuk-error-summary')) ?? '', /Confirm this is a different person/)
    await assertAccessible(page, 'registration warning with error')
    await page.check('[data-qa="different-person"]')
    await page.click('[data-qa="register"]')
    await page.waitForURL(/\/subjects\/[0-9a-f-]{36}\/registered$/)
  })

  test('a reviewer merges two records from the queue, then unmerges them; both are in the audit log', async () => {
    const page = await signedIn('demo.supervisor')
    await page.click('a[href="/identity/review"]')
    await page.waitForSelector('[data-qa="queue"]')
    await assertAccessible(page, 'review queue')
    await page.locator('[data-qa="review-link"]').first().click()
    await page.waitForSelector('[data-qa="merge-form"]')
    assert.match((await page.textContent('[data-qa="candidate-explanation"]')) ?? '', /First name/)
    await assertAccessible(page, 'compare records')

    await page.fill('#reason', 'Same custody photograph')
    await page.click('[data-qa="confirm-merge"]')
    await page.waitForURL(/\/identity\/merges\/[0-9a-f-]{36}$/)
    const mergeUrl = page.url()
    const summary = (await page.textContent('[data-qa="merge-summary"]')) ?? ''
    assert.match(summary, /Names kept as aliases/)
    await assertAccessible(page, 'merge record')

    await page.fill('#reason', 'Twins, confirmed by probation')
    await page.click('[data-qa="unmerge"]')
    await page.waitForSelector('[data-qa="unmerged-banner"]')
    assert.equal(page.url(), mergeUrl)
    await assertAccessible(page, 'undone merge')

    const auditor = await signedIn('demo.auditor')
    await auditor.goto(`${t.url}/audit?operation=combine`)
    await auditor.waitForSelector('[data-qa="audit-results"]')
    const log = (await auditor.textContent('[data-qa="audit-results"]')) ?? ''
    assert.match(log, /Same custody photograph/, 'the merge is in the audit log')
    assert.match(log, /Twins, confirmed by probation/, 'the unmerge is in the audit log')
  })
})
