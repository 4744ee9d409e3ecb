import { stringify } from 'csv-stringify/sync'
import { Temporal } from 'temporal-polyfill'
import type { Actor } from '../../domain/access/actor.ts'
import { nowDate, todayIn, type Clock } from '../../domain/clock.ts'
import { Forbidden, ValidationError } from '../../domain/errors.ts'
import type { Database } from '../../data/database.ts'
import { appendAudit } from '../../data/audit/auditRepository.ts'
import {
  CELLS,
  CELL_LABELS,
  GROUP_BYS,
  MEASURES,
  MEASURE_LABELS,
  UNALLOCATED,
  dueList,
  groupLabels,
  overdueCounts,
  type Cell,
  type CellCounts,
  type DueListRow,
  type DueParameters,
  type GroupBy,
  type Measure,
  type Scope,
} from '../../data/governance/governanceRepository.ts'
import type { Insertable, Kysely } from 'kysely'
import type { DB } from '../../data/schema.ts'
import type { GovernanceSnapshotTable } from '../../data/schemaRiskVisits.ts'
import { isUuid } from '../visits/access.ts'
import { loadRiskVisitSettings } from '../visits/schedule.ts'

export { CELLS, CELL_LABELS, GROUP_BYS, MEASURES, MEASURE_LABELS }
export type { Cell, CellCounts, GroupBy, Measure, Scope }

export const LIST_PAGE_SIZE = 50

export interface DashboardGroup {
  key: string
  label: string
  measures: Record<Measure, CellCounts>
}

export interface Dashboard {
  scope: Scope
  scopeLabel: string
  groupBy: GroupBy
  today: string
  groups: DashboardGroup[]
  totals: Record<Measure, CellCounts>
  /** Whether this actor may open the subject lists behind the numbers (analysts see counts, not names). */
  canListSubjects: boolean
}

const emptyCounts = (): CellCounts => Object.fromEntries(CELLS.map(c => [c, 0])) as CellCounts

export function parseScope(text: string | undefined): Scope | undefined {
  if (!text || text === 'force') return text === 'force' ? { level: 'force' } : undefined
  const [level, key] = text.split(':', 2)
  if (!key) return undefined
  if (level === 'district' && /^E0[0-9]{7}$/.test(key)) return { level, key }
  if (level === 'team' && isUuid(key)) return { level, key }
  if (level === 'officer' && (isUuid(key) || key === UNALLOCATED)) return { level, key }
  return undefined
}

export function scopeParam(scope: Scope): string {
  return scope.level === 'force' ? 'force' : `${scope.level}:${scope.key}`
}

export function isGroupBy(value: unknown): value is GroupBy {
  return typeof value === 'string' && (GROUP_BYS as readonly string[]).includes(value)
}
export function isMeasure(value: unknown): value is Measure {
  return typeof value === 'string' && (MEASURES as readonly string[]).includes(value)
}
export function isCell(value: unknown): value is Cell {
  return typeof value === 'string' && (CELLS as readonly string[]).includes(value)
}

/**
 * Overdue governance: the dashboard, its drill-down lists, CSV, API, daily snapshot and trend. Every count comes
 * from governanceRepository's one query path. Scope by role: the unit head and analysts see the force, a
 * supervisor their team, an offender manager their own caseload; analysts never see subject names.
 */
