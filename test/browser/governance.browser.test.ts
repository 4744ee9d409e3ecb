import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { DEMO_PASSWORD, currentCode, startTestApp, type TestApp } from '../support/app.ts'
import { describeViolations, launchBrowser, seriousAccessibilityViolations, signInAs } from '../support/browser.ts'
import { ifSet } from '../support/hooks.ts'

describe('a supervisor governs overdue visits in a real browser', () => {
  let t: TestApp & { url: string }
  let browser: Browser
  let page: Page
  let officerId: string
  before(async () => {
    t = await startTestApp({ subjects: 300, listen: true })
    const db = t.database.db
    const sup = await db
      .selectFrom('staff')
      .select(['team_id'])
      .where('username', '=', 'demo.supervisor')
      .executeTakeFirstOrThrow()
    // Make sure at least one case in the team is overdue a visit, whatever the small seed gave.
    const subject = await db
      .selectFrom('subject as s')
      .select(['s.id', 's.offender_manager_id'])
      .where('s.managing_team_id', '=', sup.team_id ?? '')
      .where('s.status', '=', 'active')
      .where('s.category', '=', 'rso')
      .where('s.offender_manager_id', 'is not', null)
      .orderBy('s.reference')
      .executeTakeFirstOrThrow()
    await db
      .updateTable('subject_due')
      .set({ next_visit_due: '2026-11-01' })
      .where('subject_id', '=', subject.id)
      .execute()
    officerId = subject.offender_manager_id ?? ''
    browser = await launchBrowser()
    page = await (await browser.newContext({ timezoneId: 'Europe/London' })).newPage()
  })
  after(async () => {
    await ifSet(browser)?.close()
    await ifSet(t)?.close()
  })

  const accessible = async (what: string) => {
    const violations = await seriousAccessibilityViolations(page)
    assert.equal(violations.length, 0, `${what}: ${describeViolations(violations)}`)
  }
  const count = async (selector: string) =>
    Number((await page.textContent(selector))?.replace(/\D+/g, ' ').trim().split(' ')[0])

  test('drills from district to officer to subject, records a visit and sees the overdue count fall by one', async () => {
    await signInAs(page, t.url, 'demo.supervisor', DEMO_PASSWORD, () => currentCode(t.app, 'demo.supervisor'))
    await page.goto(`${t.url}/governance?groupBy=district`)
    assert.equal(await page.title(), 'Overdue governance – Vigil')
    await accessible('dashboard by district')
    await page.click('[data-qa^="drill-"]')
    await page.waitForURL(/groupBy=team/)
    await page.click('[data-qa^="drill-"]')
    await page.waitForURL(/groupBy=officer/)
    await accessible('dashboard by officer')
    const cell = `[data-qa="count-${officerId}-visits-overdue"]`
    const before = await count(cell)
    assert.ok(before >= 1, 'the officer has an overdue visit')
    const officerLevel = page.url()
    await page.click(`${cell} a`)
    await page.waitForURL(/\/governance\/subjects/)
    assert.equal(await count('[data-qa="list-total"]'), before, 'the list has as many rows as the count said')
    await accessible('drill-down list')
    await page.click('[data-qa="subject-link"]')
    await page.waitForSelector('[data-qa="visit-summary"]')
    await accessible('subject page with visits')
    await page.click('[data-qa="record-visit-link"]')
    await page.waitForSelector('[data-qa="visit-form"]')
    await accessible('visit form')
    await page.click('[data-qa="record-visit"]')
    await page.waitForSelector('.govuk-error-summary')
    const summary = (await page.textContent('.govuk-error-summary')) ?? ''
    assert.match(summary, /Select whether the visit was planned or unannounced/)
    assert.match(summary, /Enter date of the visit/)
    assert.match(summary, /Enter what you found at the visit/)
    await accessible('visit form with errors')
    await page.check('#kind-2')
    await page.fill('#at-date-day', '23')
    await page.fill('#at-date-month', '11')
    await page.fill('#at-date-year', '2026')
    await page.fill('#at-time', '09:15')
    await page.selectOption('#officer2', officerId)
    await page.check('#outcome')
    await page.fill('#findings', 'Seen at home on behalf of the offender manager. No change.')
    await page.click('[data-qa="record-visit"]')
    await page.waitForSelector('.govuk-notification-banner')
    await page.goto(officerLevel)
    assert.equal(await count(cell), before - 1, 'the overdue count fell by one, with no stale cache')
  })

  test('the planner, workload, trend, ARMS and RM2000 pages have no serious accessibility problems', async () => {
    for (const path of ['/visits/planner?days=28', '/workload', '/governance/trend?measure=visits', '/risk/rm2000']) {
      const res = await page.goto(`${t.url}${path}`)
      assert.equal(res?.status(), 200, path)
      await accessible(path)
    }
    const subject = await t.database.db
      .selectFrom('subject as s')
      .innerJoin('staff as st', 'st.team_id', 's.managing_team_id')
      .select('s.id')
      .where('st.username', '=', 'demo.supervisor')
      .where('s.category', '=', 'rso')
      .executeTakeFirstOrThrow()
    await page.goto(`${t.url}/subjects/${subject.id}/arms/new`)
    await accessible('ARMS form')
    await page.click('button.govuk-button')
    await page.waitForSelector('.govuk-error-summary')
    assert.match((await page.textContent('.govuk-error-summary')) ?? '', /Enter date of the assessment/)
    await accessible('ARMS form with errors')
    await page.goto(`${t.url}/subjects/${subject.id}/allocate`)
    await accessible('allocation')
  })
})
