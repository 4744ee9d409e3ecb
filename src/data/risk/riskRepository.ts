import type { Insertable, Kysely } from 'kysely'
import type { DB, RiskLevel } from '../schema.ts'
import type { ArmsAssessmentTable, RiskPlanActionTable, StaticRiskScoreTable } from './schema.ts'

/** ARMS assessments, their plan actions and countersignature, and static risk scores (RM2000/S). */
export function riskRepository(db: Kysely<DB>) {
  return {
    /** Staff who can own a plan action: the active members of a team. */
    async teamMembers(teamId: string): Promise<Array<{ id: string; name: string }>> {
      return db
        .selectFrom('staff')
        .select(['id', 'display_name as name'])
        .where('team_id', '=', teamId)
        .where('active', '=', true)
        .orderBy('display_name')
        .execute()
    },

    /** The latest static score on or before a date (an ARMS assessment takes the static category in force then). */
    async staticScoreOn(subjectId: string, on: string) {
      return db
        .selectFrom('static_risk_score')
        .select(['id', 'category', 'tool', 'assessed_on as assessedOn'])
        .where('subject_id', '=', subjectId)
        .where('assessed_on', '<=', on)
        .orderBy('assessed_on', 'desc')
        .limit(1)
        .executeTakeFirst()
    },

    async addAssessment(values: Insertable<ArmsAssessmentTable>): Promise<string> {
      const row = await db.insertInto('arms_assessment').values(values).returning('id').executeTakeFirstOrThrow()
      return row.id
    },

    async addPlanActions(rows: ReadonlyArray<Insertable<RiskPlanActionTable>>): Promise<void> {
      if (rows.length === 0) return
      await db
        .insertInto('risk_plan_action')
        .values([...rows])
        .execute()
    },

    /** One assessment with its author's name. */
    async assessment(assessmentId: string) {
      return db
        .selectFrom('arms_assessment as a')
        .innerJoin('staff as au', 'au.id', 'a.author_id')
        .selectAll('a')
        .select('au.display_name as authorName')
        .where('a.id', '=', assessmentId)
        .executeTakeFirst()
    },

    /** The assessment, locked for the countersigning transaction. */
    async assessmentForUpdate(assessmentId: string) {
      return db
        .selectFrom('arms_assessment')
        .selectAll()
        .where('id', '=', assessmentId)
        .forUpdate()
        .executeTakeFirst()
    },

    async planActions(assessmentId: string) {
      return db
        .selectFrom('risk_plan_action as r')
        .innerJoin('staff as o', 'o.id', 'r.owner_id')
        .select(['r.description', 'o.display_name as ownerName', 'r.due_on as dueOn', 'r.completed_on as completedOn'])
        .where('r.assessment_id', '=', assessmentId)
        .orderBy('r.due_on')
        .execute()
    },

    /** The subject's latest assessments, newest first (the subject page lists ten). */
    async recentAssessments(subjectId: string, limit: number) {
      return db
        .selectFrom('arms_assessment as a')
        .innerJoin('staff as au', 'au.id', 'a.author_id')
        .select([
          'a.id',
          'a.assessed_on as assessedOn',
          'a.level',
          'a.countersigned_on as countersignedOn',
          'au.display_name as authorName',
        ])
        .where('a.subject_id', '=', subjectId)
        .orderBy('a.assessed_on', 'desc')
        .limit(limit)
        .execute()
    },

    async markCountersigned(
      assessmentId: string,
      by: string,
      on: string,
      at: Date,
      comments: string | null,
    ): Promise<void> {
      await db
        .updateTable('arms_assessment')
        .set({ countersigned_by: by, countersigned_on: on, countersigned_at: at, countersign_comments: comments })
        .where('id', '=', assessmentId)
        .execute()
    },

    /** The level of the latest countersigned assessment: the force's assessment of the subject. */
    async currentAssessedLevel(subjectId: string): Promise<RiskLevel | undefined> {
      const row = await db
        .selectFrom('arms_assessment')
        .select('level')
        .where('subject_id', '=', subjectId)
        .where('countersigned_by', 'is not', null)
        .orderBy('assessed_on', 'desc')
        .orderBy('countersigned_at', 'desc')
        .limit(1)
        .executeTakeFirst()
      return row?.level
    },

    /** Countersigned assessments' levels, oldest first (the subject's risk history). */
    async countersignedLevels(subjectId: string) {
      return db
        .selectFrom('arms_assessment')
        .select(['assessed_on as assessedOn', 'level'])
        .where('subject_id', '=', subjectId)
        .where('countersigned_by', 'is not', null)
        .orderBy('assessed_on')
        .execute()
    },

    /** subject.risk_level follows the countersigned assessment; it changes only here. */
    async setSubjectLevel(subjectId: string, level: RiskLevel, at: Date): Promise<void> {
      await db.updateTable('subject').set({ risk_level: level, updated_at: at }).where('id', '=', subjectId).execute()
    },

    /** What RM2000/S eligibility needs about the person. */
    async personFacts(personId: string) {
      return db
        .selectFrom('person')
        .select(['gender', 'date_of_birth as dateOfBirth'])
        .where('id', '=', personId)
        .executeTakeFirstOrThrow()
    },

    async addStaticScore(values: Insertable<StaticRiskScoreTable>): Promise<string> {
      const row = await db.insertInto('static_risk_score').values(values).returning('id').executeTakeFirstOrThrow()
      return row.id
    },
  }
}

export type RiskRepository = ReturnType<typeof riskRepository>
