import type { Actor } from './actor.ts'

/**
 * Need-to-know (APP "Managing sexual offenders and violent offenders"; DPA 2018 s.35–s.40):
 * full detail for the people who manage a subject, nothing for roles that do not work cases.
 * This is the single place the rule lives; services call it before any read or write.
 */
export type SubjectAccess = 'full' | 'break-glass' | 'none'

export interface SubjectScope {
  managingTeamId: string
  offenderManagerId: string | null
}

export function subjectAccess(actor: Actor, subject: SubjectScope): SubjectAccess {
  switch (actor.role) {
    case 'offender_manager':
    case 'supervisor':
      // Their own team's subjects; any other subject in the force only through break-glass.
      return actor.teamId !== null && actor.teamId === subject.managingTeamId ? 'full' : 'break-glass'
    case 'unit_head':
      return 'full'
    case 'investigator':
      // Investigators work across districts (RASSO, online child abuse) but must say why.
      return 'break-glass'
    case 'analyst':
    case 'partner':
    case 'admin':
    case 'auditor':
      return 'none'
  }
}

/** Roles that may search the nominal index at all (names, dates of birth, references). */
export function canSearchSubjects(actor: Actor): boolean {
  return ['offender_manager', 'supervisor', 'unit_head', 'investigator'].includes(actor.role)
}

/** Roles that may register a new subject (collect personal data). */
export function canRegisterSubjects(actor: Actor): boolean {
  return ['offender_manager', 'supervisor', 'unit_head'].includes(actor.role)
}
