import type { Kysely } from 'kysely'
import type { Actor } from '../../domain/access/actor.ts'
import { NotFound } from '../../domain/errors.ts'
import { requireSubjectAccess } from '../access/subjectAccess.ts'
import type { DB } from '../../data/schema.ts'
import { appendAudit } from '../../data/audit/auditRepository.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(value: string): boolean {
  return UUID.test(value)
}

export interface SubjectHead {
  id: string
  reference: string
  category: string
  status: string
  riskLevel: string | null
  registeredOn: string
  managingTeamId: string
  offenderManagerId: string | null
  givenName: string
  familyName: string
}

/**
 * Loads a subject for a risk or visit use case and checks need-to-know (full access only: these pages show and
 * change the case). A refusal is itself audited, as on the subject page.
 */
export async function subjectForCasework(
  db: Kysely<DB>,
  actor: Actor,
  subjectId: string,
  at: Date,
  operation: string,
): Promise<SubjectHead> {
  if (!isUuid(subjectId)) throw new NotFound('No such subject')
  // The one need-to-know gate (break-glass, partner sharing, refusals audited): risk and visits are the "risk" part.
  await requireSubjectAccess(db, at, actor, subjectId, 'risk', operation === 'consult' ? 'read' : 'write')
  const subject = await db
    .selectFrom('subject as s')
    .innerJoin('person as p', 'p.id', 's.person_id')
    .select([
      's.id',
      's.reference',
      's.category',
      's.status',
      's.risk_level as riskLevel',
      's.registered_on as registeredOn',
      's.managing_team_id as managingTeamId',
      's.offender_manager_id as offenderManagerId',
      'p.given_name as givenName',
      'p.family_name as familyName',
    ])
    .where('s.id', '=', subjectId)
    .executeTakeFirst()
  if (!subject) throw new NotFound('No such subject')
  if (operation === 'consult') {
    // Reading a case page is a consultation (DPA 2018 s.62), recorded before the page is returned.
    await appendAudit(db, at, [
      {
        actorId: actor.id,
        actorUsername: actor.username,
        operation: 'consult',
        recordType: 'subject',
        recordId: subjectId,
        subjectId,
        correlationId: actor.correlationId,
        details: { part: 'risk' },
      },
    ])
  }
  return subject
}

/** Supervisors (of the subject's team, checked by subjectForCasework) and the unit head approve and countersign. */
export function isSupervisorRole(actor: Actor): boolean {
  return actor.role === 'supervisor' || actor.role === 'unit_head'
}