export class GovernanceService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  /** The scope this actor may see when asking for `requested` (defaulting to the widest they may see). */
  async resolveScope(actor: Actor, requested: Scope | undefined): Promise<Scope> {
    const { db } = this.database
    switch (actor.role) {
      case 'unit_head':
      case 'analyst':
        return requested ?? { level: 'force' }
      case 'supervisor': {
        if (!actor.teamId) throw new Forbidden('You are not in a team')
        const own: Scope = { level: 'team', key: actor.teamId }
        if (!requested || requested.level === 'force' || requested.level === 'team') {
          if (requested?.level === 'team' && requested.key !== actor.teamId)
            throw new Forbidden('That team is not yours')
          return own
        }
        if (requested.level === 'district') {
          const team = await db
            .selectFrom('team')
            .select('district_code')
            .where('id', '=', actor.teamId)
            .executeTakeFirst()
          if (team?.district_code !== requested.key) throw new Forbidden('That district is not yours')
          // A supervisor sees only their own team, even when looking "at the district".
          return own
        }
        if (requested.key === UNALLOCATED) return requested
        const officer = await db
          .selectFrom('staff')
          .select('team_id')
          .where('id', '=', requested.key)
          .executeTakeFirst()
        if (officer?.team_id !== actor.teamId) throw new Forbidden('That officer is not in your team')
        return requested
      }
      case 'offender_manager':
        if (requested && !(requested.level === 'officer' && requested.key === actor.id)) {
          if (requested.level !== 'force') throw new Forbidden('You can see only your own caseload')
        }
        return { level: 'officer', key: actor.id }
      default:
        throw new Forbidden('Your role does not include governance dashboards')
    }
  }

  async parameters(): Promise<DueParameters> {
    const settings = await loadRiskVisitSettings(this.database.db)
    return {
      today: todayIn(this.clock).toString(),
      firstVisitDays: settings.nextVisit.firstVisitWithinDays,
      initialAssessmentDays: settings.review.initialAssessmentWithinDays,
      periodicNotificationMonths: settings.periodicNotificationMonths,
    }
  }

  async dashboard(actor: Actor, requested: { scope?: Scope; groupBy?: GroupBy } = {}): Promise<Dashboard> {
    const scope = await this.resolveScope(actor, requested.scope)
    const groupBy = requested.groupBy ?? defaultGroupBy(scope)
    const { db } = this.database
    const p = await this.parameters()
    const [counts, labels] = await Promise.all([overdueCounts(db, p, scope, groupBy), groupLabels(db, groupBy)])
    const totals = Object.fromEntries(MEASURES.map(m => [m, emptyCounts()])) as Record<Measure, CellCounts>
    for (const g of counts) for (const m of MEASURES) for (const c of CELLS) totals[m][c] += g.measures[m][c]
    await appendAudit(db, nowDate(this.clock), [
      {
        actorId: actor.id,
        actorUsername: actor.username,
        operation: 'consult',
        recordType: 'governance-dashboard',
        correlationId: actor.correlationId,
        details: { scope: scopeParam(scope), groupBy },
      },
    ])
    return {
      scope,
      scopeLabel: await this.scopeLabel(scope),
      groupBy,
      today: p.today,
      groups: counts
        .map(g => ({ ...g, label: labels.get(g.key) ?? g.key }))
        .sort((a, b) => a.label.localeCompare(b.label)),
      totals,
      canListSubjects: actor.role !== 'analyst',
    }
  }

  /** The subjects behind one number. Audited with the ids shown: this is a consultation of personal data. */
  async list(
    actor: Actor,
    request: { scope?: Scope; measure: Measure; cell: Cell; page?: number; all?: boolean },
  ): Promise<{ scope: Scope; scopeLabel: string; rows: DueListRow[]; total: number; page: number; pageSize: number }> {
    if (actor.role === 'analyst') throw new Forbidden('Analysts see counts, not the people behind them')
    const scope = await this.resolveScope(actor, request.scope)
    const page = request.page ?? 1
    if (!Number.isInteger(page) || page < 1 || page > 100_000) {
      throw new ValidationError([{ field: 'page', message: 'Page must be a whole number from 1' }])
    }
    const { db } = this.database
    const p = await this.parameters()
    const result = await dueList(db, p, scope, request.measure, request.cell, {
      limit: request.all ? null : LIST_PAGE_SIZE,
      offset: request.all ? 0 : (page - 1) * LIST_PAGE_SIZE,
    })
    await appendAudit(db, nowDate(this.clock), [
      {
        actorId: actor.id,
        actorUsername: actor.username,
        operation: 'consult',
        recordType: 'governance-list',
        correlationId: actor.correlationId,
        details: {
          scope: scopeParam(scope),
          measure: request.measure,
          cell: request.cell,
          export: request.all === true,
          shown: result.rows.length,
          subjectIds: result.rows.map(r => r.subjectId),
        },
      },
    ])
    return { scope, scopeLabel: await this.scopeLabel(scope), ...result, page, pageSize: LIST_PAGE_SIZE }
  }

  async dashboardCsv(actor: Actor, requested: { scope?: Scope; groupBy?: GroupBy }): Promise<string> {
    const d = await this.dashboard(actor, requested)
    const header = ['group', 'key', 'measure', ...CELLS]
    const rows = d.groups.flatMap(g => MEASURES.map(m => [g.label, g.key, m, ...CELLS.map(c => g.measures[m][c])]))
    return stringify([header, ...rows])
  }

  async listCsv(actor: Actor, request: { scope?: Scope; measure: Measure; cell: Cell }): Promise<string> {
    const result = await this.list(actor, { ...request, all: true })
    return stringify([
      ['reference', 'given name', 'family name', 'risk level', 'team', 'offender manager', 'due on', 'days overdue'],
      ...result.rows.map(r => [
        r.reference,
        r.givenName,
        r.familyName,
        r.riskLevel ?? '',
        r.teamName,
        r.offenderManagerName ?? 'Unallocated',
        r.dueOn,
        r.daysOverdue,
      ]),
    ])
  }

  async scopeLabel(scope: Scope): Promise<string> {
    if (scope.level === 'force') return 'Greater Manchester Police'
    const labels = await groupLabels(this.database.db, scope.level)
    return labels.get(scope.key) ?? scope.key
  }

  /**
   * Stores today's counts at every level (idempotent: a second run the same day replaces the first), so trends
   * can be shown and compared period on period. Run daily by `vigil governance snapshot`.
   */
  async takeSnapshot(on?: Temporal.PlainDate): Promise<{ takenOn: string; rows: number }> {
    return takeGovernanceSnapshot(this.database.db, await this.parameters(), nowDate(this.clock), on)
  }

  /** Daily overdue counts for a measure at a scope (force, district or team), with period-on-period change. */
  async trend(actor: Actor, request: { scope?: Scope; measure: Measure; days?: number }): Promise<Trend> {
    const scope = await this.resolveScope(actor, request.scope)
    const days = request.days ?? 365
    const today = todayIn(this.clock)
    const from = today.subtract({ days }).toString()
    const groupBy: GroupBy = scope.level
    const key = scope.level === 'force' ? 'force' : scope.key
    const points = await this.database.db
      .selectFrom('governance_snapshot')
      .select(['taken_on as on', 'overdue', 'due_28 as due28'])
      .where('group_by', '=', groupBy)
      .where('group_key', '=', key)
      .where('measure', '=', request.measure)
      .where('taken_on', '>=', from)
      .orderBy('taken_on')
      .execute()
    await appendAudit(this.database.db, nowDate(this.clock), [
      {
        actorId: actor.id,
        actorUsername: actor.username,
        operation: 'consult',
        recordType: 'governance-trend',
        correlationId: actor.correlationId,
        details: { scope: scopeParam(scope), measure: request.measure, days },
      },
    ])
    return { scope, scopeLabel: await this.scopeLabel(scope), measure: request.measure, points, ...compare(points) }
  }
}

