import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { Forbidden, ValidationError } from '../../src/domain/errors.ts'
import type { Actor } from '../../src/domain/access/actor.ts'
import { ARMS_PROTECTIVE_FACTORS, ARMS_RISK_FACTORS } from '../../src/domain/risk/index.ts'
import { recordSubjectEvent } from '../../src/data/timeline/timelineRepository.ts'
import { loadScheduleSettings, refreshSubjectDue } from '../../src/services/schedule/schedule.ts'
import { actorNamed, startTestApp, type TestApp } from '../support/app.ts'
import { testEngines } from '../support/db.ts'

const TODAY = '2026-11-23'

for (const engine of testEngines()) {
  describe(`risk, visits, governance and workload services [${engine}]`, () => {
    let t: TestApp
    const actors = new Map<string, Actor>()
    before(async () => {
      t = await startTestApp({ engine, subjects: 300 })
    })
    after(async () => t.close())

    const db = () => t.database.db
    async function actor(username: string): Promise<Actor> {
      const cached = actors.get(username) ?? (await actorNamed(t.database, username))
      actors.set(username, cached)
      return cached
    }
    /** A subject in demo.om's team with the given visit state. */
    async function teamSubject(filter: 'overdue-visit' | 'any-active' | 'low-active') {
      const om = await actor('demo.om')
      let q = db()
        .selectFrom('subject as s')
        .innerJoin('subject_due as sd', 'sd.subject_id', 's.id')
        .select(['s.id', 's.risk_level', 's.offender_manager_id', 'sd.next_visit_due', 'sd.review_due'])
        .where('s.managing_team_id', '=', om.teamId ?? '')
        .where('s.status', '=', 'active')
        .where('s.category', '=', 'rso')
        .orderBy('s.reference')
      if (filter === 'overdue-visit') q = q.where('sd.next_visit_due', '<', TODAY)
      if (filter === 'low-active') q = q.where('s.risk_level', '=', 'low')
      return q.executeTakeFirstOrThrow()
    }
    /** An overdue subject in demo.om's team; a small seed may have none, so one is made overdue. */
    async function overdueTeamSubject() {
      const found = await teamSubject('overdue-visit').catch(() => undefined)
      if (found) return found
      const any = await teamSubject('any-active')
      await db()
        .updateTable('subject_due')
        .set({ next_visit_due: '2026-11-10' })
        .where('subject_id', '=', any.id)
        .execute()
      return any
    }
    const twoOfficers = async () => {
      const om = await actor('demo.om')
      const other = await db()
        .selectFrom('staff')
        .select('id')
        .where('team_id', '=', om.teamId ?? '')
        .where('role', '=', 'offender_manager')
        .where('id', '<>', om.id)
        .executeTakeFirstOrThrow()
      return [om.id, other.id]
    }

    test('seeded due dates equal what the domain rules compute from the seeded records', async () => {
      const data = t.services.data
      const settings = await loadScheduleSettings(data.repos)
      const sample = await db().selectFrom('subject_due').selectAll().orderBy('subject_id').limit(60).execute()
      assert.ok(sample.length > 30)
      await data
        .transaction(async repos => {
          for (const row of sample) {
            await refreshSubjectDue(repos, row.subject_id, settings, new Date(t.clock.now().epochMilliseconds))
            const again = await repos.schedule.dueOf(row.subject_id)
            assert.ok(again)
            assert.equal(again.next_visit_due, row.next_visit_due, `visit due of ${row.subject_id}`)
            assert.equal(again.review_due, row.review_due, `review due of ${row.subject_id}`)
            assert.equal(again.last_completed_visit_on, row.last_completed_visit_on)
          }
          throw new Rollback()
        })
        .catch((e: unknown) => {
          if (!(e instanceof Rollback)) throw e
        })
    })

    test('dashboard counts equal the drill-down rows and the API, for every group, measure and band', async () => {
      const head = await actor('demo.head')
      const token = await t.services.auth.createApiToken('demo.head')
      for (const groupBy of ['force', 'district', 'team', 'officer'] as const) {
        const dashboard = await t.services.governance.dashboard(head, { scope: { level: 'force' }, groupBy })
        const api = await t.app.inject({
          method: 'GET',
          url: `/api/v1/governance/overdue?groupBy=${groupBy}`,
          headers: { authorization: `Bearer ${token}` },
        })
        assert.equal(api.statusCode, 200, api.body)
        const body = api.json<{ groups: Array<Record<string, unknown> & { key: string }> }>()
        assert.equal(body.groups.length, dashboard.groups.length)
        for (const g of dashboard.groups) {
          const fromApi = body.groups.find(x => x.key === g.key)
          assert.ok(fromApi, `API group ${g.key}`)
          for (const measure of ['visits', 'reviews', 'notifications'] as const) {
            assert.deepEqual(fromApi[measure], g.measures[measure])
          }
        }
      }
      // Every non-zero district cell against its list.
      const byDistrict = await t.services.governance.dashboard(head, { scope: { level: 'force' }, groupBy: 'district' })
      let checked = 0
      for (const g of byDistrict.groups) {
        for (const measure of ['visits', 'reviews'] as const) {
          for (const cell of ['overdue', 'overdue_1_7', 'overdue_over_90', 'due_14', 'due_28'] as const) {
            const list = await t.services.governance.list(head, {
              scope: { level: 'district', key: g.key },
              measure,
              cell,
              all: true,
            })
            assert.equal(list.total, g.measures[measure][cell], `${g.label} ${measure} ${cell}`)
            assert.equal(list.rows.length, list.total)
            checked++
          }
        }
      }
      assert.ok(checked > 20)
      const total = byDistrict.totals.visits
      assert.equal(total.overdue, total.overdue_1_7 + total.overdue_8_28 + total.overdue_29_90 + total.overdue_over_90)
      assert.ok(total.overdue > 0, 'the seed makes some visits overdue')
    })

    test('recording a seen visit moves the next visit due and the overdue count falls by one', async () => {
      const subject = await overdueTeamSubject()
      const sup = await actor('demo.supervisor')
      const before = await t.services.governance.dashboard(sup, {})
      const input = {
        subjectId: subject.id,
        kind: 'unannounced',
        at: '2026-11-23T09:30',
        officerIds: await twoOfficers(),
        outcome: 'seen',
        checks: ['household composition'],
        findings: 'Seen at home; no change.',
        followUps: [],
      }
      const first = await t.services.visits.recordVisit(sup, input, 'test:visit-1')
      const repeat = await t.services.visits.recordVisit(sup, input, 'test:visit-1')
      assert.equal(repeat.visitId, first.visitId, 'the same idempotency key records once')
      const due = await db()
        .selectFrom('subject_due')
        .selectAll()
        .where('subject_id', '=', subject.id)
        .executeTakeFirstOrThrow()
      assert.equal(due.last_completed_visit_on, TODAY)
      assert.ok(due.next_visit_due && due.next_visit_due > TODAY)
      const afterwards = await t.services.governance.dashboard(sup, {})
      assert.equal(afterwards.totals.visits.overdue, before.totals.visits.overdue - 1)
      const audit = await db()
        .selectFrom('audit_event')
        .select('operation')
        .where('record_type', '=', 'visit')
        .where('record_id', '=', first.visitId)
        .execute()
      assert.deepEqual(
        audit.map(a => a.operation),
        ['collect'],
      )
    })

    test('an invalid visit is refused field by field and writes nothing', async () => {
      const subject = await teamSubject('any-active')
      const om = await actor('demo.om')
      const count = async () =>
        Number((await db().selectFrom('visit').select(db().fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
      const n = await count()
      await assert.rejects(
        t.services.visits.recordVisit(om, {
          subjectId: subject.id,
          at: '2026-12-01T10:00',
          officerIds: [om.id, om.id],
          findings: '',
        }),
        (e: unknown) => {
          assert.ok(e instanceof ValidationError)
          const fields = Object.fromEntries(e.errors.map(x => [x.field, x.message]))
          assert.equal(fields.kind, 'Select whether the visit was planned or unannounced')
          assert.equal(fields.at, 'Date and time of the visit must be now or in the past')
          assert.equal(fields.officerIds, 'Select 2 different attending officers')
          assert.equal(fields.outcome, 'Select the outcome of the visit')
          assert.equal(fields.findings, 'Enter what you found at the visit')
          return true
        },
      )
      assert.equal(await count(), n)
    })

    test('a follow-up raised at a visit creates timeline items, makes the review due and alerts the managers', async () => {
      const subject = await teamSubject('any-active')
      const om = await actor('demo.om')
      await t.services.visits.recordVisit(om, {
        subjectId: subject.id,
        kind: 'planned',
        at: '2026-11-22T19:00',
        officerIds: await twoOfficers(),
        outcome: 'address not occupied',
        checks: [],
        findings: 'Neighbours say he moved out last month.',
        followUps: [
          { type: 'possible breach', details: 'Possible failure to notify a change of home address' },
          { type: 'risk review', details: 'Whereabouts unknown' },
        ],
      })
      const kinds = (
        await db().selectFrom('subject_event').select('kind').where('subject_id', '=', subject.id).execute()
      ).map(e => e.kind)
      assert.ok(kinds.includes('possible-breach') && kinds.includes('risk-review-requested') && kinds.includes('visit'))
      const due = await db()
        .selectFrom('subject_due')
        .selectAll()
        .where('subject_id', '=', subject.id)
        .executeTakeFirstOrThrow()
      assert.equal(due.review_due, '2026-12-06')
      assert.equal(due.review_reason, 'change of circumstances')
      const alert = await db()
        .selectFrom('alert')
        .select(['id', 'priority'])
        .where('subject_id', '=', subject.id)
        .where('kind', '=', 'possible-breach')
        .executeTakeFirstOrThrow()
      assert.equal(alert.priority, 'high')
    })

    test('a change of circumstances recorded by another capability makes the risk review due in 14 days', async () => {
      const subject = await teamSubject('low-active')
      const before = await db()
        .selectFrom('subject_due')
        .selectAll()
        .where('subject_id', '=', subject.id)
        .executeTakeFirstOrThrow()
      await db()
        .transaction()
        .execute(trx =>
          recordSubjectEvent(trx, {
            subjectId: subject.id,
            kind: 'change-of-home-address',
            occurredOn: '2026-11-20',
            recordedAt: new Date(t.clock.now().epochMilliseconds),
            recordedBy: null,
            summary: 'Notified a new home address',
          }),
        )
      const after = await db()
        .selectFrom('subject_due')
        .selectAll()
        .where('subject_id', '=', subject.id)
        .executeTakeFirstOrThrow()
      const expected = before.review_due < '2026-12-04' ? before.review_due : '2026-12-04'
      assert.equal(after.review_due, expected)
      // An event dated before the last countersigned assessment was considered by it and changes nothing.
      await db()
        .transaction()
        .execute(trx =>
          recordSubjectEvent(trx, {
            subjectId: subject.id,
            kind: 'arrest',
            occurredOn: '2010-01-01',
            recordedAt: new Date(t.clock.now().epochMilliseconds),
            recordedBy: null,
            summary: 'Old arrest entered late',
          }),
        )
      const unchanged = await db()
        .selectFrom('subject_due')
        .select('review_due')
        .where('subject_id', '=', subject.id)
        .executeTakeFirstOrThrow()
      assert.equal(unchanged.review_due, after.review_due)
    })

    test('an ARMS assessment is countersigned only by a supervisor who did not write it; the risk level follows', async () => {
      const subject = await teamSubject('low-active')
      const om = await actor('demo.om')
      const sup = await actor('demo.supervisor')
      const notPresent = { rating: 'not present', evidence: '' }
      const present = { rating: 'present', evidence: 'Seen at visit' }
      const input = {
        subjectId: subject.id,
        assessedOn: '2026-11-23',
        factors: {
          risk: Object.fromEntries(ARMS_RISK_FACTORS.map((f, i) => [f, i < 6 ? present : notPresent])),
          protective: Object.fromEntries(ARMS_PROTECTIVE_FACTORS.map(f => [f, notPresent])),
        },
        plan: { actions: [{ description: 'Evening visit', ownerId: om.id, dueOn: '2026-12-10' }] },
      }
      const { assessmentId, level } = await t.services.risk.recordArms(om, input)
      assert.equal(level, 'very_high')
      await assert.rejects(t.services.risk.countersign(om, assessmentId, {}), Forbidden)
      const stillLow = await db()
        .selectFrom('subject')
        .select('risk_level')
        .where('id', '=', subject.id)
        .executeTakeFirstOrThrow()
      assert.equal(stillLow.risk_level, 'low', 'an uncountersigned assessment does not change the level')
      await t.services.risk.countersign(sup, assessmentId, { comments: 'Agreed' })
      const raised = await db()
        .selectFrom('subject')
        .select('risk_level')
        .where('id', '=', subject.id)
        .executeTakeFirstOrThrow()
      assert.equal(raised.risk_level, 'very_high')
      const due = await db()
        .selectFrom('subject_due')
        .selectAll()
        .where('subject_id', '=', subject.id)
        .executeTakeFirstOrThrow()
      assert.equal(due.interval_months, 1, 'very high risk is visited monthly')
      assert.equal(due.review_due, '2027-11-23')
      await assert.rejects(t.services.risk.countersign(sup, assessmentId, {}), /already been countersigned/)
    })

    test('reactive management needs three years at low risk; once started, no visit is due', async () => {
      const sup = await actor('demo.supervisor')
      const fresh = await teamSubject('any-active')
      await db()
        .updateTable('arms_assessment')
        .set({ assessed_on: '2026-11-01' })
        .where('subject_id', '=', fresh.id)
        .execute()
      await assert.rejects(
        t.services.visits.setReactive(sup, fresh.id, { reactive: true, reason: 'Stable' }),
        ValidationError,
      )
      const low = await teamSubject('low-active')
      await db().deleteFrom('risk_plan_action').where('subject_id', '=', low.id).execute()
      await db().deleteFrom('arms_assessment').where('subject_id', '=', low.id).execute()
      await db().deleteFrom('subject_event').where('subject_id', '=', low.id).execute()
      await db()
        .updateTable('subject')
        .set({ risk_level: 'low', registered_on: '2019-01-01' })
        .where('id', '=', low.id)
        .execute()
      await t.services.visits.setReactive(sup, low.id, {
        reactive: true,
        reason: 'Low risk since 2019, no police notice',
      })
      const due = await db()
        .selectFrom('subject_due')
        .selectAll()
        .where('subject_id', '=', low.id)
        .executeTakeFirstOrThrow()
      assert.equal(due.next_visit_due, null)
      const list = await t.services.governance.list(sup, { measure: 'visits', cell: 'overdue', all: true })
      assert.ok(!list.rows.some(r => r.subjectId === low.id))
    })

    test('a frequency override applies only once another supervisor approves it', async () => {
      const subject = await teamSubject('any-active')
      const om = await actor('demo.om')
      const sup = await actor('demo.supervisor')
      await assert.rejects(
        t.services.visits.requestOverride(om, subject.id, { months: '', reason: '' }),
        (e: unknown) => {
          assert.ok(e instanceof ValidationError)
          assert.deepEqual(
            e.errors.map(x => x.field),
            ['months', 'reason'],
          )
          return true
        },
      )
      await t.services.visits.requestOverride(om, subject.id, { months: '1', reason: 'New partner with children' })
      const pending = await db()
        .selectFrom('subject_due')
        .select('interval_source')
        .where('subject_id', '=', subject.id)
        .executeTakeFirstOrThrow()
      assert.notEqual(pending.interval_source, 'approved override')
      await t.services.visits.approveOverride(sup, subject.id)
      const approved = await db()
        .selectFrom('subject_due')
        .selectAll()
        .where('subject_id', '=', subject.id)
        .executeTakeFirstOrThrow()
      assert.equal(approved.interval_months, 1)
      assert.equal(approved.interval_source, 'approved override')
    })

    test('allocation recommends the least-loaded accredited officer; allocating alerts the new manager and is audited', async () => {
      const sup = await actor('demo.supervisor')
      const unallocated = await db()
        .selectFrom('subject')
        .select('id')
        .where('managing_team_id', '=', sup.teamId ?? '')
        .where('offender_manager_id', 'is', null)
        .where('category', '=', 'rso')
        .executeTakeFirst()
      const subjectId =
        unallocated?.id ??
        (
          await db()
            .updateTable('subject')
            .set({ offender_manager_id: null })
            .where('id', '=', (await teamSubject('any-active')).id)
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id
      const { recommendation } = await t.services.workload.recommend(sup, subjectId)
      assert.ok(recommendation.officerId, recommendation.explanation)
      const ranked = recommendation.ranked
      assert.equal(ranked[0]?.officerId, recommendation.officerId)
      assert.ok(ranked.every(r => r.points >= (ranked[0]?.points ?? 0)))
      await t.services.workload.allocate(sup, subjectId, {
        officerId: recommendation.officerId,
        reason: 'Lowest caseload',
      })
      const subject = await db()
        .selectFrom('subject')
        .select('offender_manager_id')
        .where('id', '=', subjectId)
        .executeTakeFirstOrThrow()
      assert.equal(subject.offender_manager_id, recommendation.officerId)
      const alerted = await db()
        .selectFrom('alert as a')
        .innerJoin('alert_recipient as r', 'r.alert_seq', 'a.seq')
        .select('r.staff_id')
        .where('a.subject_id', '=', subjectId)
        .where('a.kind', '=', 'allocation')
        .execute()
      assert.deepEqual(
        alerted.map(a => a.staff_id),
        [recommendation.officerId],
      )
      const audited = await db()
        .selectFrom('audit_event')
        .select('operation')
        .where('record_type', '=', 'allocation')
        .where('record_id', '=', subjectId)
        .execute()
      assert.equal(audited.length, 1)
    })

    test('analysts see counts for the force but never the names behind them; offender managers see only their own', async () => {
      const analyst = await actor('demo.analyst')
      const counts = await t.services.governance.dashboard(analyst, {})
      assert.equal(counts.scope.level, 'force')
      assert.equal(counts.canListSubjects, false)
      await assert.rejects(t.services.governance.list(analyst, { measure: 'visits', cell: 'overdue' }), Forbidden)
      const om = await actor('demo.om')
      const mine = await t.services.governance.dashboard(om, {})
      assert.deepEqual(mine.scope, { level: 'officer', key: om.id })
      await assert.rejects(
        t.services.governance.dashboard(om, { scope: { level: 'district', key: 'E08000009' } }),
        Forbidden,
      )
    })

    test('a daily snapshot stores the same counts as the dashboard, and the trend compares periods', async () => {
      const head = await actor('demo.head')
      await t.services.governance.takeSnapshot()
      const dashboard = await t.services.governance.dashboard(head, { scope: { level: 'force' }, groupBy: 'force' })
      const row = await db()
        .selectFrom('governance_snapshot')
        .selectAll()
        .where('taken_on', '=', TODAY)
        .where('group_by', '=', 'force')
        .where('measure', '=', 'visits')
        .executeTakeFirstOrThrow()
      assert.equal(row.overdue, dashboard.totals.visits.overdue)
      const trend = await t.services.governance.trend(head, { measure: 'visits' })
      assert.ok(trend.points.length > 300)
      assert.ok(trend.period.changePercent !== null && trend.period.changePercent < 0, 'the seeded history declines')
    })
  })
}

class Rollback extends Error {}
