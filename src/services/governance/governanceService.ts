import { Temporal } from 'temporal-polyfill'
import { toCsv } from '../../domain/export/csv.ts'
import type { Actor } from '../../domain/access/actor.ts'
import { nowDate, todayIn, type Clock } from '../../domain/clock.ts'
import { Forbidden, ValidationError } from '../../domain/errors.ts'
import type { DataAccess, Repositories } from '../../data/index.ts'
import type { DueListRow } from '../../data/governance/governanceRepository.ts'
import {
  CELLS,
  CELL_LABELS,
  GROUP_BYS,
  MEASURES,
  MEASURE_LABELS,
  UNALLOCATED,
  type AreaScope,
  type Cell,
  type CellCounts,
  type DueParameters,
  type GroupBy,
  type Measure,
  type Scope,
} from '../../domain/governance/dashboard.ts'
import { loadScheduleSettings } from '../schedule/schedule.ts'
import { isUuid } from '../../domain/ids.ts'

export { CELLS, CELL_LABELS, GROUP_BYS, MEASURES, MEASURE_LABELS }
export type { AreaScope, Cell, CellCounts, GroupBy, Measure, Scope }
export { UNALLOCATED }

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

function parseArea(text: string): AreaScope | undefined {
  const [level, key] = text.split(':', 2)
  if (level === 'district' && key && /^E0[0-9]{7}$/.test(key)) return { level, key }
  if (level === 'team' && key && isUuid(key)) return { level, key }
  return undefined
}

/**
 * A scope from its URL form: `force`, `district:<ONS code>`, `team:<uuid>`, `officer:<uuid>`, or the unallocated
 * caseload `officer:unallocated`, optionally bounded by an area (`officer:unallocated:team:<uuid>`).
 */
export function parseScope(text: string | undefined): Scope | undefined {
  if (!text || text === 'force') return text === 'force' ? { level: 'force' } : undefined
  const unallocated = `officer:${UNALLOCATED}`
  if (text === unallocated) return { level: 'officer', key: UNALLOCATED }
  if (text.startsWith(`${unallocated}:`)) {
    const within = parseArea(text.slice(unallocated.length + 1))
    return within ? { level: 'officer', key: UNALLOCATED, within } : undefined
  }
  const [level, key] = text.split(':', 2)
  if (level === 'officer' && key && isUuid(key)) return { level, key }
  return parseArea(text)
}

export function scopeParam(scope: Scope): string {
  if (scope.level === 'force') return 'force'
  if (scope.level === 'officer' && scope.within) return `officer:${scope.key}:${scopeParam(scope.within)}`
  return `${scope.level}:${scope.key}`
}

/**
 * The scope a dashboard row opens: a district's teams, a team's officers, an officer's list. The unallocated row
 * stays within the area the dashboard shows, so its list is the subjects that row counted.
 */
