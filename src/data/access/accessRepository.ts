import type { Kysely } from 'kysely'
import type { SharedScope } from '../../domain/access/policy.ts'
import type { DB } from '../schema.ts'

/** What every page about a subject needs first: who they are, who manages them, where their case stands. */
export interface SubjectHead {
  id: string
  personId: string
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

/** The reads the need-to-know gate makes: the subject once, the actor's live break-glass grant, what is shared. */
export function accessRepository(db: Kysely<DB>) {
  return {
    async subjectHead(subjectId: string): Promise<SubjectHead | undefined> {
      return db
        .selectFrom('subject as s')
        .innerJoin('person as p', 'p.id', 's.person_id')
        .select([
          's.id',
          's.person_id as personId',
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
    },

    async hasLiveBreakGlass(staffId: string, subjectId: string, at: Date): Promise<boolean> {
      const grant = await db
        .selectFrom('break_glass_grant')
        .select('id')
        .where('staff_id', '=', staffId)
        .where('subject_id', '=', subjectId)
        .where('expires_at', '>', at)
        .executeTakeFirst()
      return grant !== undefined
    },

    /** The scopes shared with an agency that are neither revoked nor past their end date. */
    async sharedScopes(subjectId: string, agency: string, today: string): Promise<Set<SharedScope>> {
      const rows = await db
        .selectFrom('disclosure')
        .select('scope')
        .where('subject_id', '=', subjectId)
        .where('agency', '=', agency)
        .where('revoked_at', 'is', null)
        .where(eb => eb.or([eb('expires_on', 'is', null), eb('expires_on', '>=', today)]))
        .execute()
      return new Set(rows.map(r => r.scope))
    },
  }
}

export type AccessRepository = ReturnType<typeof accessRepository>
