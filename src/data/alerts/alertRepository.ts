import type { Kysely } from 'kysely'
import type { DB } from '../schema.ts'

export interface AlertRecipient {
  staffId: string
  reason: string
}

/** Who is told about a subject: the reads behind alert recipients. */
export function alertRepository(db: Kysely<DB>) {
  return {
    /** The subject's offender manager and the manager's supervisor; the team's supervisors when unallocated. */
    async recipientsFor(subjectId: string): Promise<AlertRecipient[]> {
      const subject = await db
        .selectFrom('subject as s')
        .leftJoin('staff as om', 'om.id', 's.offender_manager_id')
        .select(['s.offender_manager_id as omId', 'om.supervisor_id as supervisorId', 's.managing_team_id as teamId'])
        .where('s.id', '=', subjectId)
        .executeTakeFirst()
      if (!subject) return []
      const recipients: AlertRecipient[] = []
      if (subject.omId) recipients.push({ staffId: subject.omId, reason: 'offender manager' })
      if (subject.supervisorId) recipients.push({ staffId: subject.supervisorId, reason: 'supervisor' })
      if (recipients.length === 0) {
        const supervisors = await db
          .selectFrom('staff')
          .select('id')
          .where('team_id', '=', subject.teamId)
          .where('role', '=', 'supervisor')
          .where('active', '=', true)
          .execute()
        for (const s of supervisors) recipients.push({ staffId: s.id, reason: 'team supervisor (unallocated subject)' })
      }
      return recipients
    },
  }
}

export type AlertRepository = ReturnType<typeof alertRepository>
