import type { ColumnType } from 'kysely'

/** Row type for the governance table of migration 0004: daily overdue counts, for trends. */

type Timestamp = ColumnType<Date, Date | string, Date | string>
type DateString = string

export interface GovernanceSnapshotTable {
  taken_on: DateString
  group_by: 'force' | 'district' | 'team' | 'officer'
  group_key: string
  group_label: string
  measure: 'visits' | 'reviews' | 'notifications'
  overdue_1_7: number
  overdue_8_28: number
  overdue_29_90: number
  overdue_over_90: number
  overdue: number
  due_14: number
  due_28: number
  taken_at: Timestamp
}

export interface GovernanceTables {
  governance_snapshot: GovernanceSnapshotTable
}
