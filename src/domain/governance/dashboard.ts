/**
 * The overdue-governance vocabulary (QUALITY.md: one rule, one place): what is measured, how it is grouped, the
 * dashboard's cells and the scopes a count can be drawn from. Repositories count by these; services and adapters
 * label and validate with them.
 */

export const MEASURES = ['visits', 'reviews', 'notifications'] as const
export type Measure = (typeof MEASURES)[number]

export const GROUP_BYS = ['force', 'district', 'team', 'officer'] as const
export type GroupBy = (typeof GROUP_BYS)[number]

/** Cells of the dashboard: the four age bands, all overdue, and the nested due-soon windows (today included). */
export const CELLS = [
  'overdue_1_7',
  'overdue_8_28',
  'overdue_29_90',
  'overdue_over_90',
  'overdue',
  'due_14',
  'due_28',
] as const
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

/** A district or a team: the area an unallocated list is drawn from. */
export type AreaScope = { level: 'district'; key: string } | { level: 'team'; key: string }

/**
 * Where the counting happens: the whole force, or one district, team or officer's caseload. The unallocated
 * "caseload" (officer key `unallocated`) belongs to no officer, so it is bounded by the area it is seen `within`:
 * a team's unallocated subjects are that team's, not the force's.
 */
export type Scope = { level: 'force' } | AreaScope | { level: 'officer'; key: string; within?: AreaScope }

export interface DueParameters {
  today: string
  firstVisitDays: number
  initialAssessmentDays: number
  periodicNotificationMonths: number
}

export const UNALLOCATED = 'unallocated'

export type CellCounts = Record<Cell, number>
