/** Someone an alert is addressed to, and why (shown in their inbox). */
export interface AlertRecipient {
  staffId: string
  reason: string
}

/** What the recipient rule needs to know about a subject's management. */
export interface RecipientFacts {
  offenderManagerId: string | null
  /** The offender manager's own line supervisor (may sit outside the managing team). */
  managerSupervisorId: string | null
  /** Every active supervisor of the managing team. */
  teamSupervisorIds: readonly string[]
}

/**
 * Who is told about something that happened to a subject: the offender manager and every supervisor of the managing
 * team, plus the manager's own supervisor if they are not one of them. The one rule for every alert about a subject
 * (notifications, missed periodic notifications, visit follow-ups, ARMS countersignatures, frequency approvals).
 *
 * Why this reading: two rules used to disagree (only the manager's own supervisor, or every team supervisor). A missed
 * alert about a registered sex offender is the costly failure (APP MOSOVO: the team, not one person, manages the
 * risk), while an extra copy costs a supervisor a glance; so the wider set is chosen. It also covers an unallocated
 * subject (no manager) and a team whose supervisor is absent, where the narrower rule reached nobody or one person.
 */
export function alertRecipients(facts: RecipientFacts): AlertRecipient[] {
  const recipients: AlertRecipient[] = []
  const add = (staffId: string | null, reason: string) => {
    if (staffId && !recipients.some(r => r.staffId === staffId)) recipients.push({ staffId, reason })
  }
  add(facts.offenderManagerId, 'offender manager')
  for (const id of facts.teamSupervisorIds) add(id, 'supervisor')
  add(facts.managerSupervisorId, 'supervisor')
  return recipients
}
