import type { Role } from '../../src/data/schema.ts'

/**
 * The need-to-know rules of issue 3, written from the words and independently of
 * src/domain/access/policy.ts, so the two can be checked against each other.
 */
export type Part = 'identity' | 'address' | 'household' | 'risk' | 'health' | 'victim' | 'access-log'
export const PARTS: Part[] = ['identity', 'address', 'household', 'risk', 'health', 'victim', 'access-log']
export const ROLES: Role[] = [
  'offender_manager',
  'supervisor',
  'unit_head',
  'analyst',
  'investigator',
  'partner',
  'admin',
  'auditor',
]

export function oracle(
  role: Role,
  sameTeam: boolean,
  granted: boolean,
  shared: Set<string>,
  part: Part,
  action: 'read' | 'write',
): boolean {
  const sensitive = part === 'health' || part === 'victim'
  // "an offender manager sees full detail of the subjects they manage and of their team; other
  //  subjects only through a break-glass step"; "supervisors and unit heads see their teams / the unit"
  if (role === 'unit_head') return true
  if (role === 'offender_manager' || role === 'supervisor') {
    if (part === 'access-log') return sameTeam && action === 'read'
    if (sameTeam) return true
    return granted && action === 'read' && !sensitive
  }
  if (role === 'investigator') return granted && action === 'read' && !sensitive && part !== 'access-log'
  // "partner-agency viewers see only items explicitly shared with their agency"
  if (role === 'partner') {
    if (action === 'write') return false
    // any disclosure includes the summary (who the shared detail is about)
    return (
      (part === 'identity' && shared.size > 0) ||
      (part === 'risk' && shared.has('risk')) ||
      (part === 'address' && shared.has('address'))
    )
  }
  // "auditor role that can search the log"; "administrators ... do not read case data"; analysts: aggregates only
  if (role === 'auditor') return part === 'access-log' && action === 'read'
  return false
}
