import type { Temporal } from 'temporal-polyfill'
import { ARMS_PROTECTIVE_FACTORS, ARMS_RISK_FACTORS, FACTOR_RATINGS } from '../domain/risk/index.ts'
import { DEFAULT_VISIT_INTERVALS } from '../domain/visits/index.ts'
import type { Database } from '../data/database.ts'
import { TRIGGER_EVENT_KINDS, asRiskLevel } from '../domain/risk/index.ts'
import { createDataAccess } from '../data/index.ts'
import { takeGovernanceSnapshot } from '../services/governance/governanceService.ts'
import { loadScheduleSettings } from '../services/schedule/schedule.ts'
import { bulkInsert, skipRowChecksIfPermitted } from './bulkInsert.ts'
import { dateString, dayNumber, hashString, mulberry32, uuidFor } from './deterministic.ts'

/**
 * Synthetic risk assessments, visit plans and up to five years of home visits for every seeded RSO, plus the
 * maintained due dates and a year of governance snapshots. Deterministic: each subject's data comes from a PRNG
 * seeded by the run seed and the subject's reference, so chunking never changes the data.
 *
 * Proportions (synthetic, chosen to look like a force after GMP's 81% cut in overdue visits): ~3.5% of active
 * cases overdue a visit, ~3% overdue an ARMS review, ~1% with fresh intelligence awaiting review, ~2% approved
 * frequency overrides, ~0.5% overrides awaiting approval, ~2% assessments awaiting countersignature.
 *
 * Date arithmetic is on integer day numbers, not Temporal, because a 100,000-subject seed makes about a million
 * visits and the polyfill would dominate the run.
 */
export async function seedRiskVisits(
  database: Database,
  options: { seed: number; today: Temporal.PlainDate; chunkSize?: number },
): Promise<{ visits: number; assessments: number }> {
  const { db } = database
  const today = dayNumber(options.today.toString())
  const staff = await db.selectFrom('staff').select(['id', 'role', 'team_id']).where('active', '=', true).execute()
  const omsByTeam = new Map<string, string[]>()
  const supervisorByTeam = new Map<string, string>()
  for (const s of staff) {
    if (!s.team_id) continue
    if (s.role === 'offender_manager') omsByTeam.set(s.team_id, [...(omsByTeam.get(s.team_id) ?? []), s.id])
    if (s.role === 'supervisor') supervisorByTeam.set(s.team_id, s.id)
  }
  let after = ''
  let visits = 0
  let assessments = 0
  const chunk = options.chunkSize ?? 4000
  for (;;) {
    const subjects = await db
      .selectFrom('subject')
      .select([
        'id',
        'reference',
        'category',
        'status',
        'risk_level',
        'registered_on',
        'managing_team_id',
        'offender_manager_id',
      ])
      .where('reference', '>', after)
      .orderBy('reference')
      .limit(chunk)
      .execute()
    if (subjects.length === 0) break
    after = subjects[subjects.length - 1]?.reference ?? after
    const rows = emptyRows()
    for (const s of subjects) {
      if (s.category !== 'rso' || s.status === 'ended') continue
      const oms = omsByTeam.get(s.managing_team_id) ?? []
      const supervisor = supervisorByTeam.get(s.managing_team_id)
      if (oms.length < 2 || !supervisor) continue
      generateSubject(rows, { ...s, oms, supervisor, today, seed: options.seed })
    }
    await db.transaction().execute(async trx => {
      // Every reference is to a subject or officer just read, and generateSubject already moves the review date
      // forward for each event exactly as the subject_event trigger would, so checks and trigger can be skipped.
      await skipRowChecksIfPermitted(trx)
      await bulkInsert(trx, 'visit_plan', rows.visit_plan)
      await bulkInsert(trx, 'arms_assessment', rows.arms_assessment)
      await bulkInsert(trx, 'risk_plan_action', rows.risk_plan_action)
      await bulkInsert(trx, 'visit', rows.visit)
      await bulkInsert(trx, 'subject_due', rows.subject_due)
      // After subject_due: where the trigger does run, it finds the review date already moved and changes nothing.
      await bulkInsert(trx, 'subject_event', rows.subject_event)
    })
    visits += rows.visit.length
    assessments += rows.arms_assessment.length
  }
  await seedSnapshots(database, options.today, options.seed)
  return { visits, assessments }
}

interface SeedSubject {
  id: string
  reference: string
  status: string
  risk_level: string | null
  registered_on: string
  managing_team_id: string
  offender_manager_id: string | null
  oms: string[]
  supervisor: string
  today: number
  seed: number
}

type Rows = Record<
  'visit_plan' | 'arms_assessment' | 'risk_plan_action' | 'visit' | 'subject_due' | 'subject_event',
  Array<Record<string, unknown>>
