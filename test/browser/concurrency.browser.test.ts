import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { currentCode, DEMO_PASSWORD, startTestApp, type TestApp } from '../support/app.ts'
import { describeViolations, launchBrowser, seriousAccessibilityViolations, signInAs } from '../support/browser.ts'

describe('two people editing the same record in real browsers', () => {
  let t: TestApp & { url: string }
  let browser: Browser
  let subjectId = ''
  before(async () => {
    t = await startTestApp({ subjects: 40, listen: true })
    browser = await launchBrowser()
    subjectId = (
      await t.database.db
        .selectFrom('subject as s')
        .innerJoin('staff as om', 'om.id', 's.offender_manager_id')
        .select('s.id')
        .where('om.username', '=', 'demo.om')
        .orderBy('s.reference')
        .executeTakeFirstOrThrow()
    ).id
  })
  after(async () => {
    await browser.close()
    await t.close()
  })

  const signedIn = async (username: string): Promise<Page> => {
    const context = await browser.newContext({ timezoneId: 'Europe/London' })
    const page = await context.newPage()
    await signInAs(page, t.url, username, DEMO_PASSWORD, () => currentCode(t.app, username))
    return page
  }

  test('the second save of the health and victim notes is refused, showing both versions; nothing is overwritten', async () => {
    const first = await signedIn('demo.om')
    const second = await signedIn('demo.supervisor')
    const notesUrl = `${t.url}/subjects/${subjectId}/sensitive`
    // Both open the form at the same version.
    await first.goto(notesUrl)
    await second.goto(notesUrl)

    await first.fill('#healthNotes', 'Asthma; inhaler carried')
    await first.click('[data-qa="save-sensitive"]')
    await first.waitForURL(`${t.url}/subjects/${subjectId}`)

    await second.fill('#healthNotes', 'Type 2 diabetes')
    await second.click('[data-qa="save-sensitive"]')
    await second.waitForSelector('[data-qa="stale-versions"]')
    assert.match((await second.textContent('h1')) ?? '', /Someone changed this record while you were editing/)
    const table = (await second.textContent('[data-qa="stale-versions"]')) ?? ''
    assert.match(table, /Type 2 diabetes/, 'the refused edit is shown so it can be copied')
    assert.match(table, /Asthma; inhaler carried/, 'the saved version is shown')
    assert.deepEqual(describeViolations(await seriousAccessibilityViolations(second)), '')

    // The first save stands; opening the record again shows it, and saving from there works.
    await second.click('text=open the record again')
    await second.waitForURL(notesUrl)
    assert.equal(await second.inputValue('#healthNotes'), 'Asthma; inhaler carried')
    await second.fill('#healthNotes', 'Asthma; inhaler carried. Type 2 diabetes')
    await second.click('[data-qa="save-sensitive"]')
    await second.waitForURL(`${t.url}/subjects/${subjectId}`)
    const stored = await t.database.db
      .selectFrom('subject')
      .select(['health_notes', 'version'])
      .where('id', '=', subjectId)
      .executeTakeFirstOrThrow()
    assert.equal(stored.health_notes, 'Asthma; inhaler carried. Type 2 diabetes')
  })
})
