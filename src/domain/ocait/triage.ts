import { Temporal } from 'temporal-polyfill'
import { ValidationError, type FieldError } from '../errors.ts'
import { compareRiskLevels, RISK_LEVEL_LABELS } from '../risk/levels.ts'
import type { OcaitSettings, ReferralGrade } from './settings.ts'

/**
 * A KIRAT-style triage (Kent Internet Risk Assessment Tool, DOMAIN-RASSO.md §4.2 [V]): about 14 questions in four
 * steps — previous behaviours, access to children, current behavioural facilitators, other factors — giving Low,
 * Medium, High or Very High, which "relates to police enforcement action time". KIRAT's own weights and decision
 * tree are restricted (the NCA owns development, force practice varies), so the questions, their weights, the
 * score bands and the contact-risk rules are a configurable questionnaire [U] with the defaults below.
 */
export type TriageStep = 'previous-behaviour' | 'access-to-children' | 'facilitators' | 'other-factors'

export const TRIAGE_STEPS: ReadonlyArray<{ step: TriageStep; title: string }> = [
  { step: 'previous-behaviour', title: 'Step 1: previous behaviours' },
  { step: 'access-to-children', title: 'Step 2: access to children' },
  { step: 'facilitators', title: 'Step 3: current behavioural facilitators' },
  { step: 'other-factors', title: 'Step 4: other factors' },
]

export interface TriageQuestion {
  id: string
  step: TriageStep
  text: string
  weight: number
}

/** A rule that sets a floor on the grade when answers show a route to contact offending. */
export interface TriageFloor {
  /** Every listed group needs at least one 'yes' among its question ids. */
  whenAnyOfEach: ReadonlyArray<readonly string[]>
  atLeast: ReferralGrade
  reason: string
}

export interface TriageQuestionnaire {
  version: string
  questions: readonly TriageQuestion[]
  /** Score → grade: the highest band whose minimum the score reaches. */
  bands: ReadonlyArray<{ minScore: number; grade: ReferralGrade }>
  floors: readonly TriageFloor[]
}

const ACCESS = ['children-in-household', 'children-of-acquaintances', 'works-with-children']
const FACILITATORS = ['grooming-or-incitement', 'producing-images', 'sexual-communication']

/** The default questionnaire [U]: KIRAT's four steps and ~14 questions (§4.2 [V]); weights and bands are local. */
export const DEFAULT_TRIAGE_QUESTIONNAIRE: TriageQuestionnaire = {
  version: 'vigil-kirat-style-1',
  questions: [
    {
      id: 'sexual-conviction',
      step: 'previous-behaviour',
      text: 'Previous conviction for a sexual offence',
      weight: 3,
    },
    {
      id: 'sexual-allegation',
      step: 'previous-behaviour',
      text: 'Previous allegation of a sexual offence without conviction',
      weight: 2,
    },
    { id: 'several-convictions', step: 'previous-behaviour', text: 'More than one sexual conviction', weight: 2 },
    { id: 'prison', step: 'previous-behaviour', text: 'Has served a prison sentence', weight: 1 },
    {
      id: 'children-in-household',
      step: 'access-to-children',
      text: 'Children live at, or regularly stay at, the address',
      weight: 3,
    },
    {
      id: 'children-of-acquaintances',
      step: 'access-to-children',
      text: 'Access to children of friends, acquaintances or neighbours',
      weight: 3,
    },
    {
      id: 'works-with-children',
      step: 'access-to-children',
      text: 'Works or volunteers with children (a position of trust)',
      weight: 3,
    },
    {
      id: 'grooming-or-incitement',
      step: 'facilitators',
      text: 'Evidence of grooming or inciting a child',
      weight: 4,
    },
    {
      id: 'producing-images',
      step: 'facilitators',
      text: 'Evidence of producing or taking indecent images',
      weight: 4,
    },
    { id: 'sexual-communication', step: 'facilitators', text: 'Sexual communication with a child', weight: 4 },
    { id: 'distributing-images', step: 'facilitators', text: 'Distributing or sharing indecent images', weight: 2 },
    { id: 'other-convictions', step: 'other-factors', text: 'Other (non-sexual) convictions', weight: 1 },
    { id: 'domestic-abuse', step: 'other-factors', text: 'Domestic abuse history', weight: 1 },
    { id: 'substance-misuse', step: 'other-factors', text: 'Substance misuse', weight: 1 },
  ],
  bands: [
    { minScore: 0, grade: 'low' },
    { minScore: 4, grade: 'medium' },
    { minScore: 8, grade: 'high' },
    { minScore: 12, grade: 'very_high' },
  ],
  floors: [
    {
      whenAnyOfEach: [ACCESS, FACILITATORS],
      atLeast: 'very_high',
      reason: 'Access to children together with grooming, producing images or sexual communication',
    },
    {
      whenAnyOfEach: [ACCESS],
      atLeast: 'medium',
      reason: 'Access to children',
    },
  ],
}

export type TriageAnswer = 'yes' | 'no' | 'unknown'

export interface TriageInput {
  answers: Readonly<Record<string, unknown>>
  /** Professional judgement: a different grade, with a reason. */
  overrideGrade?: unknown
  overrideReason?: unknown
}

