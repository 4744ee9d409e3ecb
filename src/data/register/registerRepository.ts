import { sql, type Kysely } from 'kysely'
import { normaliseName } from '../../domain/people/names.ts'
import { refreshPersonMatchKeys } from '../identity/identityRepository.ts'
import type { DB } from '../schema.ts'

/** The register's tables (0003_register): notifications and what they change, read and written in domain words. */

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

export interface AddressValues {
  line1: string
  line2?: string | undefined
  town: string
  postcode?: string | undefined
}

export interface ChildAtAddress {
  personId: string
  givenName: string
  familyName: string
  dateOfBirth: string
}

export interface NewNotification {
  subjectId: string
  kind: string
  eventDate: string | null
  notifiedAt: Date
  notifiedOn: string
  takenBy: string
  policeStation: string
  noFixedAbode: boolean | null
  details: Record<string, unknown>
  deadline: string | null
  daysLate: number
  recordedAt: Date
}

export interface NewPerson {
  id?: string
  givenName: string
  familyName: string
  dateOfBirth?: string | undefined
}

/** A subject whose periodic notification may be overdue (narrowed in SQL; the engine decides exactly). */
export interface PeriodicCandidate {
  id: string
  reference: string
  givenName: string
  familyName: string
  dateOfBirth: string | null
}

export interface ConvictionFacts {
  subjectId: string
  disposal: string
  custodialMonths: number | null
  dischargeMonths: number | null
  relevantDate: string
}

/** PostgreSQL returns `numeric` and `bigint` columns as strings; the register's figures are small numbers. */
const numeric = (value: number | string | null): number | null => (value === null ? null : Number(value))

