import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { KyselyPlugin, OperationNode, PluginTransformQueryArgs, PluginTransformResultArgs } from 'kysely'
import type { Database } from '../../src/data/database.ts'
import { signIn, startTestApp, type TestApp } from '../support/app.ts'
import { testEngines } from '../support/db.ts'

/** Counts statements that read the subject table itself (not joins from other tables). */
class SubjectReads implements KyselyPlugin {
  count = 0
  transformQuery(args: PluginTransformQueryArgs) {
    if (readsSubjectTable(args.node)) this.count++
    return args.node
  }
  transformResult(args: PluginTransformResultArgs) {
    return Promise.resolve(args.result)
  }
}

function tableOf(node: OperationNode | undefined): string | undefined {
  if (!node) return undefined
  if (node.kind === 'TableNode')
    return (node as unknown as { table: { identifier: { name: string } } }).table.identifier.name
  if (node.kind === 'AliasNode') return tableOf((node as unknown as { node: OperationNode }).node)
  return undefined
}

function readsSubjectTable(node: OperationNode): boolean {
  if (node.kind === 'SelectQueryNode') {
    const froms = (node as unknown as { from?: { froms: OperationNode[] } }).from?.froms ?? []
    return froms.some(f => tableOf(f) === 'subject')
  }
  if (node.kind === 'RawNode') {
    const text = (node as unknown as { sqlFragments: string[] }).sqlFragments.join('?')
    return /^\s*select\b[\s\S]*\bfrom\s+subject\b/i.test(text)
  }
  return false
}

for (const engine of testEngines()) {
  describe(`the composed subject page [${engine}]`, () => {
    describeSubjectPage(engine)
  })
}

function describeSubjectPage(engine: 'pglite' | 'postgres') {
  let t: TestApp
  const reads = new SubjectReads()
  before(async () => {
    t = await startTestApp({
      engine,
      subjects: 20,
      instrument: (database: Database) => ({ ...database, db: database.db.withPlugin(reads) }),
    })
  })
  after(async () => {
    await t.close()
  })

  test(`the managing officer's GET /subjects/:id writes one audit row and reads the subject row once`, async () => {
    const team = await t.f.newTeam({ district: 'Trafford' })
    const om = await t.f.newStaff('offender_manager', { team, signIn: true })
    const subject = await t.f.newSubject({ team, manager: om, risk: 'high' })
    const { cookie } = await signIn(t.app, om.username)

    reads.count = 0
    const page = await t.app.inject({ method: 'GET', url: `/subjects/${subject.id}`, headers: { cookie } })
    assert.equal(page.statusCode, 200)
    assert.equal(reads.count, 1, 'the subject row is read once')

    const requestId = page.headers['x-request-id']
    assert.equal(typeof requestId, 'string')
    const rows = await t.database.db
      .selectFrom('audit_event')
      .select(['operation', 'subject_id', 'details'])
      .where('correlation_id', '=', requestId as string)
      .execute()
    assert.equal(rows.length, 1, 'one consultation row for the page')
    assert.equal(rows[0]?.operation, 'consult')
    assert.equal(rows[0].subject_id, subject.id)
    const details = rows[0].details as { parts?: string[] }
    assert.ok(details.parts?.includes('identity') && details.parts.includes('risk'), 'the row names the parts shown')
  })
}
