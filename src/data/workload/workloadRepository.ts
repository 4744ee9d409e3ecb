import type { Kysely } from 'kysely'
import type { DB } from '../schema.ts'

/** Teams, their offender managers and caseloads, the unallocated queue, and allocation itself. */
export function workloadRepository(db: Kysely<DB>) {
  return {
    async teams(): Promise<Array<{ id: string; name: string }>> {
      return db.selectFrom('team').select(['id', 'name']).orderBy('name').execute()
    },

    async team(teamId: string) {
      return db
        .selectFrom('team')
        .select(['id', 'name', 'district_code as districtCode'])
        .where('id', '=', teamId)
        .executeTakeFirst()
    },

    /** Every offender manager of a team (inactive ones too: they still hold cases until reallocated). */
    async offenderManagers(teamId: string) {
      return db
        .selectFrom('staff')
        .select(['id', 'display_name as name', 'accreditations', 'capacity', 'active'])
        .where('team_id', '=', teamId)
        .where('role', '=', 'offender_manager')
        .orderBy('display_name')
        .execute()
    },

    /** Open cases of a team's officers, counted per officer, risk level and status. */
    async caseloadCounts(teamId: string) {
      return db
        .selectFrom('subject')
        .select([
          'offender_manager_id as officerId',
          'risk_level as riskLevel',
          'status',
          eb => eb.cast<number>(eb.fn.countAll(), 'integer').as('n'),
        ])
        .where('managing_team_id', '=', teamId)
        .where('offender_manager_id', 'is not', null)
        .where('status', '<>', 'ended')
        .groupBy(['offender_manager_id', 'risk_level', 'status'])
        .execute()
    },

    /** A team's open cases with no offender manager. */
    async unallocated(teamId: string) {
      return db
        .selectFrom('subject as s')
        .innerJoin('person as p', 'p.id', 's.person_id')
        .select([
          's.id',
          's.reference',
          's.risk_level as riskLevel',
          's.status',
          's.registered_on as registeredOn',
          'p.given_name as givenName',
          'p.family_name as familyName',
        ])
        .where('s.managing_team_id', '=', teamId)
        .where('s.offender_manager_id', 'is', null)
        .where('s.status', '<>', 'ended')
        .execute()
    },

    /** An active offender manager of the given team, or nothing. */
    async activeOffenderManager(officerId: string, teamId: string) {
      return db
        .selectFrom('staff')
        .select(['id', 'display_name as name', 'accreditations'])
        .where('id', '=', officerId)
        .where('team_id', '=', teamId)
        .where('role', '=', 'offender_manager')
        .where('active', '=', true)
        .executeTakeFirst()
    },

    async setOffenderManager(subjectId: string, officerId: string, at: Date): Promise<void> {
      await db
        .updateTable('subject')
        .set({ offender_manager_id: officerId, updated_at: at })
        .where('id', '=', subjectId)
        .execute()
    },
  }
}

export type WorkloadRepository = ReturnType<typeof workloadRepository>
