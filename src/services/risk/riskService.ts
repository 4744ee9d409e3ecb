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
  countersignOutcome,
  countersignRefusal,
  parseOrThrow,
  asRiskLevel,
  riskLevelLabel,
  rm2000Ineligibility,
  scoreRm2000s,
  type ArmsAssessment,
  type ArmsFactors,
  type Rm2000sAggravatingFactor,
  type Rm2000sResult,
} from '../../domain/risk/index.ts'
import type { SubjectHead } from '../../data/access/accessRepository.ts'
import type { DataAccess, Repositories } from '../../data/index.ts'
import type { AccessGate } from '../access/gate.ts'
import { loadScheduleSettings, refreshSubjectDue } from '../schedule/schedule.ts'
import { alertRecipientsFor } from '../alerts/alertService.ts'
import { isUuid } from '../../domain/ids.ts'
import { isSupervisorRole } from '../visits/roles.ts'

/** Roles that complete ARMS assessments. */
const ASSESSING_ROLES = ['offender_manager', 'supervisor', 'unit_head']

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

/** The subject's recent assessments and when the next is due: the risk part of the subject page. */
export interface ReviewsSection {
  rows: Array<{ id: string; assessedOn: string; level: string; countersignedOn: string | null; authorName: string }>
  reviewDue: string
  reviewReason: string
}

/** Assessments newest first, and the review due date (from registration while none is maintained yet). */
export async function reviewsSection(repos: Repositories, subject: SubjectHead): Promise<ReviewsSection> {
  const [rows, due, settings] = await Promise.all([
    repos.risk.recentAssessments(subject.id, 10),
    repos.schedule.dueOf(subject.id),
    loadScheduleSettings(repos),
  ])
  const reviewDue =
    due?.review_due ??
    Temporal.PlainDate.from(subject.registeredOn).add({ days: settings.review.initialAssessmentWithinDays }).toString()
  return { rows, reviewDue, reviewReason: due?.review_reason ?? 'initial assessment' }
}

/**
 * ARMS assessments, their countersignature, and static tool scores. subject.risk_level always equals the level
 * of the latest countersigned assessment: it changes only here, in the countersigning transaction.
 */
export class RiskService {
  constructor(
    private readonly data: DataAccess,
    private readonly gate: AccessGate,
    private readonly clock: Clock,
  ) {}

  /** Staff who can own a plan action: the subject's team (the service validates the id is one of them). */
  async planOwners(teamId: string): Promise<Array<{ id: string; name: string }>> {
    return this.data.repos.risk.teamMembers(teamId)
  }

