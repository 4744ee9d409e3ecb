import type { Actor } from '../../domain/access/actor.ts'
import type { Clock } from '../../domain/clock.ts'
import { nowDate } from '../../domain/clock.ts'
import { NotFound } from '../../domain/errors.ts'
import type { DataAccess } from '../../data/index.ts'
import type { AccessGate } from '../access/gate.ts'
import type { NotificationService } from './notificationService.ts'
import { isRecordedKind, type RecordedKind } from '../../domain/register/notificationInput.ts'

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
    private readonly data: DataAccess,
    private readonly gate: AccessGate,
    private readonly clock: Clock,
    private readonly notifications: NotificationService,
  ) {}

  /**
   * The subject for a journey page: only those who may record notifications get the form (a read-only viewer is
   * refused, and the refusal audited, by the gate); showing the page is a consultation of the subject's identity.
   */
  async journeySubject(actor: Actor, subjectId: string, page: string) {
    const access = await this.notifications.openForRecording(actor, subjectId)
    await this.gate.consulted(this.data.repos, access, ['identity'], { journey: page })
    return access.subject
  }

  /** The police stations a notification can be given at, and the officer's own (the journey's default). */
  async stations(actor: Actor): Promise<{ all: string[]; own: string | null }> {
    const { register } = this.data.repos
    const [all, own] = await Promise.all([
      register.policeStations(),
      actor.teamId ? register.stationOfTeam(actor.teamId) : Promise.resolve(null),
    ])
    return { all, own }
  }

  async start(actor: Actor, subjectId: string, kind: RecordedKind, answers: Record<string, string>): Promise<Draft> {
    await this.notifications.openForRecording(actor, subjectId)
    const at = nowDate(this.clock)
    const drafts = this.data.repos.notificationDrafts
    const id = await drafts.create(actor.id, subjectId, kind, answers, at)
    await drafts.removeUntouchedSince(new Date(at.getTime() - DRAFT_LIFETIME_MS))
    return { id, subjectId, kind, answers }
  }

  async get(actor: Actor, subjectId: string, draftId: string): Promise<Draft | null> {
    if (!UUID.test(draftId)) return null
    const row = await this.data.repos.notificationDrafts.find(actor.id, subjectId, draftId)
    if (!row || !isRecordedKind(row.kind)) return null
    return { id: row.id, subjectId: row.subjectId, kind: row.kind, answers: row.answers }
  }

  async save(actor: Actor, draft: Draft): Promise<void> {
    const saved = await this.data.repos.notificationDrafts.saveAnswers(
      actor.id,
      draft.id,
      draft.answers,
      nowDate(this.clock),
    )
    if (!saved) throw new NotFound('This notification has expired: start again')
  }

  async discard(actor: Actor, draftId: string): Promise<void> {
    await this.data.repos.notificationDrafts.remove(actor.id, draftId)
  }
}
