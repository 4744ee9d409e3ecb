import { sql, type Insertable, type Kysely, type RawBuilder } from 'kysely'
import type { DB } from '../schema.ts'
import type { GovernanceSnapshotTable } from './schema.ts'
import {
  CELLS,
  MEASURES,
  type Cell,
  type CellCounts,
  type DueParameters,
  type GroupBy,
  type Measure,
  type Scope,
  UNALLOCATED,
} from '../../domain/governance/dashboard.ts'

/**
 * The overdue governance counts and their drill-down lists. Both are built from ONE per-subject row source
 * (`dueRows`) and ONE predicate per cell (`cellPredicate`), so a number on the dashboard, the rows behind it
 * and the API can never disagree. Due dates come from subject_due (maintained on write, see migration 0004).
 */


/**
 * The raw group key, in its column type: grouping 100,000 rows by uuid is cheaper than by a text cast of it, so the
 * cast (and the "unallocated" label for a null officer) is applied to the few aggregated rows (see groupLabel).
 * Districts are counted per team and rolled up (see overdueCounts): the planner knows how many teams there are,
 * but not how many districts a joined-in column yields, and planned a sort of every row instead of a hash.
 */
function groupKey(groupBy: Exclude<GroupBy, 'district'>): RawBuilder<unknown> {
  switch (groupBy) {
    case 'force':
      return sql`'force'`
    case 'team':
      return sql`s.managing_team_id`
    case 'officer':
      return sql`s.offender_manager_id`
  }
}

/** The group key as the API and the dashboard name it, from the raw key of an aggregated row. */
function groupLabel(groupBy: GroupBy, key: RawBuilder<unknown>): RawBuilder<string> {
  return groupBy === 'officer' ? sql<string>`coalesce(${key}::text, ${UNALLOCATED})` : sql<string>`${key}::text`
}

function scopeFilter(scope: Scope): RawBuilder<unknown> {
  switch (scope.level) {
    case 'force':
      return sql`true`
    case 'district':
      // managing_team_id is a required foreign key: no join to team needed to scope by its district.
      return sql`s.managing_team_id in (select id from team where district_code = ${scope.key})`
    case 'team':
      return sql`s.managing_team_id = ${scope.key}::uuid`
    case 'officer':
      if (scope.key !== UNALLOCATED) return sql`s.offender_manager_id = ${scope.key}::uuid`
      return scope.within
        ? sql`s.offender_manager_id is null and ${scopeFilter(scope.within)}`
        : sql`s.offender_manager_id is null`
  }
}

/**
 * One row per registered sex offender in scope with its three due dates and, for each, the days overdue
 * (`today - due`: positive overdue, zero due today, negative not yet due; null when nothing is due). Home visits
 * and ARMS apply to RSOs only (RM2000/ARMS are not for alleged offenders, and home visits are an RSO duty); nothing
 * is due while in custody, reactive management has no scheduled visits, and a subject with no subject_due row yet
 * is due from registration.
 *
 * `offset 0` keeps this a separate plan node: without it PostgreSQL inlines each due-date expression into every
 * cell's FILTER (21 times per subject, twice for each BETWEEN), which was most of the dashboard's time at 100,000
 * subjects. Computed once per row here, the cells compare plain integers.
 */
function dueRows(p: DueParameters, scope: Scope, groupBy: Exclude<GroupBy, 'district'>): RawBuilder<unknown> {
  const visitsDue = sql`case when s.status = 'active' then
        case when sd.subject_id is null then s.registered_on + ${p.firstVisitDays}::int else sd.next_visit_due end
      end`
  const reviewsDue = sql`case when s.status in ('active', 'reactive') then
        coalesce(sd.review_due, s.registered_on + ${p.initialAssessmentDays}::int)
      end`
  const notificationsDue = sql`case when s.status in ('active', 'reactive') and sd.last_notified_on is not null then
        (sd.last_notified_on + make_interval(months => ${p.periodicNotificationMonths}::int))::date
      end`
  const today = sql`${p.today}::date`
  return sql`
    select s.id as subject_id, s.reference, ${groupKey(groupBy)} as group_key,
      ${visitsDue} as visits_due, ${today} - ${visitsDue} as visits_days,
      ${reviewsDue} as reviews_due, ${today} - ${reviewsDue} as reviews_days,
      ${notificationsDue} as notifications_due, ${today} - ${notificationsDue} as notifications_days
    from subject s
    left join subject_due sd on sd.subject_id = s.id
    where s.category = 'rso' and s.status <> 'ended' and ${scopeFilter(scope)}
    offset 0`
}

/**
 * The single definition of each dashboard cell, used by the counts (as a FILTER) and by the drill-down (as a WHERE),
 * on the days overdue of dueRows. "Due in the next N days" includes today (0 to N days until due).
 */