export function drillScope(shown: Scope, groupBy: GroupBy, key: string): Scope {
  if (groupBy === 'force') return { level: 'force' }
  if (groupBy === 'officer' && key === UNALLOCATED) {
    const within = shown.level === 'officer' ? shown.within : shown.level === 'force' ? undefined : shown
    return within ? { level: 'officer', key, within } : { level: 'officer', key }
  }
  return { level: groupBy, key }
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
    private readonly data: DataAccess,
    private readonly clock: Clock,
  ) {}

  /** The scope this actor may see when asking for `requested` (defaulting to the widest they may see). */
  async resolveScope(actor: Actor, requested: Scope | undefined): Promise<Scope> {
    const { governance } = this.data.repos
    switch (actor.role) {
      case 'unit_head':
      case 'analyst':
        return requested ?? { level: 'force' }
      case 'supervisor': {
        if (!actor.teamId) throw new Forbidden('You are not in a team')
        const own: AreaScope = { level: 'team', key: actor.teamId }
        const ownDistrict = async (key: string) => {
          if ((await governance.districtOfTeam(actor.teamId ?? '')) !== key) {
            throw new Forbidden('That district is not yours')
          }
        }
        if (!requested || requested.level === 'force' || requested.level === 'team') {
          if (requested?.level === 'team' && requested.key !== actor.teamId)
            throw new Forbidden('That team is not yours')
          return own
        }
        if (requested.level === 'district') {
          await ownDistrict(requested.key)
          // A supervisor sees only their own team, even when looking "at the district".
          return own
        }
        if (requested.key === UNALLOCATED) {
          // Unallocated subjects belong to no officer: a supervisor sees their own team's, whatever area is asked.
          if (requested.within?.level === 'team' && requested.within.key !== actor.teamId)
            throw new Forbidden('That team is not yours')
          if (requested.within?.level === 'district') await ownDistrict(requested.within.key)
          return { level: 'officer', key: UNALLOCATED, within: own }
        }
        if ((await governance.teamOfStaff(requested.key)) !== actor.teamId)
          throw new Forbidden('That officer is not in your team')
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
    return dueParameters(this.data.repos, todayIn(this.clock).toString())
  }

  async dashboard(actor: Actor, requested: { scope?: Scope; groupBy?: GroupBy } = {}): Promise<Dashboard> {
    const scope = await this.resolveScope(actor, requested.scope)
    const groupBy = requested.groupBy ?? defaultGroupBy(scope)
    const { repos } = this.data
    const p = await this.parameters()
    const [counts, labels] = await Promise.all([
      repos.governance.overdueCounts(p, scope, groupBy),
      repos.governance.groupLabels(groupBy),
    ])
    const totals = Object.fromEntries(MEASURES.map(m => [m, emptyCounts()])) as Record<Measure, CellCounts>
    for (const g of counts) for (const m of MEASURES) for (const c of CELLS) totals[m][c] += g.measures[m][c]
    await repos.audit.append(nowDate(this.clock), [
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
    const { repos } = this.data
    const p = await this.parameters()
    const result = await repos.governance.dueList(p, scope, request.measure, request.cell, {
      limit: request.all ? null : LIST_PAGE_SIZE,
      offset: request.all ? 0 : (page - 1) * LIST_PAGE_SIZE,
    })
    await repos.audit.append(nowDate(this.clock), [
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
    return toCsv([header, ...rows])
  }

  async listCsv(actor: Actor, request: { scope?: Scope; measure: Measure; cell: Cell }): Promise<string> {
    const result = await this.list(actor, { ...request, all: true })
    return toCsv([
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
    const labels = await this.data.repos.governance.groupLabels(scope.level)
    const label = labels.get(scope.key) ?? scope.key
    return scope.level === 'officer' && scope.within ? `${label} (${await this.scopeLabel(scope.within)})` : label
  }

  /**
   * Stores today's counts at every level (idempotent: a second run the same day replaces the first), so trends
   * can be shown and compared period on period. Run daily by `vigil governance snapshot`.
   */
  async takeSnapshot(on?: Temporal.PlainDate): Promise<{ takenOn: string; rows: number }> {
    return takeGovernanceSnapshot(this.data, await this.parameters(), nowDate(this.clock), on)
  }

  /** Daily overdue counts for a measure at a scope (force, district or team), with period-on-period change. */
  async trend(actor: Actor, request: { scope?: Scope; measure: Measure; days?: number }): Promise<Trend> {
    const scope = await this.resolveScope(actor, request.scope)
    const days = request.days ?? 365
    const today = todayIn(this.clock)
    const from = today.subtract({ days }).toString()
    const groupBy: GroupBy = scope.level
    const key = scope.level === 'force' ? 'force' : scope.key
    const { repos } = this.data
    // Snapshots are kept per force, district, team and officer; an area's unallocated subjects have no series.
    const points =
      scope.level === 'officer' && scope.within
        ? []
        : await repos.governance.snapshotSeries(groupBy, key, request.measure, from)
    await repos.audit.append(nowDate(this.clock), [
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

/** The due-date numbers the governance queries need, from the schedule settings. */
async function dueParameters(repos: Repositories, today: string): Promise<DueParameters> {
  const settings = await loadScheduleSettings(repos)
  return {
    today,
    firstVisitDays: settings.nextVisit.firstVisitWithinDays,
    initialAssessmentDays: settings.review.initialAssessmentWithinDays,
    periodicNotificationMonths: settings.periodicNotificationMonths,
  }
}

/** Also used by the seed, which back-fills a year of history. */
export async function takeGovernanceSnapshot(
  data: DataAccess,
  p: DueParameters,
  at: Date,
  on?: Temporal.PlainDate,
): Promise<{ takenOn: string; rows: number }> {
  const takenOn = (on ?? Temporal.PlainDate.from(p.today)).toString()
  const params = { ...p, today: takenOn }
  const { governance } = data.repos
  const rows: GovernanceSnapshotRow[] = []
  for (const groupBy of GROUP_BYS) {
    const [counts, labels] = await Promise.all([
      governance.overdueCounts(params, { level: 'force' }, groupBy),
      governance.groupLabels(groupBy),
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
  await data.transaction(repos => repos.governance.replaceSnapshot(takenOn, rows))
  return { takenOn, rows: rows.length }
}

type GovernanceSnapshotRow = Parameters<Repositories['governance']['replaceSnapshot']>[1][number]

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
