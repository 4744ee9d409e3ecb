import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { Forbidden } from '../../src/domain/errors.ts'
import type { Actor } from '../../src/domain/access/actor.ts'
import { actorNamed, signIn, startTestApp, type TestApp } from '../support/app.ts'
import type { DistrictName, Subject, Team } from '../support/factories.ts'
import { testEngines } from '../support/db.ts'

/** Issue 10's findings in risk, visits, workload and governance: each attack, refused. */
for (const engine of testEngines()) {
  describe(`casework access findings [${engine}]`, () => {
    let t: TestApp
    let supervisor: Actor
    let ownTeam: Team
    let otherTeam: Team
    let mine: Subject
    let theirs: Subject
    before(async () => {
      t = await startTestApp({ engine, subjects: 60 })
      supervisor = await actorNamed(t.database, 'demo.supervisor')
      ownTeam = await t.f.teamOf(supervisor.teamId ?? '')
      // Another team in the same district: neither the district nor the force boundary keeps it out.
      otherTeam = await t.f.newTeam({ district: ownTeam.districtName as DistrictName })
      // Registered a year ago with no visit: both are overdue a first visit, and neither has an offender manager.
      mine = await t.f.newSubject({ team: ownTeam, manager: null })
      theirs = await t.f.newSubject({ team: otherTeam, manager: null })
    })
    after(async () => t.close())

    const overdueVisits = 'measure=visits&cell=overdue'

    test("a supervisor's unallocated drill-down lists only their own team's subjects (web, CSV and API agree)", async () => {
      const { cookie } = await signIn(t.app, 'demo.supervisor')
      const csv = await t.app.inject({
        method: 'GET',
        url: `/governance/subjects.csv?scope=officer:unallocated&${overdueVisits}`,
        headers: { cookie },
      })
      assert.equal(csv.statusCode, 200)
      assert.ok(csv.body.includes(mine.reference), 'their own unallocated subject is listed')
      assert.ok(!csv.body.includes(theirs.reference), "another team's unallocated subject is not")
      const csvRows = csv.body.trim().split('\n').length - 1

      const web = await t.app.inject({
        method: 'GET',
        url: `/governance/subjects?scope=officer:unallocated&${overdueVisits}`,
        headers: { cookie },
      })
      assert.equal(web.statusCode, 200)
      assert.ok(!web.body.includes(theirs.reference))
      assert.ok(!web.body.includes(theirs.familyName))

      const token = await t.services.auth.createApiToken('demo.supervisor')
      const api = await t.app.inject({
        method: 'GET',
        url: `/api/v1/governance/subjects?scope=officer:unallocated&${overdueVisits}`,
        headers: { authorization: `Bearer ${token}` },
      })
      assert.equal(api.statusCode, 200, api.body)
      const body = api.json<{ total: number; items: Array<{ reference: string; subjectId: string }> }>()
      assert.ok(!body.items.some(i => i.subjectId === theirs.id))
      assert.equal(body.total, csvRows, 'the API counts the rows the CSV lists')

      // The dashboard's "Unallocated" row in the team, the list it opens and the CSV are the same subjects.
      const dashboard = await t.services.governance.dashboard(supervisor, { groupBy: 'officer' })
      const unallocated = dashboard.groups.find(g => g.key === 'unallocated')
      assert.equal(unallocated?.measures.visits.overdue, csvRows)
    })

    test('a supervisor cannot name another team as the area of the unallocated list', async () => {
      await assert.rejects(
        t.services.governance.list(supervisor, {
          scope: { level: 'officer', key: 'unallocated', within: { level: 'team', key: otherTeam.id } },
          measure: 'visits',
          cell: 'overdue',
        }),
        Forbidden,
      )
      const { cookie } = await signIn(t.app, 'demo.supervisor')
      const web = await t.app.inject({
        method: 'GET',
        url: `/governance/subjects?scope=officer:unallocated:team:${otherTeam.id}&${overdueVisits}`,
        headers: { cookie },
      })
      assert.equal(web.statusCode, 403)
    })

    test("the unit head's unallocated list is the force's, or one team's when drilled from that team", async () => {
      const head = await actorNamed(t.database, 'demo.head')
      const force = await t.services.governance.list(head, {
        scope: { level: 'officer', key: 'unallocated' },
        measure: 'visits',
        cell: 'overdue',
        all: true,
      })
      const ids = force.rows.map(r => r.subjectId)
      assert.ok(ids.includes(mine.id) && ids.includes(theirs.id))
      const team = await t.services.governance.dashboard(head, {
        scope: { level: 'team', key: otherTeam.id },
        groupBy: 'officer',
      })
      const row = team.groups.find(g => g.key === 'unallocated')
      assert.equal(row?.measures.visits.overdue, 1)
      const { cookie } = await signIn(t.app, 'demo.head')
      const page = await t.app.inject({
        method: 'GET',
        url: `/governance?scope=team:${otherTeam.id}&groupBy=officer`,
        headers: { cookie },
      })
      const listScope = `officer:unallocated:team:${otherTeam.id}`
      assert.ok(page.body.includes(listScope), 'the unallocated row opens the list within the team')
      const list = await t.app.inject({
        method: 'GET',
        url: `/governance/subjects.csv?scope=${listScope}&${overdueVisits}`,
        headers: { cookie },
      })
      assert.ok(list.body.includes(theirs.reference) && !list.body.includes(mine.reference))
    })

    test('a refused allocation is audited, on the page and through the service', async () => {
      const om = await actorNamed(t.database, 'demo.om')
      const refusals = async () =>
        (
          await t.database.db
            .selectFrom('audit_event')
            .select(['operation', 'subject_id'])
            .where('actor_id', '=', om.id)
            .where('record_type', '=', 'allocation')
            .where('outcome', '=', 'denied')
            .execute()
        ).filter(r => r.subject_id === mine.id)
      const { cookie } = await signIn(t.app, 'demo.om')
      const page = await t.app.inject({ method: 'GET', url: `/subjects/${mine.id}/allocate`, headers: { cookie } })
      assert.equal(page.statusCode, 403)
      assert.deepEqual(
        (await refusals()).map(r => r.operation),
        ['consult'],
      )
      await assert.rejects(t.services.workload.allocate(om, mine.id, { officerId: om.id }), Forbidden)
      assert.deepEqual((await refusals()).map(r => r.operation).sort(), ['alter', 'consult'])
    })

    test('the subject page shows the visits section, with write links only to those who may record', async () => {
      const om = await actorNamed(t.database, 'demo.om')
      const own = await t.f.newSubject({ team: await t.f.teamOf(om.teamId ?? ''), manager: om })
      const { cookie } = await signIn(t.app, 'demo.om')
      const managed = await t.app.inject({ method: 'GET', url: `/subjects/${own.id}`, headers: { cookie } })
      assert.equal(managed.statusCode, 200)
      assert.ok(managed.body.includes('data-qa="visit-summary"'))
      assert.ok(managed.body.includes('data-qa="record-visit-link"'))

      const investigator = await actorNamed(t.database, 'demo.investigator')
      await t.f.newBreakGlass(investigator, own)
      const viewer = await signIn(t.app, 'demo.investigator')
      const readOnly = await t.app.inject({
        method: 'GET',
        url: `/subjects/${own.id}`,
        headers: { cookie: viewer.cookie },
      })
      assert.equal(readOnly.statusCode, 200)
      assert.ok(readOnly.body.includes('data-qa="visit-summary"'), 'break-glass may read the risk part')
      assert.ok(!readOnly.body.includes('data-qa="record-visit-link"'), 'but not record a visit')
      assert.ok(!readOnly.body.includes(`/subjects/${own.id}/arms/new`))
    })
  })
}
