import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Database } from '../../src/data/database.ts'
import type { Services } from '../../src/app/composition.ts'
import { loadScheduleSettings, refreshSubjectDue } from '../../src/services/schedule/schedule.ts'
import { testServices } from '../support/app.ts'
import { createTestDatabase, testEngines } from '../support/db.ts'
import type { Factories, Staff } from '../support/factories.ts'

/**
 * The review-due rule lives in TypeScript (riskReviewDue, applied by refreshSubjectDue) and, for timeline events
 * other capabilities write, in the PL/pgSQL trigger of migration 0004. This runs both on the same cases: the date
 * and reason the trigger leaves must be what the TypeScript rule computes from the same records.
 */
interface Case {
  name: string
  /** Whether the subject already has a maintained row (the trigger's update path) or not (its insert path). */
  maintained: boolean
  assessment?: { on: string; countersigned: boolean }
  events: Array<{ kind: string; on: string }>
}

const CASES: Case[] = [
  {
    name: 'no row yet, an event inside the initial window',
    maintained: false,
    events: [{ kind: 'arrest', on: '2026-01-05' }],
  },
  {
    name: 'no row yet, an event after the initial deadline',
    maintained: false,
    events: [{ kind: 'breach', on: '2026-03-01' }],
  },
  { name: 'an event before registration', maintained: true, events: [{ kind: 'arrest', on: '2025-12-01' }] },
  {
    name: 'after a countersigned assessment, a later event',
    maintained: true,
    assessment: { on: '2026-03-01', countersigned: true },
    events: [{ kind: 'change-of-home-address', on: '2026-06-01' }],
  },
  {
    name: 'an event on the day of the assessment was considered by it',
    maintained: true,
    assessment: { on: '2026-03-01', countersigned: true },
    events: [{ kind: 'new-intelligence', on: '2026-03-01' }],
  },
  {
    name: 'an assessment not yet countersigned does not count',
    maintained: true,
    assessment: { on: '2026-03-01', countersigned: false },
    events: [{ kind: 'association-with-child', on: '2026-06-01' }],
  },
  {
    name: 'two events out of order: the earlier deadline wins',
    maintained: true,
    assessment: { on: '2026-02-01', countersigned: true },
    events: [
      { kind: 'new-relationship', on: '2026-06-01' },
      { kind: 'risk-review-requested', on: '2026-05-01' },
    ],
  },
  {
    name: 'an event that is not a review trigger',
    maintained: true,
    assessment: { on: '2026-02-01', countersigned: true },
    events: [{ kind: 'visit', on: '2026-05-01' }],
  },
]

class Rollback extends Error {}

for (const engine of testEngines()) {
  describe(`the review-due trigger agrees with riskReviewDue [${engine}]`, () => {
    let database: Database
    let drop: () => Promise<void>
    let services: Services
    let f: Factories
    let author: Staff
    let supervisor: Staff
    before(async () => {
      ;({ database, drop } = await createTestDatabase(engine))
      ;({ services, f } = testServices(database))
      const team = await f.newTeam()
      supervisor = await f.newStaff('supervisor', { team })
      author = await f.newStaff('offender_manager', { team, supervisor })
    })
    after(async () => drop())

    for (const c of CASES) {
      test(c.name, async () => {
        const { data } = services
        const settings = await loadScheduleSettings(data.repos)
        const subject = await f.newSubject({ manager: author, registeredOn: '2026-01-01' })
        if (c.assessment) {
          await f.newRiskAssessment(subject, {
            author,
            level: 'medium',
            assessedOn: c.assessment.on,
            countersignedBy: c.assessment.countersigned ? supervisor : null,
          })
        }
        if (c.maintained) await data.transaction(repos => refreshSubjectDue(repos, subject.id, settings, new Date()))
        for (const e of c.events) {
          await data.transaction(repos =>
            repos.timeline.recordSubjectEvent({
              subjectId: subject.id,
              kind: e.kind,
              occurredOn: e.on,
              recordedAt: new Date(),
              recordedBy: null,
              summary: `${e.kind} (parity case)`,
            }),
          )
        }
        const byTrigger = await data.repos.schedule.dueOf(subject.id)
        let byRule: typeof byTrigger
        await data
          .transaction(async repos => {
            await refreshSubjectDue(repos, subject.id, settings, new Date())
            byRule = await repos.schedule.dueOf(subject.id)
            throw new Rollback()
          })
          .catch((e: unknown) => {
            if (!(e instanceof Rollback)) throw e
          })
        assert.ok(byTrigger && byRule)
        assert.equal(byTrigger.review_due, byRule.review_due, 'review due')
        assert.equal(byTrigger.review_reason, byRule.review_reason, 'reason')
      })
    }
  })
}