  async recordArms(actor: Actor, input: unknown): Promise<{ assessmentId: string; level: string }> {
    const { repos } = this.data
    const at = nowDate(this.clock)
    const raw = (input ?? {}) as Record<string, unknown>
    const access = await this.gate.open(
      repos,
      actor,
      typeof raw.subjectId === 'string' ? raw.subjectId : '',
      'risk',
      'write',
    )
    const subject = access.subject
    if (!ASSESSING_ROLES.includes(actor.role)) throw new Forbidden('Your role does not complete risk assessments')
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
    const staticScore = await repos.risk.staticScoreOn(subject.id, parsed.assessedOn.toString())
    const staticCategory = asRiskLevel(staticScore?.category)
    const result = armsRiskLevel({
      factors: parsed.factors,
      ...(staticCategory ? { staticCategory } : {}),
      ...(parsed.professionalJudgement ? { professionalJudgement: parsed.professionalJudgement } : {}),
    })
    return this.data.transaction(async trx => {
      const assessmentId = await trx.risk.addAssessment({
        subject_id: subject.id,
        author_id: actor.id,
        assessed_on: parsed.assessedOn.toString(),
        factors: JSON.stringify(parsed.factors),
        static_score_id: staticScore?.id ?? null,
        professional_judgement: parsed.professionalJudgement
          ? JSON.stringify({
              level: parsed.professionalJudgement.level,
              reason: parsed.professionalJudgement.reason,
            })
          : null,
        derived_level: result.derivedLevel,
        level: result.level,
        explanation: JSON.stringify(result.explanation),
        created_at: at,
      })
      await trx.risk.addPlanActions(
        parsed.plan.actions.map(a => ({
          assessment_id: assessmentId,
          subject_id: subject.id,
          description: a.description,
          owner_id: a.ownerId,
          due_on: a.dueOn.toString(),
        })),
      )
      await trx.timeline.recordSubjectEvent({
        subjectId: subject.id,
        kind: 'risk-assessment',
        occurredOn: parsed.assessedOn.toString(),
        recordedAt: at,
        recordedBy: actor.id,
        summary: `ARMS assessment completed: ${riskLevelLabel(result.level).toLowerCase()} (awaiting countersignature)`,
        details: { assessmentId },
      })
      const supervisors = (await alertRecipientsFor(trx, subject.id)).filter(
        r => r.reason === 'supervisor' && r.staffId !== actor.id,
      )
      await trx.timeline.raiseAlert({
        subjectId: subject.id,
        kind: 'arms-countersignature',
        priority: 'normal',
        title: `Countersign the ARMS assessment for ${subject.reference}`,
        data: { assessmentId },
        createdAt: at,
        createdBy: actor.id,
        recipients: supervisors,
      })
      await trx.audit.append(at, [
        {
          actorId: actor.id,
          actorUsername: actor.username,
          operation: 'collect',
          recordType: 'arms-assessment',
          recordId: assessmentId,
          subjectId: subject.id,
          correlationId: actor.correlationId,
          details: { level: result.level },
        },
      ])
      return { assessmentId, level: result.level }
    })
  }