export function registerRepository(db: Kysely<DB>) {
  return {
    /** Every notification a subject gave, oldest first (the order the engine assesses them in). */
    async history(subjectId: string): Promise<NotificationRow[]> {
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
    },

    /** The histories of several subjects at once (the periodic sweep), by subject. */
    async historiesOf(subjectIds: readonly string[]): Promise<Map<string, NotificationRow[]>> {
      const bySubject = new Map<string, NotificationRow[]>()
      if (subjectIds.length === 0) return bySubject
      const rows = await db
        .selectFrom('notification')
        .select([
          'id',
          'subject_id as subjectId',
          'kind',
          'event_date as eventDate',
          'notified_at as notifiedAt',
          'notified_on as notifiedOn',
          'no_fixed_abode as noFixedAbode',
          'details',
          'deadline',
          'late',
          'days_late as daysLate',
          'police_station as policeStation',
        ])
        .where('subject_id', 'in', subjectIds)
        .orderBy('notified_at')
        .execute()
      for (const { subjectId, ...row } of rows) {
        const list = bySubject.get(subjectId) ?? []
        list.push({ ...row, takenByName: null })
        bySubject.set(subjectId, list)
      }
      return bySubject
    },

    async addNotification(n: NewNotification): Promise<string> {
      const row = await db
        .insertInto('notification')
        .values({
          subject_id: n.subjectId,
          kind: n.kind,
          event_date: n.eventDate,
          notified_at: n.notifiedAt,
          notified_on: n.notifiedOn,
          taken_by: n.takenBy,
          police_station: n.policeStation,
          no_fixed_abode: n.noFixedAbode,
          details: JSON.stringify(n.details),
          deadline: n.deadline,
          late: n.daysLate > 0,
          days_late: n.daysLate,
          recorded_at: n.recordedAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return row.id
    },

    /** One recorded notification of a subject, for its confirmation page. */
    async notification(subjectId: string, notificationId: string) {
      return db
        .selectFrom('notification')
        .select([
          'id',
          'kind',
          'notified_at as notifiedAt',
          'police_station as policeStation',
          'deadline',
          'late',
          'days_late as daysLate',
        ])
        .where('id', '=', notificationId)
        .where('subject_id', '=', subjectId)
        .executeTakeFirst()
    },

    /** The alerts a notification raised. */
    async alertsRaisedBy(subjectId: string, notificationId: string) {
      return db
        .selectFrom('alert')
        .select(['kind', 'priority', 'title'])
        .where('subject_id', '=', subjectId)
        .where(sql<boolean>`data->>'notificationId' = ${notificationId}`)
        .orderBy('seq')
        .execute()
    },

    /**
     * The address row for a notified address: the existing one when the same first line and postcode are already
     * known (so a household with a child recorded there is found), else a new one.
     */
    async findOrCreateAddress(
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
    },

    /** People under 18 on `today` recorded as current members of a household at the address (not `exceptPersonId`). */
    async childrenAtAddress(addressId: string, today: string, exceptPersonId: string): Promise<ChildAtAddress[]> {
      return db
        .selectFrom('household as h')
        .innerJoin('household_member as m', 'm.household_id', 'h.id')
        .innerJoin('person as p', 'p.id', 'm.person_id')
        .select([
          'p.id as personId',
          'p.given_name as givenName',
          'p.family_name as familyName',
          'p.date_of_birth as dateOfBirth',
        ])
        .where('h.address_id', '=', addressId)
        .where('m.to_date', 'is', null)
        .where('m.person_id', '!=', exceptPersonId)
        .where('p.date_of_birth', 'is not', null)
        .where(sql<boolean>`p.date_of_birth > (${today}::date - interval '18 years')`)
        .orderBy('p.date_of_birth', 'desc')
        .$narrowType<{ dateOfBirth: string }>()
        .execute()
    },

    /** Ends the current home (or no-fixed-abode) row the day before the move and opens the new one. */
    async moveHome(personId: string, addressId: string, use: 'home' | 'nfa', movedOn: string, at: Date) {
      await db
        .updateTable('person_address')
        .set({ to_date: sql`greatest(from_date, ${movedOn}::date - 1)` })
        .where('person_id', '=', personId)
        .where('to_date', 'is', null)
        .where('kind', 'in', ['home', 'nfa'])
        .execute()
      await db
        .insertInto('person_address')
        .values({ person_id: personId, address_id: addressId, kind: use, from_date: movedOn, created_at: at })
        .execute()
    },

    /** s.84(1)(c): an address where the person stayed for a qualifying period, beside their home. */
    async addOtherAddress(personId: string, addressId: string, fromDate: string, at: Date) {
      await db
        .insertInto('person_address')
        .values({ person_id: personId, address_id: addressId, kind: 'other', from_date: fromDate, created_at: at })
        .execute()
    },

    /** The person now uses `next`; the name they used until now is kept as a previous-name alias for searches. */
    async changeName(
      personId: string,
      previous: { givenName: string; familyName: string },
      next: { givenName: string; middleNames: string | null; familyName: string },
      at: Date,
    ) {
      await db
        .insertInto('person_alias')
        .values({
          person_id: personId,
          given_name: previous.givenName,
          family_name: previous.familyName,
          given_norm: normaliseName(previous.givenName),
          family_norm: normaliseName(previous.familyName),
          kind: 'previous',
          created_at: at,
        })
        .execute()
      await db
        .updateTable('person')
        .set(eb => ({
          given_name: next.givenName,
          middle_names: next.middleNames,
          family_name: next.familyName,
          given_norm: normaliseName(next.givenName),
          family_norm: normaliseName(next.familyName),
          updated_at: at,
          version: eb('version', '+', 1),
        }))
        .where('id', '=', personId)
        .execute()
      // The identity index must know the new name (and the old one, now an alias) at once.
      await refreshPersonMatchKeys(db, [personId])
    },

    /** A person the subject notified (a child in a household, an associate), joined to the person index. */
    async addPerson(person: NewPerson, at: Date): Promise<string> {
      const row = await db
        .insertInto('person')
        .values({
          ...(person.id ? { id: person.id } : {}),
          given_name: person.givenName,
          middle_names: null,
          family_name: person.familyName,
          given_norm: normaliseName(person.givenName),
          family_norm: normaliseName(person.familyName),
          date_of_birth: person.dateOfBirth ?? null,
          gender: 'unknown',
          pnc_id: null,
          ni_number: null,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      // Associates and household members join the person index, so later records can be matched to them.
      await refreshPersonMatchKeys(db, [row.id])
      return row.id
    },

    async addAssociation(a: {
      subjectId: string
      personId: string
      kind: 'stays-with' | 'associate'
      relationship: string
      addressId: string | null
      fromDate: string
      notificationId: string
      at: Date
    }) {
      await db
        .insertInto('association')
        .values({
          subject_id: a.subjectId,
          person_id: a.personId,
          kind: a.kind,
          relationship: a.relationship,
          address_id: a.addressId,
          from_date: a.fromDate,
          notification_id: a.notificationId,
          created_at: a.at,
        })
        .execute()
    },

    /** s.84(1)(d): a subject in custody is active again. */
    async releaseFromCustody(subjectId: string, at: Date) {
      await db
        .updateTable('subject')
        .set({ status: 'active', updated_at: at })
        .where('id', '=', subjectId)
        .where('status', '=', 'in_custody')
        .execute()
    },

    async addIdentityDocument(d: {
      subjectId: string
      notificationId: string
      kind: string
      documentNumber: string
      issuingCountry: string
      nameOnDocument: string
      issuedOn: string | null
      expiresOn: string | null
      at: Date
    }): Promise<string> {
      const row = await db
        .insertInto('identity_document')
        .values({
          subject_id: d.subjectId,
          notification_id: d.notificationId,
          kind: d.kind,
          document_number: d.documentNumber,
          issuing_country: d.issuingCountry,
          name_on_document: d.nameOnDocument,
          issued_on: d.issuedOn,
          expires_on: d.expiresOn,
          recorded_at: d.at,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return row.id
    },

    async addFinancialAccount(a: {
      subjectId: string
      notificationId: string
      kind: 'bank-account' | 'debit-card' | 'credit-card'
      provider: string
      nameOnAccount: string
      sortCode: string | null
      accountNumber: string | null
      cardLast4: string | null
      cardExpiry: string | null
      at: Date
    }): Promise<string> {
      const row = await db
        .insertInto('financial_account')
        .values({
          subject_id: a.subjectId,
          notification_id: a.notificationId,
          kind: a.kind,
          provider: a.provider,
          name_on_account: a.nameOnAccount,
          sort_code: a.sortCode,
          account_number: a.accountNumber,
          card_last4: a.cardLast4,
          card_expiry: a.cardExpiry,
          recorded_at: a.at,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return row.id
    },

    async addForeignTravel(t: {
      subjectId: string
      notificationId: string
      departureAt: Date
      departurePoint: string
      returnOn: string | null
      returnPoint: string | null
      carrier: string
      detailsKnownSevenDaysAhead: boolean
      reasonableExcuse: boolean
      destinations: ReadonlyArray<Record<string, string>>
      at: Date
    }): Promise<string> {
      const row = await db
        .insertInto('foreign_travel')
        .values({
          subject_id: t.subjectId,
          notification_id: t.notificationId,
          departure_at: t.departureAt,
          departure_point: t.departurePoint,
          return_on: t.returnOn,
          return_point: t.returnPoint,
          carrier: t.carrier,
          details_known_seven_days_ahead: t.detailsKnownSevenDaysAhead,
          reasonable_excuse: t.reasonableExcuse,
          destinations: JSON.stringify(t.destinations),
          recorded_at: t.at,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return row.id
    },

    /** s.91: a notification given after its deadline is a possible failure to comply. */
    async addLateNotificationFailure(f: {
      subjectId: string
      notificationId: string
      basis: string
      dueOn: string
      daysLate: number
      at: Date
    }) {
      await db
        .insertInto('possible_failure_to_comply')
        .values({
          subject_id: f.subjectId,
          notification_id: f.notificationId,
          kind: 'late-notification',
          basis: f.basis,
          due_on: f.dueOn,
          days_late: f.daysLate,
          raised_at: f.at,
        })
        .execute()
    },

    /**
     * s.85/s.91: one possible failure to comply per missed periodic due date, whoever raises it first (the partial
     * unique index decides between sweeps on several instances). Undefined when it was already raised.
     */
    async addPeriodicOverdueFailure(
      subjectId: string,
      dueOn: string,
      daysOverdue: number,
      at: Date,
    ): Promise<string | undefined> {
      const inserted = await sql<{ id: string }>`
        insert into possible_failure_to_comply (subject_id, kind, basis, due_on, days_late, raised_at)
        values (${subjectId}, 'periodic-overdue', 's.85(1)', ${dueOn}, ${daysOverdue}, ${at})
        on conflict (subject_id, due_on) where kind = 'periodic-overdue' do nothing
        returning id`.execute(db)
      return inserted.rows[0]?.id
    },

    /**
     * Subjects whose periodic notification may be overdue and has not been raised yet: the last notification that
     * resets the clock (s.85(2)) is over a year old, or over a week old with no fixed abode (or not stated).
     */
    async periodicOverdueCandidates(today: string): Promise<PeriodicCandidate[]> {
      const result = await sql<PeriodicCandidate>`
        with last as (
          select distinct on (n.subject_id) n.subject_id, n.notified_on, n.no_fixed_abode
          from notification n
          where n.kind in ('initial','change-of-name','change-of-home-address','other-address','release-from-custody','periodic')
          order by n.subject_id, n.notified_on desc, n.recorded_at desc
        )
        select s.id, s.reference, p.given_name as "givenName", p.family_name as "familyName", p.date_of_birth as "dateOfBirth"
        from last
        join subject s on s.id = last.subject_id
        join person p on p.id = s.person_id
        where s.category = 'rso' and s.status in ('active', 'reactive')
          and (last.notified_on + interval '1 year' < ${today}::date
            or (last.notified_on < ${today}::date - 7 and last.no_fixed_abode is not false))
          and not exists (
            select 1 from possible_failure_to_comply f
            where f.subject_id = s.id and f.kind = 'periodic-overdue' and f.due_on > last.notified_on)
        order by s.reference`.execute(db)
      return result.rows
    },

    /** The convictions of several subjects, as the notification-period rules need them. */
    async convictionFactsOf(subjectIds: readonly string[]): Promise<ConvictionFacts[]> {
      if (subjectIds.length === 0) return []
      const rows = await db
        .selectFrom('conviction')
        .select([
          'subject_id as subjectId',
          'disposal',
          'custodial_months as custodialMonths',
          'discharge_months as dischargeMonths',
          'relevant_date as relevantDate',
        ])
        .where('subject_id', 'in', subjectIds)
        .execute()
      return rows.map(r => ({ ...r, custodialMonths: numeric(r.custodialMonths) }))
    },

    async convictions(subjectId: string) {
      const rows = await db
        .selectFrom('conviction')
        .selectAll()
        .where('subject_id', '=', subjectId)
        .orderBy('relevant_date', 'desc')
        .execute()
      return rows.map(r => ({ ...r, custodial_months: numeric(r.custodial_months) }))
    },

    /** The date of birth the notification period depends on (s.82: under 18 on the relevant date). */
    async dateOfBirth(personId: string): Promise<string | null> {
      const row = await db
        .selectFrom('person')
        .select('date_of_birth')
        .where('id', '=', personId)
        .executeTakeFirst()
      return row?.date_of_birth ?? null
    },

    async identityDocuments(subjectId: string) {
      return db
        .selectFrom('identity_document')
        .select([
          'kind',
          'document_number as documentNumber',
          'issuing_country as issuingCountry',
          'name_on_document as nameOnDocument',
          'issued_on as issuedOn',
          'expires_on as expiresOn',
        ])
        .where('subject_id', '=', subjectId)
        .orderBy('recorded_at', 'desc')
        .execute()
    },

    async financialAccounts(subjectId: string) {
      return db
        .selectFrom('financial_account')
        .selectAll()
        .where('subject_id', '=', subjectId)
        .orderBy('recorded_at', 'desc')
        .execute()
    },

    async foreignTravel(subjectId: string) {
      return db
        .selectFrom('foreign_travel as t')
        .innerJoin('notification as n', 'n.id', 't.notification_id')
        .select([
          't.departure_at as departureAt',
          't.departure_point as departurePoint',
          't.return_on as returnOn',
          't.carrier',
          't.destinations',
          'n.late',
        ])
        .where('t.subject_id', '=', subjectId)
        .orderBy('t.departure_at', 'desc')
        .execute()
    },

    /** The subject's associations, each with how many children under 18 live in the associate's household. */
    async associations(subjectId: string, today: string) {
      const rows = await db
        .selectFrom('association as a')
        .innerJoin('person as p', 'p.id', 'a.person_id')
        .select([
          'p.given_name as givenName',
          'p.family_name as familyName',
          'p.date_of_birth as dateOfBirth',
          'a.relationship',
          'a.kind',
          'a.from_date as fromDate',
          'a.to_date as toDate',
          sql<number>`(select count(*)::int from household h join household_member m on m.household_id = h.id
            join person c on c.id = m.person_id
            where h.address_id = a.address_id and m.to_date is null and c.id <> a.person_id
            and c.date_of_birth > (${today}::date - interval '18 years'))`.as('childrenInHousehold'),
        ])
        .where('a.subject_id', '=', subjectId)
        .orderBy('a.from_date', 'desc')
        .execute()
      return rows.map(r => ({ ...r, childrenInHousehold: numeric(r.childrenInHousehold) ?? 0 }))
    },

    async failuresToComply(subjectId: string) {
      return db
        .selectFrom('possible_failure_to_comply')
        .select(['kind', 'basis', 'due_on as dueOn', 'days_late as daysLate', 'status', 'raised_at as raisedAt'])
        .where('subject_id', '=', subjectId)
        .orderBy('raised_at', 'desc')
        .execute()
    },

    /** What the engine cannot derive: review determinations and prevention orders (s.91A–91F). */
    async requirement(subjectId: string) {
      return db
        .selectFrom('notification_requirement')
        .selectAll()
        .where('subject_id', '=', subjectId)
        .executeTakeFirst()
    },

    /** The subject's timeline as the register record shows it, newest first. */
    async timeline(subjectId: string, limit: number) {
      return db
        .selectFrom('subject_event as e')
        .leftJoin('staff as s', 's.id', 'e.recorded_by')
        .select(['e.kind', 'e.occurred_on as occurredOn', 'e.recorded_at as recordedAt', 'e.summary', 's.display_name as by'])
        .where('e.subject_id', '=', subjectId)
        .orderBy('e.recorded_at', 'desc')
        .limit(limit)
        .execute()
    },

    async policeStations(): Promise<string[]> {
      const rows = await db.selectFrom('team').select('station_name').distinct().orderBy('station_name').execute()
      return rows.map(r => r.station_name)
    },

    /** The police station of a team (where its officers take notifications). */
    async stationOfTeam(teamId: string): Promise<string | null> {
      const row = await db.selectFrom('team').select('station_name').where('id', '=', teamId).executeTakeFirst()
      return row?.station_name ?? null
    },
  }
}

export type RegisterRepository = ReturnType<typeof registerRepository>
