import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { DB } from '../schema.ts'

/**
 * The overdue governance counts and their drill-down lists. Both are built from ONE per-subject row source
 * (`dueRows`) and ONE predicate per cell (`cellPredicate`), so a number on the dashboard, the rows behind it
 * and the API can never disagree. Due dates come from subject_due (maintained on write, see migration 0004).
 */

export const MEASURES = ['visits', 'reviews', 'notifications'] as const
export type Measure = (typeof MEASURES)[number]

export const GROUP_BYS = ['force', 'district', 'team', 'officer'] as const
export type GroupBy = (typeof GROUP_BYS)[number]

/** Cells of the dashboard: the four age bands, all overdue, and the nested due-soon windows (today included). */
export const CELLS = ['overdue_1_7', 'overdue_8_28', 'overdue_29_90', 'overdue_over_90', 'overdue', 'due_14', 'due_28'] as const
export type Cell = (typeof CELLS)[number]

export const CELL_LABELS: Record<Cell, string> = {
  overdue_1_7: '1–7 days overdue',
  overdue_8_28: '8–28 days overdue',
  overdue_29_90: '29–90 days overdue',
  overdue_over_90: 'Over 90 days overdue',
  overdue: 'Overdue',
  due_14: 'Due in the next 14 days',
  due_28: 'Due in the next 28 days',
}

export const MEASURE_LABELS: Record<Measure, string> = {
  visits: 'Home visits',
  reviews: 'Risk assessments',
  notifications: 'Periodic notifications',
}

/** Where the counting happens: the whole force, or one district, team or officer's caseload. */
export type Scope =
  | { level: 'force' }
  | { level: 'district'; key: string }
  | { level: 'team'; key: string }
  | { level: 'officer'; key: string }

export interface DueParameters {
  today: string
  firstVisitDays: number
  initialAssessmentDays: number
  periodicNotificationMonths: number
}

export const UNALLOCATED = 'unallocated'

function groupKey(groupBy: GroupBy): RawBuilder<string> {
  switch (groupBy) {
    case 'force':
      return sql<string>`'force'`
    case 'district':
      return sql<string>`t.district_code`
    case 'team':
      return sql<string>`s.managing_team_id::text`
    case 'officer':
      return sql<string>`coalesce(s.offender_manager_id::text, ${UNALLOCATED})`
  }
}

function scopeFilter(scope: Scope): RawBuilder<unknown> {
  switch (scope.level) {
    case 'force':
      return sql`true`
    case 'district':
      return sql`t.district_code = ${scope.key}`
    case 'team':
      return sql`s.managing_team_id = ${scope.key}::uuid`
    case 'officer':
      return scope.key === UNALLOCATED
        ? sql`s.offender_manager_id is null`
        : sql`s.offender_manager_id = ${scope.key}::uuid`
  }
}

/**
 * One row per registered sex offender in scope with its three due dates. Home visits and ARMS apply to RSOs only
 * (RM2000/ARMS are not for alleged offenders, and home visits are an RSO duty); nothing is due while in custody,
 * reactive management has no scheduled visits, and a subject with no subject_due row yet is due from registration.
 */
function dueRows(p: DueParameters, scope: Scope, groupBy: GroupBy): RawBuilder<unknown> {
  return sql`
    select s.id as subject_id, ${groupKey(groupBy)} as group_key,
      case when s.status = 'active' then
        case when sd.subject_id is null then s.registered_on + ${p.firstVisitDays}::int else sd.next_visit_due end
      end as visits_due,
      case when s.status in ('active', 'reactive') then
        coalesce(sd.review_due, s.registered_on + ${p.initialAssessmentDays}::int)
      end as reviews_due,
      case when s.status in ('active', 'reactive') and sd.last_notified_on is not null then
        (sd.last_notified_on + make_interval(months => ${p.periodicNotificationMonths}::int))::date
      end as notifications_due
    from subject s
    join team t on t.id = s.managing_team_id
    left join subject_due sd on sd.subject_id = s.id
    where s.category = 'rso' and s.status <> 'ended' and ${scopeFilter(scope)}`
}