export interface TriageResult {
  questionnaireVersion: string
  answers: Record<string, TriageAnswer>
  score: number
  /** What the questionnaire alone gives. */
  derivedGrade: ReferralGrade
  /** The grade recorded: the derived one, or the professional judgement. */
  grade: ReferralGrade
  override: { grade: ReferralGrade; reason: string } | null
  /** Why, in sentences an officer reads (shown on the referral and printed in the warrant pack). */
  explanation: string[]
  /** Questions answered 'unknown': the grade may be understated until they are answered. */
  unknown: string[]
}

const label = (g: ReferralGrade) => RISK_LEVEL_LABELS[g]

/**
 * Grades a referral. Every question must be answered (yes, no or not known); the score is the sum of the weights of
 * the 'yes' answers; the band gives the grade; a floor rule may raise it; professional judgement may then set another
 * grade with a reason. Lowering below the questionnaire's grade is the supervisor's decision (`mayLowerGrade`).
 */
export function triage(
  input: TriageInput,
  options: { questionnaire?: TriageQuestionnaire; mayLowerGrade: boolean },
): TriageResult {
  const q = options.questionnaire ?? DEFAULT_TRIAGE_QUESTIONNAIRE
  const errors: FieldError[] = []
  const answers: Record<string, TriageAnswer> = {}
  for (const question of q.questions) {
    const raw = input.answers[question.id]
    if (raw === 'yes' || raw === 'no' || raw === 'unknown') answers[question.id] = raw
    else errors.push({ field: `answers.${question.id}`, message: `Select yes, no or not known: ${question.text}` })
  }
  const yes = (id: string) => answers[id] === 'yes'
  const score = q.questions.filter(x => yes(x.id)).reduce((sum, x) => sum + x.weight, 0)
  let derived: ReferralGrade = 'low'
  for (const band of q.bands) if (score >= band.minScore) derived = band.grade
  const explanation = [`Questionnaire score ${String(score)}: ${label(derived).toLowerCase()}.`]
  for (const floor of q.floors) {
    if (floor.whenAnyOfEach.every(group => group.some(yes)) && compareRiskLevels(floor.atLeast, derived) > 0) {
      derived = floor.atLeast
      explanation.push(`Raised to ${label(derived).toLowerCase()}: ${floor.reason.toLowerCase()}.`)
    }
  }
  let override: TriageResult['override'] = null
  const overrideGrade = input.overrideGrade
  const reason = typeof input.overrideReason === 'string' ? input.overrideReason.trim() : ''
  if (overrideGrade !== undefined && overrideGrade !== null && overrideGrade !== '') {
    const grade = overrideGrade as ReferralGrade
    if (!(['low', 'medium', 'high', 'very_high'] as unknown[]).includes(overrideGrade)) {
      errors.push({ field: 'overrideGrade', message: 'Select a grade, or leave the grade as calculated' })
    } else if (grade !== derived) {
      if (reason.length < 10)
        errors.push({
          field: 'overrideReason',
          message: 'Give the reason for a different grade, in at least 10 characters',
        })
      else if (reason.length > 2000)
        errors.push({ field: 'overrideReason', message: 'The reason must be 2,000 characters or fewer' })
      if (compareRiskLevels(grade, derived) < 0 && !options.mayLowerGrade)
        errors.push({
          field: 'overrideGrade',
          message: 'Only a supervisor can lower the grade below the calculated one',
        })
      override = { grade, reason }
    }
  }
  if (errors.length > 0) throw new ValidationError(errors)
  if (override) {
    explanation.push(
      `Professional judgement: ${label(override.grade).toLowerCase()} instead of ${label(derived).toLowerCase()} (${override.reason}).`,
    )
  }
  const unknown = q.questions.filter(x => answers[x.id] === 'unknown').map(x => x.text)
  if (unknown.length > 0)
    explanation.push(`${String(unknown.length)} question(s) not known yet: the grade may be understated.`)
  return {
    questionnaireVersion: q.version,
    answers,
    score,
    derivedGrade: derived,
    grade: override?.grade ?? derived,
    override,
    explanation,
    unknown,
  }
}

/** When the referral must be actioned by: its start (receipt or triage, per the setting) plus its grade's target. */
export function actionDueAt(
  grade: ReferralGrade,
  start: { receivedAt: Temporal.Instant; triagedAt: Temporal.Instant },
  settings: OcaitSettings,
): Temporal.Instant {
  const from = settings.targetFrom === 'received' ? start.receivedAt : start.triagedAt
  return from.add({ hours: 24 * settings.targetDays[grade] })
}

/** When an untriaged referral must be triaged by. */
export function triageDueAt(receivedAt: Temporal.Instant, settings: OcaitSettings): Temporal.Instant {
  return receivedAt.add({ hours: settings.triageWithinHours })
}

export type Timeliness = { state: 'on-time'; hoursLeft: number } | { state: 'overdue'; hoursOver: number }

/** Where a deadline stands now: hours left, or hours over. */
export function timeliness(due: Temporal.Instant, now: Temporal.Instant): Timeliness {
  const hours = (due.epochMilliseconds - now.epochMilliseconds) / 3_600_000
  return hours >= 0
    ? { state: 'on-time', hoursLeft: Math.floor(hours) }
    : { state: 'overdue', hoursOver: Math.ceil(-hours) }
}
