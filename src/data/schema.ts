import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'
import type { IdentityTables } from './schemaIdentity.ts'
import type { GovernanceTables } from './governance/schema.ts'
import type { RiskTables } from './risk/schema.ts'
import type { ScheduleTables } from './schedule/schema.ts'
import type { VisitTables } from './visits/schema.ts'
import type { OcaitTables } from './ocait/schema.ts'

/** Row types for Kysely, kept by hand beside the migrations (see src/data/migrations). */

type Timestamp = ColumnType<Date, Date | string, Date | string>
/** DATE columns travel as 'YYYY-MM-DD' strings on both engines (see database.ts). */
type DateString = string

// The vocabulary lives in the domain; the row types below use it.
import type { Role } from '../domain/access/actor.ts'
import type { AddressKind, Gender, RiskLevel, SubjectCategory, SubjectStatus } from '../domain/subjects/vocabulary.ts'
export type { Role, AddressKind, Gender, RiskLevel, SubjectCategory, SubjectStatus }

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
  totp_secret: string | null
  totp_enrolled_at: Timestamp | null
  totp_last_step: number | null
  failed_sign_ins: Generated<number>
  locked_until: Timestamp | null
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
  mfa_verified_at: Timestamp | null
  ended_by: string | null
}

export interface ApiTokenTable {
  id: Generated<string>
  staff_id: string
  name: string
  token_hash: string
  created_at: Timestamp
  last_used_at: Timestamp | null
  revoked_at: Timestamp | null
  /** Space-separated `capability:read|write` (domain/auth/scopes.ts). */
  scopes: string
  expires_at: Timestamp
  revoked_by: string | null
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
  health_notes: string | null
  victim_notes: string | null
}

export interface RecoveryCodeTable {
  id: Generated<string>
  staff_id: string
  code_hash: string
  used_at: Timestamp | null
}

export interface BreakGlassGrantTable {
  id: Generated<string>
  staff_id: string
  subject_id: string
  reason: string
  created_at: Timestamp
  expires_at: Timestamp
}

export interface DisclosureTable {
  id: Generated<string>
  subject_id: string
  agency: string
  scope: 'summary' | 'risk' | 'address'
  purpose: string
  shared_by: string
  shared_at: Timestamp
  expires_on: DateString | null
  revoked_at: Timestamp | null
  acknowledged_at: Timestamp | null
  acknowledged_by: string | null
  revoked_by: string | null
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
  /** A digest of the request that claimed the key (null for keys claimed before 20261202_idempotency_fingerprint). */
  fingerprint: ColumnType<string | null, string | null | undefined, string | null>
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

// Register (0003_register): convictions, notifications and what they told us.
export interface ConvictionTable {
  id: Generated<string>
  subject_id: string
  offence: string
  schedule3_paragraph: string | null
  court: string
  offence_date: DateString | null
  conviction_date: DateString
  sentence_date: DateString | null
  relevant_date: DateString
  disposal: string
  custodial_months: number | null
  discharge_months: number | null
  sentence: Generated<string>
  recorded_at: Timestamp
  recorded_by: string | null
}

export interface NotificationRequirementTable {
  subject_id: string
  relevant_notification_on: DateString | null
  subject_to_prevention_order: Generated<boolean>
  last_review_determination_on: DateString | null
  further_review_months: number | null
  updated_at: Timestamp
}

export interface NotificationTable {
  id: Generated<string>
  subject_id: string
  kind: string
  event_date: DateString | null
  notified_at: Timestamp
  notified_on: DateString
  taken_by: string | null
  police_station: string
  no_fixed_abode: boolean | null
  details: ColumnType<Record<string, unknown>, string | undefined, string>
  deadline: DateString | null
  late: Generated<boolean>
  days_late: Generated<number>
  recorded_at: Timestamp
}

export interface IdentityDocumentTable {
  id: Generated<string>
  subject_id: string
  notification_id: string | null
  kind: string
  document_number: string
  issuing_country: string
  name_on_document: string
  issued_on: DateString | null
  expires_on: DateString | null
  recorded_at: Timestamp
}

export interface FinancialAccountTable {
  id: Generated<string>
  subject_id: string
  notification_id: string | null
  kind: 'bank-account' | 'debit-card' | 'credit-card'
  provider: string
  name_on_account: string
  sort_code: string | null
  account_number: string | null
  card_last4: string | null
  card_expiry: string | null
  recorded_at: Timestamp
}

export interface ForeignTravelTable {
  id: Generated<string>
  subject_id: string
  notification_id: string
  departure_at: Timestamp
  departure_point: string
  return_on: DateString | null
  return_point: string | null
  carrier: string
  details_known_seven_days_ahead: boolean
  reasonable_excuse: Generated<boolean>
  destinations: ColumnType<Array<Record<string, unknown>>, string, string>
  recorded_at: Timestamp
}

export interface AssociationTable {
  id: Generated<string>
  subject_id: string
  person_id: string
  kind: 'lives-with' | 'stays-with' | 'associate'
  relationship: string
  address_id: string | null
  from_date: DateString
  to_date: DateString | null
  notification_id: string | null
  created_at: Timestamp
}

export interface PossibleFailureToComplyTable {
  id: Generated<string>
  subject_id: string
  notification_id: string | null
  kind: 'late-notification' | 'periodic-overdue'
  basis: string
  due_on: DateString
  days_late: number
  raised_at: Timestamp
  status: Generated<'open' | 'closed'>
  closed_at: Timestamp | null
  closed_by: string | null
  outcome: string | null
}

export interface NotificationDraftTable {
  id: Generated<string>
  staff_id: string
  subject_id: string
  kind: string
  answers: ColumnType<Record<string, string>, string, string>
  created_at: Timestamp
  updated_at: Timestamp
}

export interface DB
  extends RiskTables, VisitTables, ScheduleTables, GovernanceTables, IdentityTables, OcaitTables {
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
  conviction: ConvictionTable
  notification_requirement: NotificationRequirementTable
  notification: NotificationTable
  identity_document: IdentityDocumentTable
  financial_account: FinancialAccountTable
  foreign_travel: ForeignTravelTable
  association: AssociationTable
  possible_failure_to_comply: PossibleFailureToComplyTable
  notification_draft: NotificationDraftTable
  recovery_code: RecoveryCodeTable
  break_glass_grant: BreakGlassGrantTable
  disclosure: DisclosureTable
}

export type Staff = Selectable<StaffTable>
export type NewPerson = Insertable<PersonTable>
export type Subject = Selectable<SubjectTable>