  async assessment(
    actor: Actor,
    assessmentId: string,
  ): Promise<AssessmentView & { canCountersign: boolean; refusal: string | undefined }> {
    const { repos } = this.data
    if (!isUuid(assessmentId)) throw new NotFound('No such assessment')
    const row = await repos.risk.assessment(assessmentId)
    if (!row) throw new NotFound('No such assessment')
    const access = await this.gate.open(repos, actor, row.subject_id, 'risk', 'read')
    const actions = await repos.risk.planActions(row.id)
    const refusal = countersignRefusal(
      toDomainAssessment(row),
      { officerId: actor.id, isSupervisor: isSupervisorRole(actor) },
      todayIn(this.clock),
    )
    await this.gate.consulted(repos, access, ['risk'], { assessmentId: row.id })
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

  /** Assessments for a subject, newest first, with the review due date (one consultation row). */
  async assessments(actor: Actor, subjectId: string): Promise<ReviewsSection> {
    const { repos } = this.data
    const access = await this.gate.open(repos, actor, subjectId, 'risk', 'read')
    const section = await reviewsSection(repos, access.subject)
    await this.gate.consulted(repos, access, ['risk'])
    return section
  }

  /** A supervisor agrees the assessment; the subject's risk level and visit interval follow it. */
  async countersign(actor: Actor, assessmentId: string, input: { comments?: unknown }): Promise<void> {
    const { repos } = this.data
    if (!isUuid(assessmentId)) throw new NotFound('No such assessment')
    const at = nowDate(this.clock)
    const today = todayIn(this.clock)
    const comments = typeof input.comments === 'string' ? input.comments.trim() : ''
    if (comments.length > 2000)
      throw new ValidationError([{ field: 'comments', message: 'Comments must be 2000 characters or fewer' }])
    const settings = await loadScheduleSettings(repos)
    const head = await repos.risk.assessment(assessmentId)
    if (!head) throw new NotFound('No such assessment')
    const access = await this.gate.open(repos, actor, head.subject_id, 'risk', 'write')
    const subject = access.subject
    await this.data.transaction(async trx => {
      const row = await trx.risk.assessmentForUpdate(assessmentId)
      if (!row) throw new NotFound('No such assessment')
      // The domain rule throws Forbidden / Conflict / ValidationError with the reason.
      countersign(
        toDomainAssessment(row),
        { officerId: actor.id, isSupervisor: isSupervisorRole(actor) },
        today,
        comments || undefined,
      )
      await trx.risk.markCountersigned(assessmentId, actor.id, today.toString(), at, comments || null)
      const latest = asRiskLevel(await trx.risk.currentAssessedLevel(subject.id))
      if (!latest) throw new Error('A countersigned assessment has no level')
      const outcome = countersignOutcome({
        heldLevel: subject.riskLevel,
        latestCountersignedLevel: latest,
        assessedOn: row.assessed_on,
      })
      if (outcome.newLevel) await trx.risk.setSubjectLevel(subject.id, outcome.newLevel, at)
      for (const entry of outcome.timeline) {
        await trx.timeline.recordSubjectEvent({
          subjectId: subject.id,
          kind: entry.kind,
          occurredOn: today.toString(),
          recordedAt: at,
          recordedBy: actor.id,
          summary: entry.summary,
          ...(entry.kind === 'risk-assessment-countersigned' ? { details: { assessmentId } } : {}),
        })
      }
      await refreshSubjectDue(trx, subject.id, settings, at)
      await trx.audit.append(at, [
        {
          actorId: actor.id,
          actorUsername: actor.username,
          operation: 'alter',
          recordType: 'arms-assessment',
          recordId: assessmentId,
          subjectId: subject.id,
          correlationId: actor.correlationId,
          details: { countersigned: true, level: latest },
        },
      ])
    })
  }

  /** The RM2000/S calculator (pure: nothing stored). The point table is configuration, marked unverified. */
  calculateRm2000(input: Record<string, unknown>): Rm2000sResult {
    const errors = []
    const whole = (field: string, label: string, min: number, max: number) => {
      const value = input[field]
      const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : ''
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
    const { repos } = this.data
    const at = nowDate(this.clock)
    const access = await this.gate.open(repos, actor, subjectId, 'risk', 'write')
    const subject = access.subject
    const result = this.calculateRm2000(input)
    const person = await repos.risk.personFacts(subject.personId)
    const ageAtIndex = Number(input.ageAtRiskCommencement)
    const today = todayIn(this.clock)
    const reasons = rm2000Ineligibility(
      {
        convicted: subject.category === 'rso',
        sex: person.gender === 'male' || person.gender === 'female' ? person.gender : 'unknown',
        dateOfBirth: Temporal.PlainDate.from(person.dateOfBirth ?? today.toString()),
        ageAtIndexOffence: ageAtIndex,
      },
      today,
    )
    if (reasons.length) throw new ValidationError(reasons.map(message => ({ field: 'subject', message })))
    await this.data.transaction(async trx => {
      const scoreId = await trx.risk.addStaticScore({
        subject_id: subject.id,
        tool: result.tool,
        version: result.version,
        score: result.score,
        category: result.category,
        assessed_on: today.toString(),
        details: JSON.stringify({
          points: result.points,
          aggravatingCount: result.aggravatingCount,
          step1Category: result.step1Category,
        }),
        recorded_by: actor.id,
        recorded_at: at,
      })
      await trx.timeline.recordSubjectEvent({
        subjectId: subject.id,
        kind: 'static-risk-score',
        occurredOn: today.toString(),
        recordedAt: at,
        recordedBy: actor.id,
        summary: `RM2000/S scored ${result.score}: ${riskLevelLabel(result.category).toLowerCase()}`,
        details: { scoreId },
      })
      await trx.audit.append(at, [
        {
          actorId: actor.id,
          actorUsername: actor.username,
          operation: 'collect',
          recordType: 'static-risk-score',
          recordId: scoreId,
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
    level: asRiskLevel(row.level) ?? 'low',
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
