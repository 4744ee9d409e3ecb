import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import { Forbidden, StaleVersion, ValidationError, VersionRequired } from '../../src/domain/errors.ts'
import { DEFAULT_TRIAGE_QUESTIONNAIRE } from '../../src/domain/ocait/triage.ts'
import { referralInput, triageAnswers } from './support.ts'
import type { Services } from '../../src/app/composition.ts'
import { describeOnEachEngine } from '../support/db.ts'
import type { TestClock } from '../support/clock.ts'
import type { Factories, Staff, Team } from '../support/factories.ts'
import { testServices } from '../support/app.ts'

describeOnEachEngine('online child abuse referrals: intake, triage, the queue and its deadlines', ctx => {
  let services: Services
  let clock: TestClock
  let f: Factories
  let team: Team
  let supervisor: Staff
  let officer: Staff
  before(async () => {
    ;({ services, clock, f } = testServices(ctx.database))
    team = await f.newTeam({ name: `Online Child Abuse Investigation Team ${ctx.engine}` })
    supervisor = await f.newStaff('supervisor', { team })
    officer = await f.newStaff('investigator', { team, supervisor })
  })

  test('a referral is taken for the officer’s team, awaiting triage within 24 hours of receipt', async () => {
    const { id, reference } = await services.ocaitReferrals.take(officer, referralInput())
    assert.match(reference, /^OCA-\d{6}$/)
    const page = await services.ocaitReferrals.page(officer, id)
    assert.equal(page.status, 'awaiting-triage')
    assert.equal(page.owningTeamId, team.id)
    assert.equal(page.triageDueAt.toISOString(), '2026-11-24T08:00:00.000Z')
    assert.equal(page.uploads[0]?.uploadedAt.toISOString(), '2026-11-21T07:15:00.000Z')
    assert.equal(page.uploads[0].reportedZone, 'America/Los_Angeles')
    assert.deepEqual(page.accounts, [{ platform: 'Example Platform', kind: 'username', value: 'synthetic_user_0001' }])
    const audit = await ctx.database.db
      .selectFrom('audit_event')
      .select(['operation', 'record_type'])
      .where('record_id', '=', id)
      .orderBy('seq')
      .execute()
    assert.deepEqual(
      audit.map(a => `${a.operation} ${a.record_type ?? ''}`),
      ['collect ocait-referral', 'consult ocait-referral'],
    )
  })

  test('a retried intake (same key) returns the first referral and writes nothing', async () => {
    const first = await services.ocaitReferrals.take(officer, referralInput(), 'form:retry-1')
    const again = await services.ocaitReferrals.take(officer, referralInput(), 'form:retry-1')
    assert.deepEqual(again, first)
    const rows = await ctx.database.db
      .selectFrom('ocait_referral')
      .select('id')
      .where('reference', '=', first.reference)
      .execute()
    assert.equal(rows.length, 1)
  })

  test('another team’s officer, a partner and an analyst are refused, and the refusal is audited', async () => {
    const { id } = await services.ocaitReferrals.take(officer, referralInput())
    const outsider = await f.newStaff('offender_manager')
    const partner = await f.newStaff('partner', { agency: "Children's Services" })
    const analyst = await f.newStaff('analyst')
    for (const who of [outsider, partner, analyst]) {
      await assert.rejects(services.ocaitReferrals.page(who, id), Forbidden)
    }
    await assert.rejects(services.ocaitReferrals.take(partner, referralInput()), Forbidden)
    await assert.rejects(services.ocaitReferrals.queue(analyst), Forbidden)
    const denied = await ctx.database.db
      .selectFrom('audit_event')
      .select('actor_id')
      .where('record_id', '=', id)
      .where('outcome', '=', 'denied')
      .execute()
    assert.deepEqual(new Set(denied.map(d => d.actor_id)), new Set([outsider.id, partner.id, analyst.id]))
    const head = await f.newStaff('unit_head')
    assert.equal((await services.ocaitReferrals.page(head, id)).id, id)
  })

  test('triage grades the referral and sets its target time to action; a stale version is refused', async () => {
    const { id } = await services.ocaitReferrals.take(officer, referralInput())
    await assert.rejects(services.ocaitReferrals.triage(officer, id, { answers: triageAnswers() }), VersionRequired)
    await assert.rejects(
      services.ocaitReferrals.triage(officer, id, { answers: {}, version: '1' }),
      (e: unknown) => e instanceof ValidationError && e.errors.length === DEFAULT_TRIAGE_QUESTIONNAIRE.questions.length,
    )
    const result = await services.ocaitReferrals.triage(officer, id, {
      answers: triageAnswers(['producing-images', 'sexual-conviction', 'prison']),
      version: '1',
    })
    assert.equal(result.grade, 'high')
    const page = await services.ocaitReferrals.page(officer, id)
    assert.equal(page.status, 'in-development')
    assert.equal(page.version, 2)
    // Received 08:00 on 23 November; high: a week.
    assert.equal(page.actionDueAt?.toISOString(), '2026-11-30T08:00:00.000Z')
    await assert.rejects(
      services.ocaitReferrals.triage(supervisor, id, { answers: triageAnswers(), version: '1' }),
      (e: unknown) => e instanceof StaleVersion && e.currentVersion === 2,
    )
  })

  test('a very-high referral not actioned within its target is in the overdue queue and alerts the supervisor', async () => {
    clock.set('2026-11-23T10:00:00Z')
    const { id, reference } = await services.ocaitReferrals.take(
      officer,
      referralInput({ receivedAt: '2026-11-23T09:00' }),
    )
    await services.ocaitReferrals.triage(officer, id, {
      answers: triageAnswers(['children-in-household', 'grooming-or-incitement']),
      version: '1',
    })
    const before = await services.ocaitReferrals.queue(supervisor, 'overdue')
    assert.ok(!before.rows.some(r => r.id === id), 'not overdue within its day')
    assert.deepEqual((await services.ocaitReferrals.sweepDeadlines()).action, 0)

    clock.set('2026-11-24T09:30:00Z') // a day and half an hour after receipt
    const overdue = await services.ocaitReferrals.queue(supervisor, 'overdue')
    const row = overdue.rows.find(r => r.id === id)
    assert.ok(row?.overdue, 'in the overdue queue')
    assert.equal(row.grade, 'very_high')

    const swept = await services.ocaitReferrals.sweepDeadlines()
    assert.ok(swept.action >= 1)
    const inbox = await services.alerts.inbox(supervisor)
    const alert = inbox.find(a => a.title.includes(reference))
    assert.ok(alert, 'the supervisor has the alert')
    assert.equal(alert.kind, 'ocait-action-overdue')
    assert.equal(alert.priority, 'high')
    assert.match(alert.title, /very high\) not actioned within its target of 1 day/)
    assert.ok(
      (await services.alerts.inbox(officer)).some(a => a.title.includes(reference)),
      'and the officer',
    )
    // Raised once, however often the sweep runs.
    await services.ocaitReferrals.sweepDeadlines()
    const copies = (await services.alerts.inbox(supervisor)).filter(a => a.title.includes(reference))
    assert.equal(copies.length, 1)
  })

  test('an untriaged referral past 24 hours alerts too, and the queue pages with its total', async () => {
    clock.set('2026-11-23T10:00:00Z')
    const { reference } = await services.ocaitReferrals.take(officer, referralInput({ receivedAt: '2026-11-22T09:00' }))
    await services.ocaitReferrals.sweepDeadlines()
    assert.ok(
      (await services.alerts.inbox(supervisor)).some(
        a => a.title === `Referral ${reference} not triaged within 24 hours`,
      ),
    )
    const awaiting = await services.ocaitReferrals.queue(officer, 'awaiting-triage')
    assert.ok(awaiting.total >= 1)
    assert.ok(awaiting.rows.every(r => r.status === 'awaiting-triage'))
    const far = await services.ocaitReferrals.queue(officer, 'all', 50)
    assert.deepEqual(far.rows, [])
  })
})
