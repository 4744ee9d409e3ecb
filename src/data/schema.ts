import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'

/** Row types for Kysely, kept by hand beside the migrations (see src/data/migrations). */

type Timestamp = ColumnType<Date, Date | string, Date | string>
/** DATE columns travel as 'YYYY-MM-DD' strings on both engines (see database.ts). */
type DateString = string

export type Role =
  | 'offender_manager'
  | 'supervisor'
  | 'unit_head'
  | 'analyst'
  | 'investigator'
  | 'partner'
  | 'admin'
  | 'auditor'

export type RiskLevel = 'low' | 'medium' | 'high' | 'very_high'
export type SubjectCategory = 'rso' | 'rasso_suspect'
export type SubjectStatus = 'active' | 'in_custody' | 'reactive' | 'ended'
export type Gender = 'male' | 'female' | 'other' | 'unknown'
export type AddressKind = 'home' | 'other' | 'nfa'

export interface DistrictTable {
  code: string
  name: string
  force_code: Generated<string>
}

export interface TeamTable {
  id: Generated<string>
  name: string
  district_code: string
  station_name: string
  station_lat: number
  station_lon: number
  created_at: Generated<Timestamp>
}

export interface StaffTable {
  id: Generated<string>
  username: string
  display_name: string
  email: string | null
  role: Role
  team_id: string | null
  supervisor_id: string | null
  agency: string | null
  collar_number: string | null
  accreditations: Generated<string[]>
  capacity: Generated<number>
  password_hash: string
  active: Generated<boolean>
  last_sign_in_at: Timestamp | null
  created_at: Generated<Timestamp>
  updated_at: Generated<Timestamp>
}

export interface UserSessionTable {
  id: string
  staff_id: string
  csrf_token: string
  created_at: Timestamp
  last_seen_at: Timestamp
  expires_at: Timestamp
  revoked_at: Timestamp | null
  ip: string | null
  user_agent: string | null
}

export interface ApiTokenTable {
  id: Generated<string>
  staff_id: string
  name: string
  token_hash: string
  created_at: Timestamp
  last_used_at: Timestamp | null
  revoked_at: Timestamp | null
}

export interface PersonTable {
  id: Generated<string>
  given_name: string
  middle_names: string | null
  family_name: string
  given_norm: string
  family_norm: string
  date_of_birth: DateString | null
  gender: Gender
  pnc_id: string | null
  ni_number: string | null
  created_at: Timestamp
  updated_at: Timestamp
  version: Generated<number>
}

export interface PersonAliasTable {
  id: Generated<string>
  person_id: string
  given_name: string
  family_name: string
  given_norm: string
  family_norm: string
  kind: 'alias' | 'previous' | 'nickname' | 'maiden'
  created_at: Timestamp
}

export interface AddressTable {
  id: Generated<string>
  line1: string
  line2: string | null
  town: string
  postcode: string | null
  lat: number | null
  lon: number | null
  district_code: string | null
  lsoa_code: string | null
  created_at: Timestamp
}

export interface PersonAddressTable {
  id: Generated<string>
  person_id: string
  address_id: string
  kind: AddressKind
  from_date: DateString
  to_date: DateString | null
  created_at: Timestamp
}

export interface HouseholdTable {
  id: Generated<string>
  address_id: string
  created_at: Timestamp
}

export interface HouseholdMemberTable {
  id: Generated<string>
  household_id: string
  person_id: string
  relationship: string
  from_date: DateString
  to_date: DateString | null
}

export interface SubjectTable {
  id: Generated<string>
  reference: string
  person_id: string
  category: SubjectCategory
  status: Generated<SubjectStatus>
  risk_level: RiskLevel | null
  managing_team_id: string
  offender_manager_id: string | null
  registered_on: DateString
  created_at: Timestamp
  updated_at: Timestamp
  version: Generated<number>
}

export interface AuditEventTable {
  seq: number
  occurred_at: Timestamp
  actor_id: string | null
  actor_username: string | null
  operation: string
  record_type: string | null
  record_id: string | null
  subject_id: string | null
  purpose: string | null
  recipient: string | null
  correlation_id: string | null
  outcome: Generated<string>
  details: ColumnType<Record<string, unknown>, string, string>
  prev_hash: string
  hash: string
}

export interface IdempotencyKeyTable {
  actor_id: string
  key: string
  created_at: Timestamp
  result: ColumnType<unknown, string, string>
}

export interface AuditHeadTable {
  id: number
  seq: number
  hash: string
}

export interface SubjectEventTable {
  id: Generated<string>
  subject_id: string
  kind: string
  occurred_on: DateString
  recorded_at: Timestamp
  recorded_by: string | null
  summary: string
  details: ColumnType<Record<string, unknown>, string | undefined, string>
}

export interface AlertTable {
  seq: Generated<number>
  id: Generated<string>
  subject_id: string | null
  kind: string
  priority: 'high' | 'normal'
  title: string
  detail: Generated<string>
  data: ColumnType<Record<string, unknown>, string | undefined, string>
  created_at: Timestamp
  created_by: string | null
}

export interface AlertRecipientTable {
  alert_seq: number
  staff_id: string
  reason: string
  read_at: Timestamp | null
  acknowledged_at: Timestamp | null
  acknowledgement_note: string | null
  escalated_at: Timestamp | null
}

export interface DB {
  district: DistrictTable
  team: TeamTable
  staff: StaffTable
  user_session: UserSessionTable
  api_token: ApiTokenTable
  person: PersonTable
  person_alias: PersonAliasTable
  address: AddressTable
  person_address: PersonAddressTable
  household: HouseholdTable
  household_member: HouseholdMemberTable
  subject: SubjectTable
  audit_event: AuditEventTable
  audit_head: AuditHeadTable
  idempotency_key: IdempotencyKeyTable
  subject_event: SubjectEventTable
  alert: AlertTable
  alert_recipient: AlertRecipientTable
}

export type Staff = Selectable<StaffTable>
export type NewPerson = Insertable<PersonTable>
export type Subject = Selectable<SubjectTable>
