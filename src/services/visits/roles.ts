import type { Actor } from '../../domain/access/actor.ts'

/** Roles that make home visits (and so may attend or be named as attending). */
export const VISITING_ROLES = ['offender_manager', 'supervisor', 'unit_head'] as const

export function isVisitingRole(actor: Actor): boolean {
  return (VISITING_ROLES as readonly string[]).includes(actor.role)
}

/** Supervisors (of the subject's team: the access gate has checked that) and the unit head approve and countersign. */
export function isSupervisorRole(actor: Actor): boolean {
  return actor.role === 'supervisor' || actor.role === 'unit_head'
}