function cellPredicate(measure: Measure, cell: Cell): RawBuilder<unknown> {
  const days = sql.ref(`b.${measure}_days`)
  switch (cell) {
    case 'overdue_1_7':
      return sql`${days} between 1 and 7`
    case 'overdue_8_28':
      return sql`${days} between 8 and 28`
    case 'overdue_29_90':
      return sql`${days} between 29 and 90`
    case 'overdue_over_90':
      return sql`${days} > 90`
    case 'overdue':
      return sql`${days} >= 1`
    case 'due_14':
      return sql`${days} between -14 and 0`
    case 'due_28':
      return sql`${days} between -28 and 0`
  }
}

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
  const names = MEASURES.flatMap(m => CELLS.map(c => `${m}__${c}`))
  const columns = MEASURES.flatMap(m =>
    CELLS.map(c => sql`count(*) filter (where ${cellPredicate(m, c)})::int as ${sql.ref(`${m}__${c}`)}`),
  )
  const counted = (by: Exclude<GroupBy, 'district'>) => sql`
    select b.group_key, ${sql.join(columns)}
    from (${dueRows(p, scope, by)}) b
    group by b.group_key`
  const result =
    groupBy === 'district'
      ? await sql<Record<string, number | string>>`
          select t.district_code as group_key, ${sql.join(names.map(n => sql`sum(${sql.ref(`c.${n}`)})::int as ${sql.ref(n)}`))}
          from (${counted('team')}) c
          join team t on t.id = c.group_key
          group by t.district_code
          order by 1`.execute(db)
      : await sql<Record<string, number | string>>`
          select ${groupLabel(groupBy, sql.ref('c.group_key'))} as group_key, ${sql.join(names.map(n => sql.ref(`c.${n}`)))}
          from (${counted(groupBy)}) c
          order by 1`.execute(db)
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
  const where = cellPredicate(measure, cell)
  const due = sql.ref(`b.${measure}_due`)
  // The page is chosen from dueRows alone (which carries the reference it is ordered by), with the total counted in
  // the same scan; only the rows shown are then joined to people, teams and officers.
  const rows = await sql<DueListRow & { total: number }>`
    with page as (
      select b.subject_id, b.reference, ${due} as due_on, count(*) over ()::int as total
      from ${base}
      where ${where}
      order by ${due}, b.reference
      ${page.limit === null ? sql`` : sql`limit ${page.limit} offset ${page.offset}`}
    )
    select s.id as "subjectId", s.reference, p.given_name as "givenName", p.family_name as "familyName",
      s.risk_level as "riskLevel", s.status, t.name as "teamName", t.district_code as "districtCode",
      s.offender_manager_id as "offenderManagerId", om.display_name as "offenderManagerName",
      page.due_on::text as "dueOn", greatest(0, ${p.today}::date - page.due_on)::int as "daysOverdue", page.total
    from page
    join subject s on s.id = page.subject_id
    join person p on p.id = s.person_id
    join team t on t.id = s.managing_team_id
    left join staff om on om.id = s.offender_manager_id
    order by page.due_on, page.reference`.execute(db)
  let total = rows.rows[0]?.total
  if (total === undefined) {
    // A page past the end shows no rows, and so carries no total: count them.
    total =
      page.offset === 0
        ? 0
        : ((await sql<{ n: number }>`select count(*)::int as n from ${base} where ${where}`.execute(db)).rows[0]?.n ?? 0)
  }
  return { rows: rows.rows.map(({ total: _, ...row }) => row), total }
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

/** The governance queries, bound to one connection or transaction. */
export function governanceRepository(db: Kysely<DB>) {
  return {
    overdueCounts: (p: DueParameters, scope: Scope, groupBy: GroupBy): Promise<GroupCounts[]> =>
      overdueCounts(db, p, scope, groupBy),

    dueList: (
      p: DueParameters,
      scope: Scope,
      measure: Measure,
      cell: Cell,
      page: { limit: number | null; offset: number },
    ): Promise<{ rows: DueListRow[]; total: number }> => dueList(db, p, scope, measure, cell, page),

    groupLabels: (groupBy: GroupBy): Promise<Map<string, string>> => groupLabels(db, groupBy),

    async districtOfTeam(teamId: string): Promise<string | undefined> {
      const team = await db.selectFrom('team').select('district_code').where('id', '=', teamId).executeTakeFirst()
      return team?.district_code
    },

    async teamOfStaff(staffId: string): Promise<string | null | undefined> {
      const staff = await db.selectFrom('staff').select('team_id').where('id', '=', staffId).executeTakeFirst()
      return staff?.team_id
    },

    /** One group's daily snapshot series for a measure, from a date on. */
    async snapshotSeries(groupBy: GroupBy, key: string, measure: Measure, from: string) {
      return db
        .selectFrom('governance_snapshot')
        .select(['taken_on as on', 'overdue', 'due_28 as due28'])
        .where('group_by', '=', groupBy)
        .where('group_key', '=', key)
        .where('measure', '=', measure)
        .where('taken_on', '>=', from)
        .orderBy('taken_on')
        .execute()
    },

    /** Replaces one day's snapshot (run it in a transaction: a second run the same day replaces the first). */
    async replaceSnapshot(takenOn: string, rows: ReadonlyArray<Insertable<GovernanceSnapshotTable>>): Promise<void> {
      await db.deleteFrom('governance_snapshot').where('taken_on', '=', takenOn).execute()
      for (let i = 0; i < rows.length; i += 1000) {
        await db
          .insertInto('governance_snapshot')
          .values(rows.slice(i, i + 1000))
          .execute()
      }
    },
  }
}

export type GovernanceRepository = ReturnType<typeof governanceRepository>