>

const emptyRows = (): Rows => ({
  visit_plan: [],
  arms_assessment: [],
  risk_plan_action: [],
  visit: [],
  subject_due: [],
  subject_event: [],
})

const FIVE_YEARS = 5 * 365 + 1
const SEEDED_AT = new Date('2026-01-01T00:00:00Z')

function generateSubject(rows: Rows, s: SeedSubject): void {
  const rand = mulberry32(hashString(`${s.seed}:${s.reference}`))
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T
  // Ids from the subject's (unique) id and a counter: a 32-bit PRNG stream would repeat ids across 100,000 subjects.
  let serial = 0
  const uuid = () => uuidFor(`${s.id}:${serial++}`)
  const level = asRiskLevel(s.risk_level) ?? 'high'
  const [firstOm, secondOm] = s.oms
  // seedRiskVisits only passes teams with two or more offender managers.
  if (firstOm === undefined || secondOm === undefined) throw new Error('A seeded subject needs two offender managers')
  const om = s.offender_manager_id ?? firstOm
  const partner = s.oms.find(o => o !== om) ?? secondOm
  const registered = dayNumber(s.registered_on)
  const { today } = s

  // Visit plan: overrides and reactive management.
  let months = DEFAULT_VISIT_INTERVALS[level]
  let source = 'risk level'
  const r = rand()
  const reactiveSince =
    s.status === 'reactive'
      ? Math.min(today - 1, Math.max(registered + 365, today - Math.floor(rand() * 3 * 365)))
      : null
  if (r < 0.02 && s.status === 'active') {
    const overrideMonths = months === 1 ? 2 : months - 1
    rows.visit_plan.push(
      plan(s.id, {
        months: overrideMonths,
        level: s.risk_level ?? 'high',
        by: om,
        approvedBy: s.supervisor,
        reason: 'Stable at home; partner agencies visit monthly',
      }),
    )
    months = overrideMonths
    source = 'approved override'
  } else if (r < 0.025 && s.status === 'active') {
    rows.visit_plan.push(
      plan(s.id, {
        months: months === 1 ? 2 : months + 1,
        level: s.risk_level ?? 'high',
        by: om,
        approvedBy: null,
        reason: 'Settled employment and accommodation',
      }),
    )
  } else if (reactiveSince !== null) {
    rows.visit_plan.push({
      subject_id: s.id,
      reactive_since: dateString(reactiveSince),
      reactive_reason: 'Low risk for over three years with no police notice',
      updated_at: SEEDED_AT,
    })
  }

  // Visits: choose when the next one is due, then walk the history back from the last completed visit.
  let lastSeen: number | null = null
  const visitEnd = reactiveSince ?? today
  const overdue = s.status === 'active' && rand() < 0.035
  let target = overdue ? today - overdueDays(rand) : today + Math.floor(rand() * daysIn(months))
  let last = addMonths(target, -months)
  if (last < registered + 1)
    last = registered + 1 + Math.floor(rand() * Math.max(1, Math.min(27, today - registered - 2)))
  if (last >= visitEnd) last = visitEnd - 1 - Math.floor(rand() * 20)
  if (last > registered) {
    lastSeen = last
    target = addMonths(last, months)
    const floor = Math.max(registered + 1, today - FIVE_YEARS)
    // Earlier visits: one interval back each time, made a few days before they fell due.
    for (let v = last; v >= floor;) {
      rows.visit.push(visit(rand, uuid(), s.id, v, 'seen', om, partner, pick))
      if (rand() < 0.08 && v - 3 > floor) {
        rows.visit.push(visit(rand, uuid(), s.id, v - 1 - Math.floor(rand() * 3), 'not at home', om, partner, pick))
      }
      const previous = addMonths(v, -months) + Math.floor(rand() * 10)
      if (previous >= v) break
      v = previous
    }
    if (overdue && rand() < 0.3 && target < today - 1) {
      rows.visit.push(
        visit(rand, uuid(), s.id, target + 1, pick(['not at home', 'access refused'] as const), om, partner, pick),
      )
    }
  }

  // ARMS: the latest countersigned assessment, sometimes a newer one awaiting countersignature.
  const reviewOverdue = rand() < 0.03
  let assessed = reviewOverdue ? addMonths(today, -12) - overdueDays(rand) : today - Math.floor(rand() * 364)
  if (assessed < registered) assessed = Math.min(today - 1, registered + Math.floor(rand() * 28))
  const counting = uuid()
  rows.arms_assessment.push(
    assessment(
      rand,
      counting,
      s.id,
      assessed,
      s.risk_level ?? 'high',
      om === s.supervisor ? partner : om,
      s.supervisor,
    ),
  )
  rows.risk_plan_action.push({
    id: uuid(),
    assessment_id: counting,
    subject_id: s.id,
    description: 'Unannounced home visit including an evening',
    owner_id: om,
    due_on: dateString(assessed + 90),
    completed_on: assessed + 90 < today ? dateString(assessed + 80) : null,
  })
  if (rand() < 0.02 && assessed < today - 20) {
    const pending = uuid()
    rows.arms_assessment.push(
      assessment(rand, pending, s.id, today - Math.floor(rand() * 20), s.risk_level ?? 'high', om, null),
    )
    rows.risk_plan_action.push({
      id: uuid(),
      assessment_id: pending,
      subject_id: s.id,
      description: 'Check household composition with children’s services',
      owner_id: om,
      due_on: dateString(today + 30),
      completed_on: null,
    })
  }
  let reviewDue = addMonths(assessed, 12)
  let reviewReason = 'periodic review'
  if (rand() < 0.01) {
    const on = Math.min(today, assessed + 1 + Math.floor(rand() * Math.max(1, today - assessed)))
    rows.subject_event.push({
      id: uuid(),
      subject_id: s.id,
      kind: TRIGGER_EVENT_KINDS['new intelligence'],
      occurred_on: dateString(on),
      recorded_at: SEEDED_AT,
      recorded_by: om,
      summary: 'Intelligence received (synthetic)',
      details: '{}',
    })
    if (on > assessed && on + 14 < reviewDue) {
      reviewDue = on + 14
      reviewReason = 'change of circumstances'
    }
  }
  rows.subject_due.push({
    subject_id: s.id,
    interval_months: reactiveSince !== null ? null : months,
    interval_source: reactiveSince !== null ? 'reactive management' : source,
    last_completed_visit_on: lastSeen !== null ? dateString(lastSeen) : null,
    next_visit_due:
      reactiveSince !== null ? null : dateString(lastSeen !== null ? addMonths(lastSeen, months) : registered + 28),
    last_assessed_on: dateString(assessed),
    review_due: dateString(reviewDue),
    review_reason: reviewReason,
    last_notified_on: null,
    updated_at: SEEDED_AT,
  })
}

