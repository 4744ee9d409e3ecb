import { sql, type Kysely } from 'kysely'
import type { DB } from '../schema.ts'

/** SQL for the register (0003_register). Every function takes the caller's transaction or the database. */

export interface NotificationRow {
  id: string
  kind: string
  eventDate: string | null
  notifiedAt: Date
  notifiedOn: string
  noFixedAbode: boolean | null
  details: Record<string, unknown>
  deadline: string | null
  late: boolean
  daysLate: number
  policeStation: string
  takenByName: string | null
}

export async function notificationHistory(db: Kysely<DB>, subjectId: string): Promise<NotificationRow[]> {
  return db
    .selectFrom('notification as n')
    .leftJoin('staff as s', 's.id', 'n.taken_by')
    .select([
      'n.id',
      'n.kind',
      'n.event_date as eventDate',
      'n.notified_at as notifiedAt',
      'n.notified_on as notifiedOn',
      'n.no_fixed_abode as noFixedAbode',
      'n.details',
      'n.deadline',
      'n.late',
      'n.days_late as daysLate',
      'n.police_station as policeStation',
      's.display_name as takenByName',
    ])
    .where('n.subject_id', '=', subjectId)
    .orderBy('n.notified_at')
    .orderBy('n.recorded_at')
    .execute()
}

export interface AddressValues {
  line1: string
  line2?: string | undefined
  town: string
  postcode?: string | undefined
}

/**
 * The address row for a notified address: the existing one when the same first line and postcode are already known
 * (so a household with a child recorded there is found), else a new one.
 */
export async function findOrCreateAddress(
  db: Kysely<DB>,
  address: AddressValues,
  districtCode: string | null,
  at: Date,
): Promise<{ id: string; existing: boolean }> {
  if (address.postcode) {
    const found = await db
      .selectFrom('address')
      .select('id')
      .where('postcode', '=', address.postcode)
      .where(sql<boolean>`lower(line1) = lower(${address.line1})`)
      .orderBy('created_at')
      .limit(1)
      .executeTakeFirst()
    if (found) return { id: found.id, existing: true }
  }
  const row = await db
    .insertInto('address')
    .values({
      line1: address.line1,
      line2: address.line2 ?? null,
      town: address.town,
      postcode: address.postcode ?? null,
      district_code: districtCode,
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id: row.id, existing: false }
}

export interface ChildAtAddress {
  personId: string
  givenName: string
  familyName: string
  dateOfBirth: string
}

/** People under 18 on `today` recorded as current members of a household at the address (not `exceptPersonId`). */
export async function childrenAtAddress(
  db: Kysely<DB>,
  addressId: string,
  today: string,
  exceptPersonId: string,
): Promise<ChildAtAddress[]> {
  return db
    .selectFrom('household as h')
    .innerJoin('household_member as m', 'm.household_id', 'h.id')
    .innerJoin('person as p', 'p.id', 'm.person_id')
    .select(['p.id as personId', 'p.given_name as givenName', 'p.family_name as familyName', 'p.date_of_birth as dateOfBirth'])
    .where('h.address_id', '=', addressId)
    .where('m.to_date', 'is', null)
    .where('m.person_id', '!=', exceptPersonId)
    .where('p.date_of_birth', 'is not', null)
    .where(sql<boolean>`p.date_of_birth > (${today}::date - interval '18 years')`)
    .orderBy('p.date_of_birth', 'desc')
    .$narrowType<{ dateOfBirth: string }>()
    .execute()
}

/** Ends the current home (or no-fixed-abode) row the day before the move and opens the new one. */
export async function moveHome(
  db: Kysely<DB>,
  personId: string,
  addressId: string,
  kind: 'home' | 'nfa',
  movedOn: string,
  at: Date,
): Promise<void> {
  await db
    .updateTable('person_address')
    .set({ to_date: sql`greatest(from_date, ${movedOn}::date - 1)` })
    .where('person_id', '=', personId)
    .where('to_date', 'is', null)
    .where('kind', 'in', ['home', 'nfa'])
    .execute()
  await db
    .insertInto('person_address')
    .values({ person_id: personId, address_id: addressId, kind, from_date: movedOn, created_at: at })
    .execute()
}

export async function subjectForRegister(db: Kysely<DB>, subjectId: string) {
  return db
    .selectFrom('subject as s')
    .innerJoin('person as p', 'p.id', 's.person_id')
    .select([
      's.id',
      's.reference',
      's.status',
      's.category',
      's.person_id as personId',
      's.managing_team_id as managingTeamId',
      's.offender_manager_id as offenderManagerId',
      'p.given_name as givenName',
      'p.middle_names as middleNames',
      'p.family_name as familyName',
      'p.date_of_birth as dateOfBirth',
    ])
    .where('s.id', '=', subjectId)
    .executeTakeFirst()
}

export async function policeStations(db: Kysely<DB>): Promise<string[]> {
  const rows = await db.selectFrom('team').select('station_name').distinct().orderBy('station_name').execute()
  return rows.map(r => r.station_name)
}