export interface TrendPoint {
  on: string
  overdue: number
  due28: number
}

export interface Trend extends PeriodComparison {
  scope: Scope
  scopeLabel: string
  measure: Measure
  points: TrendPoint[]
}

export interface PeriodComparison {
  latest: TrendPoint | null
  /** The last 28 days' average against the 28 days before. */
  period: { days: number; current: number | null; previous: number | null; changePercent: number | null }
  /** Since the first snapshot of the latest point's year ("down 81% since January"). */
  sinceYearStart: { from: TrendPoint | null; changePercent: number | null }
}

export function compare(points: readonly TrendPoint[], periodDays = 28): PeriodComparison {
  const latest = points.at(-1) ?? null
  if (!latest) {
    return {
      latest,
      period: { days: periodDays, current: null, previous: null, changePercent: null },
      sinceYearStart: { from: null, changePercent: null },
    }
  }
  const end = Temporal.PlainDate.from(latest.on)
  const start = end.subtract({ days: periodDays })
  const before = start.subtract({ days: periodDays })
  const inRange = (p: TrendPoint, a: Temporal.PlainDate, b: Temporal.PlainDate) =>
    Temporal.PlainDate.compare(Temporal.PlainDate.from(p.on), a) > 0 &&
    Temporal.PlainDate.compare(Temporal.PlainDate.from(p.on), b) <= 0
  const mean = (xs: TrendPoint[]) => (xs.length ? xs.reduce((s, p) => s + p.overdue, 0) / xs.length : null)
  const current = mean(points.filter(p => inRange(p, start, end)))
  const previous = mean(points.filter(p => inRange(p, before, start)))
  const yearFirst = points.find(p => p.on.startsWith(String(end.year))) ?? null
  return {
    latest,
    period: { days: periodDays, current, previous, changePercent: change(previous, current) },
    sinceYearStart: { from: yearFirst, changePercent: yearFirst ? change(yearFirst.overdue, latest.overdue) : null },
  }
}

