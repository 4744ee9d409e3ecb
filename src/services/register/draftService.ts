import type { Actor } from '../../domain/access/actor.ts'
import type { Clock } from '../../domain/clock.ts'
import { nowDate } from '../../domain/clock.ts'
import { NotFound } from '../../domain/errors.ts'
import type { Database } from '../../data/database.ts'
import { appendAudit } from '../../data/audit/auditRepository.ts'
import type { NotificationService } from './notificationService.ts'
import { isRecordedKind, type RecordedKind } from './notificationInput.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** Unfinished journeys hold personal data: they are deleted after a day. */
const DRAFT_LIFETIME_MS = 24 * 60 * 60 * 1000

export interface Draft {
  id: string
  subjectId: string
  kind: RecordedKind
  answers: Record<string, string>
}

/**
 * A notification journey's answers between pages, held server-side (never in URLs), owned by the officer who
 * started it. The draft id is also the idempotency key of the final submission.
 */
export class DraftService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly notifications: NotificationService,
  ) {}

  /** Access check and the subject for a journey page; showing the page is a consultation, so it is audited. */
  async journeySubject(actor: Actor, subjectId: string, page: string) {
    const subject = await this.notifications.subjectFor(actor, subjectId)
    await appendAudit(this.database.db, nowDate(this.clock), [
      {
        actorId: actor.id,
        actorUsername: actor.username,
        operation: 'consult',
        recordType: 'notification-journey',
        recordId: subjectId,
        subjectId,
        correlationId: actor.correlationId,
        details: { page },
      },
    ])
    return subject
  }

  async start(actor: Actor, subjectId: string, kind: RecordedKind, answers: Record<string, string>): Promise<Draft> {
    await this.notifications.subjectFor(actor, subjectId)
    const at = nowDate(this.clock)
    const row = await this.database.db
      .insertInto('notification_draft')
      .values({
        staff_id: actor.id,
        subject_id: subjectId,
        kind,
        answers: JSON.stringify(answers),
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await this.database.db
      .deleteFrom('notification_draft')
      .where('updated_at', '<', new Date(at.getTime() - DRAFT_LIFETIME_MS))
      .execute()
    return { id: row.id, subjectId, kind, answers }
  }

  async get(actor: Actor, subjectId: string, draftId: string): Promise<Draft | null> {
    if (!UUID.test(draftId)) return null
    const row = await this.database.db
      .selectFrom('notification_draft')
      .selectAll()
      .where('id', '=', draftId)
      .where('staff_id', '=', actor.id)
      .where('subject_id', '=', subjectId)
      .executeTakeFirst()
    if (!row || !isRecordedKind(row.kind)) return null
    return { id: row.id, subjectId: row.subject_id, kind: row.kind, answers: row.answers }
  }

  async save(actor: Actor, draft: Draft): Promise<void> {
    const updated = await this.database.db
      .updateTable('notification_draft')
      .set({ answers: JSON.stringify(draft.answers), updated_at: nowDate(this.clock) })
      .where('id', '=', draft.id)
      .where('staff_id', '=', actor.id)
      .executeTakeFirst()
    if (Number(updated.numUpdatedRows) === 0) throw new NotFound('This notification has expired: start again')
  }

  async discard(actor: Actor, draftId: string): Promise<void> {
    await this.database.db
      .deleteFrom('notification_draft')
      .where('id', '=', draftId)
      .where('staff_id', '=', actor.id)
      .execute()
  }
}
