import { Temporal } from 'temporal-polyfill'
import type { Actor } from '../../domain/access/actor.ts'
import { nowDate, todayIn, type Clock } from '../../domain/clock.ts'
import { Forbidden, NotFound, ValidationError } from '../../domain/errors.ts'
import {
  RM2000S_AGGRAVATING_FACTORS,
  RM2000S_DEFAULT_TABLE,
  armsAssessmentSchema,
  armsRiskLevel,
  countersign,
  countersignRefusal,
  parseOrThrow,
  rm2000Ineligibility,
  scoreRm2000s,
  type ArmsAssessment,
  type ArmsFactors,
  type Rm2000sAggravatingFactor,
  type Rm2000sResult,
} from '../../domain/risk/index.ts'
import type { Database } from '../../data/database.ts'
import { appendAudit } from '../../data/audit/auditRepository.ts'
import { raiseAlert, recordSubjectEvent } from '../../data/timeline/timelineRepository.ts'
import { isSupervisorRole, isUuid, subjectForCasework } from '../visits/access.ts'
import { loadRiskVisitSettings, refreshSubjectDue, toDbLevel, toDomainLevel } from '../visits/schedule.ts'
import { managersOf } from '../visits/visitService.ts'

export interface AssessmentView {
  id: string
  subjectId: string
  authorId: string
  authorName: string
  assessedOn: string
  factors: ArmsFactors
  level: string
  derivedLevel: string
  explanation: string[]
  professionalJudgement: { level: string; reason: string } | null
  countersignedBy: string | null
  countersignedOn: string | null
  countersignComments: string | null
  actions: Array<{ description: string; ownerName: string; dueOn: string; completedOn: string | null }>
}

/**
 * ARMS assessments, their countersignature, and static tool scores. subject.risk_level always equals the level
 * of the latest countersigned assessment: it changes only here, in the countersigning transaction.
 */