function overdueDays(rand: () => number): number {
  const r = rand()
  if (r < 0.35) return 1 + Math.floor(rand() * 7)
  if (r < 0.65) return 8 + Math.floor(rand() * 21)
  if (r < 0.9) return 29 + Math.floor(rand() * 62)
  return 91 + Math.floor(rand() * 200)
}

function plan(
  subjectId: string,
  o: { months: number; level: string; by: string; approvedBy: string | null; reason: string },
) {
  return {
    subject_id: subjectId,
    override_months: o.months,
    override_reason: o.reason,
    override_for_level: o.level,
    override_requested_by: o.by,
    override_requested_at: SEEDED_AT,
    override_approved_by: o.approvedBy,
    override_approved_at: o.approvedBy ? SEEDED_AT : null,
    updated_at: SEEDED_AT,
  }
}

const FINDINGS = [
  'Seen at home. Details match the last notification.',
  'Seen with partner present. No change in household.',
  'Seen. New phone disclosed and examined.',
  'Seen. Employment unchanged; routine stable.',
]
const CHECKS = [
  'details verified against last notification',
  'household composition',
  'children present',
  'devices seen',
  'associates',
]

function visit(
  rand: () => number,
  id: string,
  subjectId: string,
  day: number,
  outcome: 'seen' | 'not at home' | 'access refused',
  om: string,
  partner: string,
  pick: <T>(xs: readonly T[]) => T,
) {
  // Daytime mostly, a fifth in the evening, as guidance asks ("vary days and times, including evenings").
  const hour = rand() < 0.2 ? 18 + Math.floor(rand() * 3) : 9 + Math.floor(rand() * 8)
  const minute = Math.floor(rand() * 4) * 15
  return {
    id,
    subject_id: subjectId,
    kind: rand() < 0.6 ? 'unannounced' : 'planned',
    visited_at: londonInstant(day, hour, minute),
    officer_1_id: om,
    officer_2_id: partner,
    outcome,
    checks: outcome === 'seen' ? CHECKS.filter(() => rand() < 0.7) : [],
    findings: outcome === 'seen' ? pick(FINDINGS) : 'No answer at the door. Card left.',
    follow_ups: '[]',
    recorded_by: om,
    recorded_at: londonInstant(day, 20, 0),
  }
}

/** Ratings whose risk total lands in the ARMS dynamic band of the level, so the stored level is the derived one. */
const BAND: Record<string, [number, number]> = { low: [0, 3], medium: [4, 7], high: [8, 10], very_high: [11, 14] }

