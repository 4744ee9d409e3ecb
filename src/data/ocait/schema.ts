import type { ColumnType, Generated } from 'kysely'

/** Row types for the online child abuse referral tables (migration 20261203_ocait_referrals). */

type Timestamp = ColumnType<Date, Date | string, Date | string>
type DateString = string
type Json<T> = ColumnType<T, string, string>

export interface OcaitReferralTable {
  id: Generated<string>
  reference: string
  owning_team_id: string
  officer_id: string | null
  source: string
  source_reference: string | null
  other_force: string | null
  received_at: Timestamp
  platform: string | null
  images_a: number
  images_b: number
  images_c: number
  summary: string
  suspect_given_name: string | null
  suspect_family_name: string | null
  suspect_date_of_birth: DateString | null
  suspect_postcode: string | null
  suspect_person_id: string | null
  suspect_linked_by: string | null
  suspect_linked_at: Timestamp | null
  status: Generated<string>
  grade: string | null
  triage: Json<unknown> | null
  triaged_at: Timestamp | null
  triaged_by: string | null
  triage_due_at: Timestamp
  triage_overdue_alerted_at: Timestamp | null
  action_due_at: Timestamp | null
  action_overdue_alerted_at: Timestamp | null
  actioned_at: Timestamp | null
  action_kind: string | null
  development: ColumnType<unknown, string | undefined, string>
  warrant_pack_first_at: Timestamp | null
  executed_on: DateString | null
  execution: Json<unknown> | null
  arrested_on: DateString | null
  created_at: Timestamp
  created_by: string
  updated_at: Timestamp
  version: Generated<number>
}

export interface OcaitAccountTable {
  id: Generated<string>
  referral_id: string
  position: number
  platform: string
  kind: string
  value: string
}

export interface OcaitUploadTable {
  id: Generated<string>
  referral_id: string
  position: number
  ip: string
  uploaded_at: Timestamp
  reported_time: string
  reported_zone: string
}

export interface OcaitSafeguardingReferralTable {
  id: Generated<string>
  referral_id: string
  kind: string
  agency: string
  content: Json<unknown>
  purpose: string
  sent_at: Timestamp
  sent_by: string
  acknowledged_at: Timestamp | null
  acknowledged_by: string | null
  acknowledgement_note: string | null
  chased_at: Timestamp | null
  escalated_at: Timestamp | null
  revoked_at: Timestamp | null
  revoked_by: string | null
  revocation_reason: string | null
}

export interface OcaitTransferTable {
  id: Generated<string>
  referral_id: string
  direction: string
  force: string
  reason: string
  recorded_at: Timestamp
  recorded_by: string
  decision: string | null
  decided_at: Timestamp | null
  decided_by: string | null
  decision_note: string | null
}

export interface OcaitTables {
  ocait_referral: OcaitReferralTable
  ocait_account: OcaitAccountTable
  ocait_upload: OcaitUploadTable
  ocait_safeguarding_referral: OcaitSafeguardingReferralTable
  ocait_transfer: OcaitTransferTable
}
