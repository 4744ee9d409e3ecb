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
  if (action === 'write') return mayWrite(role, sameTeam, part)
  const sensitive = part === 'health' || part === 'victim'
  // "an offender manager sees full detail of the subjects they manage and of their team; other
  //  subjects only through a break-glass step"; "supervisors and unit heads see their teams / the unit"
  if (role === 'unit_head') return true
  if (role === 'offender_manager' || role === 'supervisor') {
    if (sameTeam) return true
    return granted && !sensitive && part !== 'access-log'
  }
  if (role === 'investigator') return granted && !sensitive && part !== 'access-log'
  // "partner-agency viewers see only items explicitly shared with their agency"
  if (role === 'partner') {
    // any disclosure includes the summary (who the shared detail is about)
    return (
      (part === 'identity' && shared.size > 0) ||
      (part === 'risk' && shared.has('risk')) ||
      (part === 'address' && shared.has('address'))
    )
  }
  // "auditor role that can search the log"; "administrators ... do not read case data"; analysts: aggregates only
  if (role === 'auditor') return part === 'access-log'
  return false
}

/**
 * Who may change a part of a record, from the same texts. Keeping a record is part of managing the
 * subject, so only the people who manage it write: "an offender manager sees full detail of the subjects
 * they manage and of their team", "supervisors and unit heads see their teams / the unit" (the unit head
 * for every team). Everyone else is read-only at most: break-glass viewers ("write forms render for
 * break-glass (read-only) viewers", issue 10, is a defect to fix, so the grant gives reading only);
 * investigators reach records "only through a break-glass step"; partners "see only items explicitly
 * shared with their agency"; "administrators manage accounts but do not read case data"; analysts see
 * "aggregated figures and pseudonymised lists"; the auditor "can search the log". The access log is
 * written by the system as a side effect of reading, never edited by a person.
 */
export function mayWrite(role: Role, sameTeam: boolean, part: Part): boolean {
  // No service writes the access log, so "the unit head may write it" is moot; it is left allowed to
  // match the decision function, which the policy test compares case by case.
  if (role === 'unit_head') return true
  if (part === 'access-log') return false
  if (role === 'offender_manager' || role === 'supervisor') return sameTeam
  return false
}