export class RiskService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  /** Staff who can own a plan action: the subject's team (the service validates the id is one of them). */
  async planOwners(teamId: string): Promise<Array<{ id: string; name: string }>> {
    return this.database.db
      .selectFrom('staff')
      .select(['id', 'display_name as name'])
      .where('team_id', '=', teamId)
      .where('active', '=', true)
      .orderBy('display_name')
      .execute()
  }

  async recordArms(actor: Actor, input: unknown): Promise<{ assessmentId: string; level: string }> {
    const { db } = this.database
    const at = nowDate(this.clock)
    const raw = (input ?? {}) as Record<string, unknown>
    const subject = await subjectForCasework(
      db,
      actor,
      typeof raw.subjectId === 'string' ? raw.subjectId : '',
      at,
      'collect',
    )
    if (!['offender_manager', 'supervisor', 'unit_head'].includes(actor.role)) {
      throw new Forbidden('Your role does not complete risk assessments')
    }
    if (subject.category !== 'rso') {
      throw new Forbidden('ARMS is for people convicted or cautioned for a sexual offence, not for suspects')
    }
    const today = todayIn(this.clock)
    const parsed = parseOrThrow(armsAssessmentSchema(today), input)
    const owners = new Set((await this.planOwners(subject.managingTeamId)).map(o => o.id))
    const ownerErrors = parsed.plan.actions.flatMap((a, i) =>
      owners.has(a.ownerId)
        ? []
        : [{ field: `plan.actions.${i}.ownerId`, message: 'Select who owns the action from the list' }],
    )
    if (ownerErrors.length) throw new ValidationError(ownerErrors)
    const staticScore = await db
      .selectFrom('static_risk_score')
      .select(['id', 'category', 'tool', 'assessed_on'])
      .where('subject_id', '=', subject.id)
      .where('assessed_on', '<=', parsed.assessedOn.toString())
      .orderBy('assessed_on', 'desc')
      .limit(1)
      .executeTakeFirst()
    const staticCategory = toDomainLevel(staticScore?.category)
    const result = armsRiskLevel({
      factors: parsed.factors as ArmsFactors,
      ...(staticCategory ? { staticCategory } : {}),
      ...(parsed.professionalJudgement ? { professionalJudgement: parsed.professionalJudgement } : {}),
    })
    return db.transaction().execute(async trx => {
      const row = await trx
        .insertInto('arms_assessment')
        .values({
          subject_id: subject.id,
          author_id: actor.id,
          assessed_on: parsed.assessedOn.toString(),
          factors: JSON.stringify(parsed.factors),
          static_score_id: staticScore?.id ?? null,
          professional_judgement: parsed.professionalJudgement
            ? JSON.stringify({
                level: toDbLevel(parsed.professionalJudgement.level),
                reason: parsed.professionalJudgement.reason,
              })
            : null,
          derived_level: toDbLevel(result.derivedLevel),
          level: toDbLevel(result.level),
          explanation: JSON.stringify(result.explanation),
          created_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await trx
        .insertInto('risk_plan_action')
        .values(
          parsed.plan.actions.map(a => ({
            assessment_id: row.id,
            subject_id: subject.id,
            description: a.description,
            owner_id: a.ownerId,
            due_on: a.dueOn.toString(),
          })),
        )
        .execute()
      await recordSubjectEvent(trx, {
        subjectId: subject.id,
        kind: 'risk-assessment',
        occurredOn: parsed.assessedOn.toString(),
        recordedAt: at,
        recordedBy: actor.id,
        summary: `ARMS assessment completed: ${result.level} (awaiting countersignature)`,
        details: { assessmentId: row.id },
      })
      const supervisors = (await managersOf(trx, subject)).filter(
        r => r.reason === 'supervisor' && r.staffId !== actor.id,
      )
      await raiseAlert(trx, {
        subjectId: subject.id,
        kind: 'arms-countersignature',
        priority: 'normal',
        title: `Countersign the ARMS assessment for ${subject.reference}`,
        data: { assessmentId: row.id },
        createdAt: at,
        createdBy: actor.id,
        recipients: supervisors,
      })
      await appendAudit(trx, at, [
        {
          actorId: actor.id,
          actorUsername: actor.username,
          operation: 'collect',
          recordType: 'arms-assessment',
          recordId: row.id,
          subjectId: subject.id,
          correlationId: actor.correlationId,
          details: { level: result.level },
        },
      ])
      return { assessmentId: row.id, level: toDbLevel(result.level) }
    })
  }

  async assessment(
    actor: Actor,
    assessmentId: string,
  ): Promise<AssessmentView & { canCountersign: boolean; refusal: string | undefined }> {
    const { db } = this.database
    if (!isUuid(assessmentId)) throw new NotFound('No such assessment')
    const row = await db
      .selectFrom('arms_assessment as a')
      .innerJoin('staff as au', 'au.id', 'a.author_id')
      .selectAll('a')
      .select('au.display_name as authorName')
      .where('a.id', '=', assessmentId)
      .executeTakeFirst()
    if (!row) throw new NotFound('No such assessment')
    const at = nowDate(this.clock)
    await subjectForCasework(db, actor, row.subject_id, at, 'consult')
    await appendAudit(db, at, [
      {
        actorId: actor.id,
        actorUsername: actor.username,
        operation: 'consult',
        recordType: 'arms-assessment',
        recordId: row.id,
        subjectId: row.subject_id,
        correlationId: actor.correlationId,
      },
    ])
    const actions = await db
      .selectFrom('risk_plan_action as r')
      .innerJoin('staff as o', 'o.id', 'r.owner_id')
      .select(['r.description', 'o.display_name as ownerName', 'r.due_on as dueOn', 'r.completed_on as completedOn'])
      .where('r.assessment_id', '=', row.id)
      .orderBy('r.due_on')
      .execute()
    const refusal = countersignRefusal(
      toDomainAssessment(row),
      { officerId: actor.id, isSupervisor: isSupervisorRole(actor) },
      todayIn(this.clock),
    )
    return {
      id: row.id,
      subjectId: row.subject_id,
      authorId: row.author_id,
      authorName: row.authorName,
      assessedOn: row.assessed_on,
      factors: row.factors as unknown as ArmsFactors,
      level: row.level,
      derivedLevel: row.derived_level,
      explanation: row.explanation,
      professionalJudgement: row.professional_judgement,
      countersignedBy: row.countersigned_by,
      countersignedOn: row.countersigned_on,
      countersignComments: row.countersign_comments,
      actions,
      canCountersign: refusal === undefined,
      refusal,
    }
  }

  /** Assessments for the subject page, newest first. */
  async assessments(actor: Actor, subjectId: string) {
    const { db } = this.database
    const subject = await subjectForCasework(db, actor, subjectId, nowDate(this.clock), 'consult')
    const [rows, due] = await Promise.all([
      db
        .selectFrom('arms_assessment as a')
        .innerJoin('staff as au', 'au.id', 'a.author_id')
        .select([
          'a.id',
          'a.assessed_on as assessedOn',
          'a.level',
          'a.countersigned_on as countersignedOn',
          'au.display_name as authorName',
        ])
        .where('a.subject_id', '=', subject.id)
        .orderBy('a.assessed_on', 'desc')
        .limit(10)
        .execute(),
      db
        .selectFrom('subject_due')
        .select(['review_due', 'review_reason'])
        .where('subject_id', '=', subject.id)
        .executeTakeFirst(),
    ])
    const settings = await loadRiskVisitSettings(db)
    const reviewDue =
      due?.review_due ??
      Temporal.PlainDate.from(subject.registeredOn)
        .add({ days: settings.review.initialAssessmentWithinDays })
        .toString()
    return { rows, reviewDue, reviewReason: due?.review_reason ?? 'initial assessment' }
  }

  /** A supervisor agrees the assessment; the subject's risk level and visit interval follow it. */
  async countersign(actor: Actor, assessmentId: string, input: { comments?: unknown }): Promise<void> {
    const { db } = this.database
    if (!isUuid(assessmentId)) throw new NotFound('No such assessment')
    const at = nowDate(this.clock)
    const today = todayIn(this.clock)
    const comments = typeof input.comments === 'string' ? input.comments.trim() : ''
    if (comments.length > 2000)
      throw new ValidationError([{ field: 'comments', message: 'Comments must be 2000 characters or fewer' }])
    const settings = await loadRiskVisitSettings(db)
    const head = await db
      .selectFrom('arms_assessment')
      .select('subject_id')
      .where('id', '=', assessmentId)
      .executeTakeFirst()
    if (!head) throw new NotFound('No such assessment')
    const subject = await subjectForCasework(db, actor, head.subject_id, at, 'alter')
    await db.transaction().execute(async trx => {
      const row = await trx
        .selectFrom('arms_assessment')
        .selectAll()
        .where('id', '=', assessmentId)
        .forUpdate()
        .executeTakeFirstOrThrow()
      // The domain rule throws Forbidden / Conflict / ValidationError with the reason.
      countersign(
        toDomainAssessment(row),
        { officerId: actor.id, isSupervisor: isSupervisorRole(actor) },
        today,
        comments || undefined,
      )
      await trx
        .updateTable('arms_assessment')
        .set({
          countersigned_by: actor.id,
          countersigned_on: today.toString(),
          countersigned_at: at,
          countersign_comments: comments || null,
        })
        .where('id', '=', assessmentId)
        .execute()
      const latest = await trx
        .selectFrom('arms_assessment')
        .select('level')
        .where('subject_id', '=', subject.id)
        .where('countersigned_by', 'is not', null)
        .orderBy('assessed_on', 'desc')
        .orderBy('countersigned_at', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow()
      if (latest.level !== subject.riskLevel) {
        await trx
          .updateTable('subject')
          .set({ risk_level: latest.level, updated_at: at })
          .where('id', '=', subject.id)
          .execute()
        await recordSubjectEvent(trx, {
          subjectId: subject.id,
          kind: 'risk-level-changed',
          occurredOn: today.toString(),
          recordedAt: at,
          recordedBy: actor.id,
          summary: `Risk level ${subject.riskLevel ? `changed from ${subject.riskLevel.replace('_', ' ')} ` : 'set '}to ${latest.level.replace('_', ' ')}`,
        })
      }
      await recordSubjectEvent(trx, {
        subjectId: subject.id,
        kind: 'risk-assessment-countersigned',
        occurredOn: today.toString(),
        recordedAt: at,
        recordedBy: actor.id,
        summary: `ARMS assessment of ${row.assessed_on} countersigned`,
        details: { assessmentId },
      })
      await refreshSubjectDue(trx, subject.id, settings, at)
      await appendAudit(trx, at, [
        {
          actorId: actor.id,
          actorUsername: actor.username,
          operation: 'alter',
          recordType: 'arms-assessment',
          recordId: assessmentId,
          subjectId: subject.id,
          correlationId: actor.correlationId,
          details: { countersigned: true, level: latest.level },
        },
      ])
    })
  }

  /** The RM2000/S calculator (pure: nothing stored). The point table is configuration, marked unverified. */
  calculateRm2000(input: Record<string, unknown>): Rm2000sResult {
    const errors = []
    const whole = (field: string, label: string, min: number, max: number) => {
      const text = typeof input[field] === 'string' ? (input[field] as string).trim() : String(input[field] ?? '')
      const n = Number(text)
      if (text === '') errors.push({ field, message: `Enter ${label}` })
      else if (!Number.isInteger(n)) errors.push({ field, message: `${capitalise(label)} must be a whole number` })
      else if (n < min || n > max)
        errors.push({ field, message: `${capitalise(label)} must be between ${min} and ${max}` })
      return n
    }
    const age = whole('ageAtRiskCommencement', 'the age at commencement of risk', 18, 100)
    const sexual = whole('sexualAppearances', 'the number of sentencing appearances for sexual offences', 1, 50)
    const criminal = whole('criminalAppearances', 'the number of sentencing appearances for any offence', 1, 200)
    const ticked = ([] as unknown[]).concat(input.aggravatingFactors ?? [])
    const factors = ticked.filter((f): f is Rm2000sAggravatingFactor =>
      (RM2000S_AGGRAVATING_FACTORS as readonly unknown[]).includes(f),
    )
    if (factors.length !== ticked.length)
      errors.push({ field: 'aggravatingFactors', message: 'Select aggravating factors from the list' })
    if (!errors.length && criminal < sexual) {
      errors.push({ field: 'criminalAppearances', message: 'Appearances for any offence must include the sexual ones' })
    }
    if (errors.length) throw new ValidationError(errors)
    return scoreRm2000s(
      {
        ageAtRiskCommencement: age,
        sexualAppearances: sexual,
        criminalAppearances: criminal,
        aggravatingFactors: factors,
      },
      RM2000S_DEFAULT_TABLE,
    )
  }

  /** Scores RM2000/S for a subject and stores it (tool, version, score, category, date), if RM2000 applies to them. */
  async recordRm2000(actor: Actor, subjectId: string, input: Record<string, unknown>): Promise<Rm2000sResult> {
    const { db } = this.database
    const at = nowDate(this.clock)
    const subject = await subjectForCasework(db, actor, subjectId, at, 'collect')
    const result = this.calculateRm2000(input)
    const person = await db
      .selectFrom('subject as s')
      .innerJoin('person as p', 'p.id', 's.person_id')
      .select(['p.gender', 'p.date_of_birth'])
      .where('s.id', '=', subject.id)
      .executeTakeFirstOrThrow()
    const ageAtIndex = Number(input.ageAtRiskCommencement)
    const today = todayIn(this.clock)
    const reasons = rm2000Ineligibility(
      {
        convicted: subject.category === 'rso',
        sex: person.gender === 'male' || person.gender === 'female' ? person.gender : 'unknown',
        dateOfBirth: Temporal.PlainDate.from(person.date_of_birth ?? today.toString()),
        ageAtIndexOffence: ageAtIndex,
      },
      today,
    )
    if (reasons.length) throw new ValidationError(reasons.map(message => ({ field: 'subject', message })))
    await db.transaction().execute(async trx => {
      const row = await trx
        .insertInto('static_risk_score')
        .values({
          subject_id: subject.id,
          tool: result.tool,
          version: result.version,
          score: result.score,
          category: toDbLevel(result.category),
          assessed_on: today.toString(),
          details: JSON.stringify({
            points: result.points,
            aggravatingCount: result.aggravatingCount,
            step1Category: result.step1Category,
          }),
          recorded_by: actor.id,
          recorded_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await recordSubjectEvent(trx, {
        subjectId: subject.id,
        kind: 'static-risk-score',
        occurredOn: today.toString(),
        recordedAt: at,
        recordedBy: actor.id,
        summary: `RM2000/S scored ${result.score}: ${result.category}`,
        details: { scoreId: row.id },
      })
      await appendAudit(trx, at, [
        {
          actorId: actor.id,
          actorUsername: actor.username,
          operation: 'collect',
          recordType: 'static-risk-score',
          recordId: row.id,
          subjectId: subject.id,
          correlationId: actor.correlationId,
        },
      ])
    })
    return result
  }
}

function toDomainAssessment(row: {
  id: string
  subject_id: string
  author_id: string
  assessed_on: string
  factors: Record<string, unknown>
  level: string
  countersigned_by: string | null
  countersigned_on: string | null
}): ArmsAssessment {
  return {
    id: row.id,
    subjectId: row.subject_id,
    authorId: row.author_id,
    assessedOn: Temporal.PlainDate.from(row.assessed_on),
    factors: row.factors as unknown as ArmsFactors,
    level: toDomainLevel(row.level) ?? 'low',
    plan: { actions: [] },
    ...(row.countersigned_by && row.countersigned_on
      ? {
          countersignature: {
            supervisorId: row.countersigned_by,
            countersignedOn: Temporal.PlainDate.from(row.countersigned_on),
          },
        }
      : {}),
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
