import type { Actor } from './actor.ts'

/**
 * Need-to-know (APP "Managing sexual offenders and violent offenders"; DPA 2018 Part 3, s.35–40):
 * full detail for the people who manage a subject, a recorded reason for anyone else in the force,
 * only what was explicitly shared for partner agencies, nothing for roles that do not work cases.
 * This is the single place the rules live; services ask `decide` before every read and write.
 */
export type Decision = 'allow' | 'break-glass' | 'deny'

/** The parts of a record that access is decided on. */
export type SubjectField =
  | 'identity' // names, aliases, date of birth, identifiers, category, status, manager
  | 'address' // current address and address history
  | 'household' // people living with the subject, children
  | 'risk' // risk level, assessments, visits
  | 'health' // special category data (DPA 2018 s.35(8))
  | 'victim' // victim details
  | 'access-log' // who has looked at the record

export const SUBJECT_FIELDS: readonly SubjectField[] = [
  'identity',
  'address',
  'household',
  'risk',
  'health',
  'victim',
  'access-log',
]
export const SENSITIVE_FIELDS: ReadonlySet<SubjectField> = new Set(['health', 'victim'])

export type SharedScope = 'summary' | 'risk' | 'address'

export interface SubjectAccessContext {
  managingTeamId: string
  offenderManagerId: string | null
  /** The actor holds a live break-glass grant for this subject. */
  breakGlass: boolean
  /** What has been shared with the actor's agency (partners only). */
  sharedScopes: ReadonlySet<SharedScope>
}

const SCOPE_FOR_FIELD: Partial<Record<SubjectField, SharedScope>> = {
  identity: 'summary',
  risk: 'risk',
  address: 'address',
}

export function decide(
  actor: Actor,
  subject: SubjectAccessContext,
  field: SubjectField,
  action: 'read' | 'write',
): Decision {
  const ownTeam = actor.teamId !== null && actor.teamId === subject.managingTeamId
  switch (actor.role) {
    case 'unit_head':
      return 'allow'
    case 'offender_manager':
    case 'supervisor': {
      if (field === 'access-log') return ownTeam && action === 'read' ? 'allow' : 'deny'
      if (ownTeam) return 'allow'
      return crossTeam(subject, field, action)
    }
    case 'investigator':
      if (field === 'access-log') return 'deny'
      return crossTeam(subject, field, action)
    case 'partner': {
      if (action !== 'read') return 'deny'
      // Any disclosure carries the summary, so the agency knows whom the shared detail is about.
      if (field === 'identity') return subject.sharedScopes.size > 0 ? 'allow' : 'deny'
      const scope = SCOPE_FOR_FIELD[field]
      return scope !== undefined && subject.sharedScopes.has(scope) ? 'allow' : 'deny'
    }
    case 'auditor':
      return field === 'access-log' && action === 'read' ? 'allow' : 'deny'
    case 'analyst':
    case 'admin':
      return 'deny'
  }
}

/** Outside the managing team: read-only, non-sensitive, and only after a recorded reason. */
function crossTeam(subject: SubjectAccessContext, field: SubjectField, action: 'read' | 'write'): Decision {
  if (action === 'write' || SENSITIVE_FIELDS.has(field)) return 'deny'
  return subject.breakGlass ? 'allow' : 'break-glass'
}

/** Roles that may search the nominal index (names, dates of birth, references). */
export function canSearchSubjects(actor: Actor): boolean {
  return ['offender_manager', 'supervisor', 'unit_head', 'investigator'].includes(actor.role)
}

/** Roles that may register a new subject (collect personal data). */
export function canRegisterSubjects(actor: Actor): boolean {
  return ['offender_manager', 'supervisor', 'unit_head'].includes(actor.role)
}

/** Aggregated figures and pseudonymised lists. */
export function canSeeAggregates(actor: Actor): boolean {
  return ['analyst', 'unit_head', 'supervisor'].includes(actor.role)
}

export function canAdministerAccounts(actor: Actor): boolean {
  return actor.role === 'admin'
}

export function canSearchAuditLog(actor: Actor): boolean {
  return actor.role === 'auditor'
}
