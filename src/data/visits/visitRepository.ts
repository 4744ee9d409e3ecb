import type { Insertable, Kysely, Updateable } from 'kysely'
import type { DB, Role, SubjectStatus } from '../schema.ts'
import type { VisitPlanTable, VisitTable } from './schema.ts'

/** Home visits, each subject's visit plan, and the facts the visit planner routes from. */
export function visitRepository(db: Kysely<DB>) {
  return {
    /** Active staff in the given roles, by name. */
    async activeStaffInRoles(roles: readonly Role[]) {
      return db
        .selectFrom('staff')
        .select(['id', 'display_name as name', 'team_id as teamId'])
        .where('active', '=', true)
        .where('role', 'in', [...roles])
        .orderBy('display_name')
        .execute()
    },

    /** Of the given ids, the active staff in the given roles. */
    async activeStaffAmong(ids: readonly string[], roles: readonly Role[]) {
      if (ids.length === 0) return []
      return db
        .selectFrom('staff')
        .select(['id', 'display_name as name'])
        .where('id', 'in', [...ids])
        .where('active', '=', true)
        .where('role', 'in', [...roles])
        .execute()
    },

    async addVisit(values: Insertable<VisitTable>): Promise<string> {
      const row = await db.insertInto('visit').values(values).returning('id').executeTakeFirstOrThrow()
      return row.id
    },

    /** The subject's latest visits with both attending officers' names, newest first. */
    async recentVisits(subjectId: string, limit: number) {
      return db
        .selectFrom('visit as v')
        .innerJoin('staff as o1', 'o1.id', 'v.officer_1_id')
        .innerJoin('staff as o2', 'o2.id', 'v.officer_2_id')
        .select([
          'v.id',
          'v.kind',
          'v.visited_at as visitedAt',
          'v.outcome',
          'v.findings',
          'v.checks',
          'v.follow_ups as followUps',
          'o1.display_name as officer1',
          'o2.display_name as officer2',
        ])
        .where('v.subject_id', '=', subjectId)
        .orderBy('v.visited_at', 'desc')
        .limit(limit)
        .execute()
    },

    async plan(subjectId: string) {
      return db.selectFrom('visit_plan').selectAll().where('subject_id', '=', subjectId).executeTakeFirst()
    },

    /** The plan, locked for the approving transaction. */
    async planForUpdate(subjectId: string) {
      return db.selectFrom('visit_plan').selectAll().where('subject_id', '=', subjectId).forUpdate().executeTakeFirst()
    },

    /** Creates the subject's plan or changes the given columns of it. */
    async savePlan(subjectId: string, values: Updateable<VisitPlanTable> & { updated_at: Date }): Promise<void> {
      await db
        .insertInto('visit_plan')
        .values({ subject_id: subjectId, ...values })
        .onConflict(oc => oc.column('subject_id').doUpdateSet(values))
        .execute()
    },

    async markOverrideApproved(subjectId: string, by: string, at: Date): Promise<void> {
      await db
        .updateTable('visit_plan')
        .set({ override_approved_by: by, override_approved_at: at, updated_at: at })
        .where('subject_id', '=', subjectId)
        .execute()
    },

    /** Reactive management changes the subject's status (active ↔ reactive). */
    async setSubjectStatus(subjectId: string, status: SubjectStatus, at: Date): Promise<void> {
      await db.updateTable('subject').set({ status, updated_at: at }).where('id', '=', subjectId).execute()
    },

    /** An officer with their team's station (where a visit run starts). */
    async officerWithStation(officerId: string) {
      return db
        .selectFrom('staff as o')
        .innerJoin('team as t', 't.id', 'o.team_id')
        .select([
          'o.id',
          'o.display_name as name',
          'o.team_id as teamId',
          't.station_name as stationName',
          't.station_lat as lat',
          't.station_lon as lon',
        ])
        .where('o.id', '=', officerId)
        .executeTakeFirst()
    },

    /** An officer's active RSO cases at their current home address, with the maintained visit due date. */
    async plannerCandidates(officerId: string) {
      return db
        .selectFrom('subject as s')
        .innerJoin('person as p', 'p.id', 's.person_id')
        .innerJoin('person_address as pa', join =>
          join
            .onRef('pa.person_id', '=', 's.person_id')
            .on('pa.to_date', 'is', null)
            .on('pa.kind', 'in', ['home', 'nfa']),
        )
        .innerJoin('address as a', 'a.id', 'pa.address_id')
        .leftJoin('subject_due as sd', 'sd.subject_id', 's.id')
        .select([
          's.id as subjectId',
          's.reference',
          's.registered_on as registeredOn',
          'p.given_name as givenName',
          'p.family_name as familyName',
          's.risk_level as riskLevel',
          'a.line1',
          'a.town',
          'a.postcode',
          'a.lat',
          'a.lon',
          'sd.subject_id as dueRow',
          'sd.next_visit_due as nextVisitDue',
        ])
        .where('s.offender_manager_id', '=', officerId)
        .where('s.status', '=', 'active')
        .where('s.category', '=', 'rso')
        .execute()
    },
  }
}

export type VisitRepository = ReturnType<typeof visitRepository>
