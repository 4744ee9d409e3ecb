import type { SubjectHead } from '../../data/access/accessRepository.ts'
import type { Repositories } from '../../data/index.ts'

export interface Recipient {
  staffId: string
  reason: string
}

/**
 * Who hears about a visit follow-up, an ARMS to countersign or a frequency to approve: the subject's offender
 * manager and their team's supervisors. Interim: the alerts capability is making its recipient rule
 * (`alertRecipientsFor`) one shared function over repositories; these call sites move to it when it lands.
 */
export async function caseManagers(
  repos: Repositories,
  subject: Pick<SubjectHead, 'managingTeamId' | 'offenderManagerId'>,
): Promise<Recipient[]> {
  const supervisors = await repos.visits.teamSupervisors(subject.managingTeamId)
  return [
    ...(subject.offenderManagerId ? [{ staffId: subject.offenderManagerId, reason: 'offender manager' }] : []),
    ...supervisors.map(staffId => ({ staffId, reason: 'supervisor' })),
  ]
}