function change(from: number | null, to: number | null): number | null {
  if (from === null || to === null || from === 0) return null
  return Math.round(((to - from) / from) * 1000) / 10
}

function defaultGroupBy(scope: Scope): GroupBy {
  switch (scope.level) {
    case 'force':
      return 'district'
    case 'district':
      return 'team'
    case 'team':
    case 'officer':
      return 'officer'
  }
}

/** Also used by the seed, which back-fills a year of history. */
export async function takeGovernanceSnapshot(
  db: Kysely<DB>,
  p: DueParameters,
  at: Date,
  on?: Temporal.PlainDate,
): Promise<{ takenOn: string; rows: number }> {
  const takenOn = (on ?? Temporal.PlainDate.from(p.today)).toString()
  const params = { ...p, today: takenOn }
  const rows: Array<Insertable<GovernanceSnapshotTable>> = []
  for (const groupBy of GROUP_BYS) {
    const [counts, labels] = await Promise.all([
      overdueCounts(db, params, { level: 'force' }, groupBy),
      groupLabels(db, groupBy),
    ])
    for (const g of counts) {
      for (const m of MEASURES) {
        rows.push({
          taken_on: takenOn,
          group_by: groupBy,
          group_key: g.key,
          group_label: labels.get(g.key) ?? g.key,
          measure: m,
          ...g.measures[m],
          taken_at: at,
        })
      }
    }
  }
  await db.transaction().execute(async trx => {
    await trx.deleteFrom('governance_snapshot').where('taken_on', '=', takenOn).execute()
    for (let i = 0; i < rows.length; i += 1000) {
      await trx
        .insertInto('governance_snapshot')
        .values(rows.slice(i, i + 1000))
        .execute()
    }
  })
  return { takenOn, rows: rows.length }
}

/** The SVG path data for a trend line: pure, so the view only places it. */
export function trendChart(
  points: readonly TrendPoint[],
  size = { width: 640, height: 200, pad: 30 },
): { width: number; height: number; path: string; max: number; ticks: Array<{ y: number; label: string }> } {
  const max = Math.max(1, ...points.map(p => p.overdue))
  const w = size.width - size.pad * 2
  const h = size.height - size.pad * 2
  const x = (i: number) => size.pad + (points.length > 1 ? (i / (points.length - 1)) * w : w / 2)
  const y = (v: number) => size.pad + h - (v / max) * h
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.overdue).toFixed(1)}`).join(' ')
  const ticks = [0, 0.5, 1].map(f => ({ y: y(max * f), label: String(Math.round(max * f)) }))
  return { width: size.width, height: size.height, path, max, ticks }
}