/** The single definition of each dashboard cell, used by the counts (as a FILTER) and by the drill-down (as a WHERE). */
function cellPredicate(measure: Measure, cell: Cell, today: string): RawBuilder<unknown> {
  const due = sql.ref(`b.${measure}_due`)
  const overdueDays = sql`(${today}::date - ${due})`
  const untilDue = sql`(${due} - ${today}::date)`
  switch (cell) {
    case 'overdue_1_7':
      return sql`${overdueDays} between 1 and 7`
    case 'overdue_8_28':
      return sql`${overdueDays} between 8 and 28`
    case 'overdue_29_90':
      return sql`${overdueDays} between 29 and 90`
    case 'overdue_over_90':
      return sql`${overdueDays} > 90`
    case 'overdue':
      return sql`${overdueDays} >= 1`
    case 'due_14':
      return sql`${untilDue} between 0 and 14`
    case 'due_28':
      return sql`${untilDue} between 0 and 28`
  }
}

export type CellCounts = Record<Cell, number>

export interface GroupCounts {
  key: string
  measures: Record<Measure, CellCounts>
}

/** Counts for every group, measure and cell in one scan. */
export async function overdueCounts(
  db: Kysely<DB>,
  p: DueParameters,
  scope: Scope,
  groupBy: GroupBy,
): Promise<GroupCounts[]> {
  const columns = MEASURES.flatMap(m =>
    CELLS.map(c => sql`count(*) filter (where ${cellPredicate(m, c, p.today)})::int as ${sql.ref(`${m}__${c}`)}`),
  )
  const result = await sql<Record<string, number | string>>`
    select b.group_key, ${sql.join(columns)}
    from (${dueRows(p, scope, groupBy)}) b
    group by b.group_key
    order by b.group_key`.execute(db)
  return result.rows.map(row => ({
    key: String(row.group_key),
    measures: Object.fromEntries(
      MEASURES.map(m => [m, Object.fromEntries(CELLS.map(c => [c, Number(row[`${m}__${c}`] ?? 0)])) as CellCounts]),
    ) as Record<Measure, CellCounts>,
  }))
}

export interface DueListRow {
  subjectId: string
  reference: string
  givenName: string
  familyName: string
  riskLevel: string | null
  status: string
  teamName: string
  districtCode: string
  offenderManagerId: string | null
  offenderManagerName: string | null
  dueOn: string
  daysOverdue: number
}

/** The subjects behind one dashboard cell, most overdue first. `limit` null returns every row (CSV export). */
export async function dueList(
  db: Kysely<DB>,
  p: DueParameters,
  scope: Scope,
  measure: Measure,
  cell: Cell,
  page: { limit: number | null; offset: number },
): Promise<{ rows: DueListRow[]; total: number }> {
  const base = sql`(${dueRows(p, scope, 'force')}) b`
  const where = cellPredicate(measure, cell, p.today)
  const due = sql.ref(`b.${measure}_due`)
  const count = await sql<{ n: number }>`select count(*)::int as n from ${base} where ${where}`.execute(db)
  const rows = await sql<DueListRow>`
    select s.id as "subjectId", s.reference, p.given_name as "givenName", p.family_name as "familyName",
      s.risk_level as "riskLevel", s.status, t.name as "teamName", t.district_code as "districtCode",
      s.offender_manager_id as "offenderManagerId", om.display_name as "offenderManagerName",
      ${due}::text as "dueOn", greatest(0, ${p.today}::date - ${due})::int as "daysOverdue"
    from ${base}
    join subject s on s.id = b.subject_id
    join person p on p.id = s.person_id
    join team t on t.id = s.managing_team_id
    left join staff om on om.id = s.offender_manager_id
    where ${where}
    order by ${due}, s.reference
    ${page.limit === null ? sql`` : sql`limit ${page.limit} offset ${page.offset}`}`.execute(db)
  return { rows: rows.rows, total: Number(count.rows[0]?.n ?? 0) }
}

export interface GroupLabel {
  key: string
  label: string
}

/** Display names for group keys (districts, teams, officers); small tables, read whole. */
export async function groupLabels(db: Kysely<DB>, groupBy: GroupBy): Promise<Map<string, string>> {
  switch (groupBy) {
    case 'force':
      return new Map([['force', 'Greater Manchester Police']])
    case 'district': {
      const rows = await db.selectFrom('district').select(['code', 'name']).execute()
      return new Map(rows.map(r => [r.code, r.name]))
    }
    case 'team': {
      const rows = await db.selectFrom('team').select(['id', 'name']).execute()
      return new Map(rows.map(r => [r.id, r.name]))
    }
    case 'officer': {
      const rows = await db.selectFrom('staff').select(['id', 'display_name']).execute()
      return new Map([...rows.map(r => [r.id, r.display_name] as [string, string]), [UNALLOCATED, 'Unallocated']])
    }
  }
}
