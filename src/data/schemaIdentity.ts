import type { ColumnType, Generated } from 'kysely'

/** Row types for migration 0006_identity (identity resolution), kept beside schema.ts. */

type Timestamp = ColumnType<Date, Date | string, Date | string>
type Json<T> = ColumnType<T, string, string>

export type DuplicateStatus = 'open' | 'confirmed' | 'rejected'

export interface PersonMatchKeyTable {
  key: string
  person_id: string
}

export interface IdentityModelTable {
  id: Generated<number>
  trained_at: Timestamp
  trained_by: string
  people: number
  model: Json<unknown>
}

export interface DuplicateCandidateTable {
  id: Generated<string>
  person_a_id: string
  person_b_id: string
  match_probability: number
  explanation: Json<unknown>
  model_id: number | null
  status: Generated<DuplicateStatus>
  found_at: Timestamp
  decided_by: string | null
  decided_at: Timestamp | null
  reason: string | null
}

export interface IdentityMergeTable {
  id: Generated<string>
  surviving_person_id: string
  merged_person_id: string
  candidate_id: string | null
  moved: Json<unknown>
  decided_by: string
  decided_at: Timestamp
  reason: string | null
  undone_by: string | null
  undone_at: Timestamp | null
}

export interface IdentityTables {
  person_match_key: PersonMatchKeyTable
  identity_model: IdentityModelTable
  duplicate_candidate: DuplicateCandidateTable
  identity_merge: IdentityMergeTable
}
