import type { Kysely } from 'kysely'
import type { DB } from '../schema.ts'

export interface DraftRow {
  id: string
  subjectId: string
  kind: string
  answers: Record<string, string>
}

/** Unfinished notification journeys, each owned by the officer who started it. */
export function notificationDraftRepository(db: Kysely<DB>) {
  return {
    async create(staffId: string, subjectId: string, kind: string, answers: Record<string, string>, at: Date) {
      const row = await db
        .insertInto('notification_draft')
        .values({
          staff_id: staffId,
          subject_id: subjectId,
          kind,
          answers: JSON.stringify(answers),
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return row.id
    },

    async find(staffId: string, subjectId: string, draftId: string): Promise<DraftRow | undefined> {
      const row = await db
        .selectFrom('notification_draft')
        .selectAll()
        .where('id', '=', draftId)
        .where('staff_id', '=', staffId)
        .where('subject_id', '=', subjectId)
        .executeTakeFirst()
      return row && { id: row.id, subjectId: row.subject_id, kind: row.kind, answers: row.answers }
    },

    /** Whether the draft was still there to update. */
    async saveAnswers(staffId: string, draftId: string, answers: Record<string, string>, at: Date): Promise<boolean> {
      const updated = await db
        .updateTable('notification_draft')
        .set({ answers: JSON.stringify(answers), updated_at: at })
        .where('id', '=', draftId)
        .where('staff_id', '=', staffId)
        .executeTakeFirst()
      return Number(updated.numUpdatedRows) > 0
    },

    async remove(staffId: string, draftId: string) {
      await db.deleteFrom('notification_draft').where('id', '=', draftId).where('staff_id', '=', staffId).execute()
    },

    /** Drafts untouched since `before` (they hold personal data, so they do not linger). */
    async removeUntouchedSince(before: Date) {
      await db.deleteFrom('notification_draft').where('updated_at', '<', before).execute()
    },
  }
}

export type NotificationDraftRepository = ReturnType<typeof notificationDraftRepository>