function assessment(
  rand: () => number,
  id: string,
  subjectId: string,
  day: number,
  level: string,
  author: string,
  countersigner: string | null,
) {
  const [min, max] = BAND[level] ?? [0, 3]
  let total = min + Math.floor(rand() * (max - min + 1))
  const risk: Record<string, { rating: string; evidence: string }> = {}
  for (const f of ARMS_RISK_FACTORS) {
    const points = Math.min(2, total)
    total -= points
    risk[f] = {
      rating: FACTOR_RATINGS[points] as string,
      evidence: points > 0 ? 'Seen at home visits (synthetic)' : '',
    }
  }
  const protective: Record<string, { rating: string; evidence: string }> = {}
  for (const f of ARMS_PROTECTIVE_FACTORS) {
    const points = Math.floor(rand() * 3)
    protective[f] = {
      rating: FACTOR_RATINGS[points] as string,
      evidence: points > 0 ? 'Reported by probation (synthetic)' : '',
    }
  }
  return {
    id,
    subject_id: subjectId,
    author_id: author,
    assessed_on: dateString(day),
    factors: JSON.stringify({ risk, protective }),
    static_score_id: null,
    professional_judgement: null,
    derived_level: level,
    level,
    explanation: '[]',
    countersigned_by: countersigner,
    countersigned_on: countersigner ? dateString(day + Math.floor(rand() * 7)) : null,
    countersigned_at: countersigner ? SEEDED_AT : null,
    countersign_comments: null,
    created_at: SEEDED_AT,
  }
}

/**
 * A year of daily snapshots so the trend chart has history: today's real counts, and earlier days scaled up
 * along a synthetic decline (about 81% over the year, as GMP reported). Synthetic, like everything seeded.
 */
async function seedSnapshots(database: Database, today: Temporal.PlainDate, seed: number): Promise<void> {
  const { db } = database
  const data = createDataAccess(database)
  const settings = await loadScheduleSettings(data.repos)
  const p = {
    today: today.toString(),
    firstVisitDays: settings.nextVisit.firstVisitWithinDays,
    initialAssessmentDays: settings.review.initialAssessmentWithinDays,
    periodicNotificationMonths: settings.periodicNotificationMonths,
  }
  await takeGovernanceSnapshot(data, p, SEEDED_AT, today)
  const current = await db
    .selectFrom('governance_snapshot')
    .selectAll()
    .where('taken_on', '=', today.toString())
    .where('group_by', 'in', ['force', 'district', 'team'])
    .execute()
  const rand = mulberry32(seed)
  const history: Array<Record<string, unknown>> = []
  const start = dayNumber(today.toString())
  for (let back = 1; back <= 365; back++) {
    const factor = 1 + 4.26 * (back / 365) ** 1.1
    for (const row of current) {
      const scale = (n: number) => Math.round(n * factor * (0.95 + rand() * 0.1))
      const bands = [row.overdue_1_7, row.overdue_8_28, row.overdue_29_90, row.overdue_over_90].map(scale)
      history.push({
        ...row,
        taken_on: dateString(start - back),
        overdue_1_7: bands[0],
        overdue_8_28: bands[1],
        overdue_29_90: bands[2],
        overdue_over_90: bands[3],
        overdue: bands.reduce((a, b) => a + b, 0),
        due_14: row.due_14,
        due_28: row.due_28,
        taken_at: SEEDED_AT,
      })
    }
  }
  await db.transaction().execute(trx => bulkInsert(trx, 'governance_snapshot', history))
}

// ---- calendar helpers for this seed (shared ones are in deterministic.ts) ----

function daysIn(months: number): number {
  return Math.round(months * 30.44)
}

/** Adds calendar months, clamping to the month end (31 January + 1 month = 28/29 February), as Temporal does. */
function addMonths(day: number, months: number): number {
  const d = new Date(day * 86_400_000)
  const y = d.getUTCFullYear()
  const m = d.getUTCMonth() + months
  const target = new Date(Date.UTC(y, m, 1))
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()
  return Math.floor(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(d.getUTCDate(), lastDay)) / 86_400_000,
  )
}

/** A London wall-clock time as an instant: BST runs from the last Sunday of March to the last Sunday of October. */
function londonInstant(day: number, hour: number, minute: number): Date {
  const year = new Date(day * 86_400_000).getUTCFullYear()
  const lastSunday = (month: number) => {
    const end = Date.UTC(year, month + 1, 0) / 86_400_000
    return end - new Date(end * 86_400_000).getUTCDay()
  }
  const bst = day >= lastSunday(2) && day < lastSunday(9)
  return new Date(day * 86_400_000 + ((hour - (bst ? 1 : 0)) * 60 + minute) * 60_000)
}
