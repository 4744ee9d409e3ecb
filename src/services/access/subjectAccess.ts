import type { Kysely } from 'kysely'
import type { Actor } from '../../domain/access/actor.ts'
import {
  decide,
  type Decision,
  type SharedScope,
  type SubjectAccessContext,
  type SubjectField,
} from '../../domain/access/policy.ts'
import { BreakGlassRequired, Forbidden, NotFound } from '../../domain/errors.ts'
import { appendAudit } from '../../data/audit/auditRepository.ts'
import type { DB } from '../../data/schema.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Everything `decide` needs about one subject and one actor: the managing team, grants, disclosures. */
export async function loadAccessContext(
  db: Kysely<DB>,
  actor: Actor,
  subjectId: string,
  at: Date,
): Promise<SubjectAccessContext | undefined> {
  if (!UUID.test(subjectId)) return undefined
  const subject = await db
    .selectFrom('subject')
    .select(['managing_team_id as managingTeamId', 'offender_manager_id as offenderManagerId'])
    .where('id', '=', subjectId)
    .executeTakeFirst()
  if (!subject) return undefined
  let breakGlass = false
  if (actor.role === 'offender_manager' || actor.role === 'supervisor' || actor.role === 'investigator') {
    const grant = await db
      .selectFrom('break_glass_grant')
      .select('id')
      .where('staff_id', '=', actor.id)
      .where('subject_id', '=', subjectId)
      .where('expires_at', '>', at)
      .executeTakeFirst()
    breakGlass = grant !== undefined
  }
  const sharedScopes = new Set<SharedScope>()
  if (actor.role === 'partner' && actor.agency) {
    const today = at.toISOString().slice(0, 10)
    const rows = await db
      .selectFrom('disclosure')
      .select('scope')
      .where('subject_id', '=', subjectId)
      .where('agency', '=', actor.agency)
      .where('revoked_at', 'is', null)
      .where(eb => eb.or([eb('expires_on', 'is', null), eb('expires_on', '>=', today)]))
      .execute()
    for (const r of rows) sharedScopes.add(r.scope)
  }
  return { ...subject, breakGlass, sharedScopes }
}

/**
 * The gate every service passes before touching a subject's data. A refusal is itself audited
 * (outcome 'denied'), so an auditor sees attempts as well as reads.
 */
export async function requireSubjectAccess(
  db: Kysely<DB>,
  at: Date,
  actor: Actor,
  subjectId: string,
  field: SubjectField,
  action: 'read' | 'write',
): Promise<SubjectAccessContext> {
  const context = await loadAccessContext(db, actor, subjectId, at)
  if (!context) throw new NotFound('No such subject')
  const decision: Decision = decide(actor, context, field, action)
  if (decision === 'allow') return context
  await appendAudit(db, at, [
    {
      actorId: actor.id,
      actorUsername: actor.username,
      operation: action === 'read' ? 'consult' : 'alter',
      recordType: 'subject',
      recordId: subjectId,
      subjectId,
      correlationId: actor.correlationId,
      outcome: 'denied',
      details: { field, decision },
    },
  ])
  if (decision === 'break-glass') throw new BreakGlassRequired(subjectId)
  throw new Forbidden('Your role does not give access to this information')
}
