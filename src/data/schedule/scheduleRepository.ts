import type { Insertable, Kysely } from 'kysely'
import type { DB } from '../schema.ts'
import type { SubjectDueTable } from './schema.ts'

/**
 * Each subject's maintained due dates (subject_due) and the facts they are computed from. The rules that turn the
 * facts into dates are the risk and visits domains'; this repository only reads and writes rows.
 */
export function scheduleRepository(db: Kysely<DB>) {
  return {
    /** The one settings row the timeline trigger also reads (so SQL and TypeScript use the same numbers). */
    async settings() {
      return db.selectFrom('risk_visit_setting').selectAll().where('id', '=', 1).executeTakeFirst()
    },

    async dueOf(subjectId: string) {
      return db.selectFrom('subject_due').selectAll().where('subject_id', '=', subjectId).executeTakeFirst()
    },

    async subjectForDue(subjectId: string) {
      return db
        .selectFrom('subject')
        .select(['registered_on as registeredOn', 'risk_level as riskLevel', 'status'])
        .where('id', '=', subjectId)
        .executeTakeFirstOrThrow()
    },

    /** When the subject was last seen at a home visit (only a visit where they were seen completes one). */
    async lastSeenAt(subjectId: string): Promise<Date | undefined> {
      const row = await db
        .selectFrom('visit')
        .select('visited_at')
        .where('subject_id', '=', subjectId)
        .where('outcome', '=', 'seen')
        .orderBy('visited_at', 'desc')
        .limit(1)
        .executeTakeFirst()
      return row?.visited_at
    },

    async assessmentDates(subjectId: string) {
      return db
        .selectFrom('arms_assessment')
        .select(['assessed_on as assessedOn', 'countersigned_on as countersignedOn'])
        .where('subject_id', '=', subjectId)
        .execute()
    },

    /** Timeline events of the given kinds, oldest first. */
    async eventsOfKinds(subjectId: string, kinds: readonly string[]) {
      if (kinds.length === 0) return []
      return db
        .selectFrom('subject_event')
        .select(['id', 'kind', 'occurred_on as occurredOn'])
        .where('subject_id', '=', subjectId)
        .where('kind', 'in', kinds)
        .orderBy('occurred_on')
        .execute()
    },

    /** The latest occurrence of any of the given timeline kinds (the last periodic notification). */
    async lastOccurrence(subjectId: string, kinds: readonly string[]): Promise<string | null> {
      if (kinds.length === 0) return null
      const row = await db
        .selectFrom('subject_event')
        .select(eb => eb.fn.max('occurred_on').as('last'))
        .where('subject_id', '=', subjectId)
        .where('kind', 'in', kinds)
        .executeTakeFirst()
      return (row?.last as string | null | undefined) ?? null
    },

    async saveDue(row: Insertable<SubjectDueTable>): Promise<void> {
      await db
        .insertInto('subject_due')
        .values(row)
        .onConflict(oc => oc.column('subject_id').doUpdateSet({ ...row, subject_id: undefined }))
        .execute()
    },
  }
}

export type ScheduleRepository = ReturnType<typeof scheduleRepository>
