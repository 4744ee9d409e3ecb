/** What a member of staff does in the unit; need-to-know is decided on it (see policy.ts). */
export type Role =
  'offender_manager' | 'supervisor' | 'unit_head' | 'analyst' | 'investigator' | 'partner' | 'admin' | 'auditor'

/** Who is acting: every service call carries one, and every audit row names it. */
export interface Actor {
  id: string
  username: string
  displayName: string
  role: Role
  teamId: string | null
  agency: string | null
  /** Ties the audit rows and log lines of one request together. */
  correlationId: string
}

export const ROLE_LABELS: Record<Role, string> = {
  offender_manager: 'Offender manager',
  supervisor: 'Supervisor',
  unit_head: 'Unit head',
  analyst: 'Analyst',
  investigator: 'Investigator',
  partner: 'Partner agency viewer',
  admin: 'Administrator',
  auditor: 'Auditor',
}
