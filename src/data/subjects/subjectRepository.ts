import { sql, type Kysely } from 'kysely'
import type { SharedScope } from '../../domain/access/policy.ts'
import type { Gender, SubjectCategory } from '../../domain/subjects/vocabulary.ts'
import type { SubjectHead } from '../access/accessRepository.ts'
import type { DB } from '../schema.ts'
import { requireVersionedUpdate } from '../versioning.ts'

export interface SubjectSearchRow {
  subjectId: string
  reference: string
  givenName: string
  middleNames: string | null
  familyName: string
  dateOfBirth: string | null
  category: string
  status: string
  riskLevel: string | null
  districtName: string | null
  teamName: string
  managingTeamId: string
  offenderManagerId: string | null
  /** The alias that matched, when the match was on an alias rather than the current name. */
  matchedAlias: string | null
}

/**
 * Every word of the query must start one of the names (or a later word of one), all within the current name or all within
 * one alias: "jon smi" finds Jon Smith and someone once known as Jonathan Smithers.
 */
function nameMatch(alias: 'p' | 'a', terms: string[]) {
  return sql.join(
    terms.map(t => {
      const word = t.replace(/[\\%_]/g, '')
      const start = `${word}%`
      // A term may also start a later word of a name: "suilleabhain" finds "Ó Súilleabháin", "hassan" "Al Hassan".
      const later = `% ${word}%`
      const given = sql.ref(`${alias}.given_norm`)
      const family = sql.ref(`${alias}.family_norm`)
      return sql`(${given} like ${start} or ${family} like ${start} or ${given} like ${later} or ${family} like ${later})`
    }),
    sql` and `,
  )
}

export async function searchSubjects(
  db: Kysely<DB>,
  terms: string[],
  page: { limit: number; offset: number },
): Promise<{ rows: SubjectSearchRow[]; total: number }> {
  if (terms.length === 0) return { rows: [], total: 0 }
  const matches = sql`(
    select p.id as person_id, null::text as matched_alias from person p where ${nameMatch('p', terms)}
    union
    select a.person_id, min(a.given_name || ' ' || a.family_name) from person_alias a where ${nameMatch('a', terms)}
    group by a.person_id
  )`
  const countResult = await sql<{ n: number }>`
    select count(distinct s.id)::int as n from ${matches} m join subject s on s.person_id = m.person_id`.execute(db)
  const total = countResult.rows[0]?.n ?? 0
  const result = await sql<SubjectSearchRow>`
    select distinct on (p.family_norm, p.given_norm, s.id)
      s.id as "subjectId", s.reference, p.given_name as "givenName", p.middle_names as "middleNames",
      p.family_name as "familyName", p.date_of_birth as "dateOfBirth", s.category, s.status,
      s.risk_level as "riskLevel", d.name as "districtName", t.name as "teamName",
      s.managing_team_id as "managingTeamId", s.offender_manager_id as "offenderManagerId",
      m.matched_alias as "matchedAlias"
    from ${matches} m
    join subject s on s.person_id = m.person_id
    join person p on p.id = s.person_id
    join team t on t.id = s.managing_team_id
    left join district d on d.code = t.district_code
    order by p.family_norm, p.given_norm, s.id, m.matched_alias nulls first
    limit ${page.limit} offset ${page.offset}`.execute(db)
  return { rows: result.rows, total }
}

/** The subject record as its page shows it: the gate's head plus nominal details, team and manager. */
export interface SubjectRecord extends SubjectHead {
  teamName: string
  districtName: string | null
  offenderManagerName: string | null
  middleNames: string | null
  dateOfBirth: string | null
  gender: string
  pncId: string | null
  niNumber: string | null
  healthNotes: string | null
  victimNotes: string | null
  version: number
}

export interface AliasRow {
  givenName: string
  familyName: string
  kind: string
}

export interface AddressHistoryRow {
  kind: string
  fromDate: string
  toDate: string | null
  line1: string
  line2: string | null
  town: string
  postcode: string | null
  districtName: string | null
}

export interface HouseholdRow {
  givenName: string
  familyName: string
  dateOfBirth: string | null
  relationship: string
}

export interface CaseloadRow {
  subjectId: string
  reference: string
  givenName: string
  familyName: string
  category: string
  status: string
  riskLevel: string | null
  offenderManagerName: string | null
}

export interface AccessLogRow {
  seq: number
  occurredAt: Date
  actorUsername: string | null
  operation: string
  outcome: string
  purpose: string | null
  recipient: string | null
}

export interface SharedItemRow {
  subjectId: string
  reference: string
  givenName: string
  familyName: string
  scope: SharedScope
  sharedAt: Date
}

export interface NewRegistration {
  person: {
    givenName: string
    middleNames: string | null
    familyName: string
    givenNorm: string
    familyNorm: string
    dateOfBirth: string
    gender: Gender
    pncId: string | null
    niNumber: string | null
  }
  address: { line1: string; line2: string | null; town: string; postcode: string; districtCode: string | null }
  subject: { reference: string; category: SubjectCategory; managingTeamId: string; offenderManagerId: string | null }
  registeredOn: string
}

export async function nextSubjectReference(db: Kysely<DB>): Promise<string> {
  const r = await sql<{ n: number }>`select nextval('subject_reference_seq')::int as n`.execute(db)
  return `VGL-${String(r.rows[0]?.n ?? 0).padStart(6, '0')}`
}

const RISK_ORDER = sql`case s.risk_level when 'very_high' then 0 when 'high' then 1 when 'medium' then 2 when 'low' then 3 else 4 end`

/** Subjects: the nominal record, search, caseloads, break-glass grants, disclosures to partner agencies. */
export function subjectRepository(db: Kysely<DB>) {
  return {
    search: (terms: string[], page: { limit: number; offset: number }) => searchSubjects(db, terms, page),

    nextReference: () => nextSubjectReference(db),

    /** The subject row with its person, team and manager, read once per request (the gate's loader). */
    async record(subjectId: string): Promise<SubjectRecord | undefined> {
      return db
        .selectFrom('subject as s')
        .innerJoin('person as p', 'p.id', 's.person_id')
        .innerJoin('team as t', 't.id', 's.managing_team_id')
        .leftJoin('district as d', 'd.code', 't.district_code')
        .leftJoin('staff as om', 'om.id', 's.offender_manager_id')
        .select([
          's.id',
          's.reference',
          's.person_id as personId',
          's.category',
          's.status',
          's.risk_level as riskLevel',
          's.registered_on as registeredOn',
          's.managing_team_id as managingTeamId',
          't.name as teamName',
          'd.name as districtName',
          's.offender_manager_id as offenderManagerId',
          'om.display_name as offenderManagerName',
          'p.given_name as givenName',
          'p.middle_names as middleNames',
          'p.family_name as familyName',
          'p.date_of_birth as dateOfBirth',
          'p.gender',
          'p.pnc_id as pncId',
          'p.ni_number as niNumber',
          's.health_notes as healthNotes',
          's.victim_notes as victimNotes',
          's.version',
        ])
        .where('s.id', '=', subjectId)
        .executeTakeFirst()
    },

    async aliases(personId: string): Promise<AliasRow[]> {
      return db
        .selectFrom('person_alias')
        .select(['given_name as givenName', 'family_name as familyName', 'kind'])
        .where('person_id', '=', personId)
        .orderBy('family_norm')
        .execute()
    },

    /** Current address first, then the rest newest first. */
    async addressHistory(personId: string): Promise<AddressHistoryRow[]> {
      return db
        .selectFrom('person_address as pa')
        .innerJoin('address as a', 'a.id', 'pa.address_id')
        .leftJoin('district as d', 'd.code', 'a.district_code')
        .select([
          'pa.kind',
          'pa.from_date as fromDate',
          'pa.to_date as toDate',
          'a.line1',
          'a.line2',
          'a.town',
          'a.postcode',
          'd.name as districtName',
        ])
        .where('pa.person_id', '=', personId)
        .orderBy(sql`pa.to_date is null`, 'desc')
        .orderBy('pa.from_date', 'desc')
        .execute()
    },

    /** The people currently living in the person's household, youngest last. */
    async household(personId: string): Promise<HouseholdRow[]> {
      return db
        .selectFrom('household_member as me')
        .innerJoin('household_member as other', 'other.household_id', 'me.household_id')
        .innerJoin('person as op', 'op.id', 'other.person_id')
        .select([
          'op.given_name as givenName',
          'op.family_name as familyName',
          'op.date_of_birth as dateOfBirth',
          'other.relationship',
        ])
        .where('me.person_id', '=', personId)
        .where('other.person_id', '!=', personId)
        .where('me.to_date', 'is', null)
        .where('other.to_date', 'is', null)
        .orderBy('op.date_of_birth')
        .execute()
    },

    async teams(): Promise<Array<{ id: string; name: string; districtCode: string }>> {
      return db.selectFrom('team').select(['id', 'name', 'district_code as districtCode']).orderBy('name').execute()
    },

    async supervisorOf(staffId: string): Promise<{ supervisorId: string | null; displayName: string }> {
      return db
        .selectFrom('staff')
        .select(['supervisor_id as supervisorId', 'display_name as displayName'])
        .where('id', '=', staffId)
        .executeTakeFirstOrThrow()
    },

    async insertBreakGlassGrant(grant: {
      staffId: string
      subjectId: string
      reason: string
      at: Date
      expiresAt: Date
    }): Promise<void> {
      await db
        .insertInto('break_glass_grant')
        .values({
          staff_id: grant.staffId,
          subject_id: grant.subjectId,
          reason: grant.reason,
          created_at: grant.at,
          expires_at: grant.expiresAt,
        })
        .execute()
    },

    /** "Who has looked at this record": the subject's audit rows, newest first. */
    async accessLog(
      subjectId: string,
      page: { limit: number; offset: number },
    ): Promise<{ rows: AccessLogRow[]; total: number }> {
      const base = db.selectFrom('audit_event').where('subject_id', '=', subjectId)
      const total = await base.select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      const rows = await base
        .select([
          'seq',
          'occurred_at as occurredAt',
          'actor_username as actorUsername',
          'operation',
          'outcome',
          'purpose',
          'recipient',
        ])
        .orderBy('seq', 'desc')
        .limit(page.limit)
        .offset(page.offset)
        .execute()
      return { rows: rows.map(r => ({ ...r, occurredAt: new Date(r.occurredAt) })), total: total.n }
    },

    async insertDisclosure(disclosure: {
      subjectId: string
      agency: string
      scope: SharedScope
      purpose: string
      sharedBy: string
      at: Date
      expiresOn: string | null
    }): Promise<void> {
      await db
        .insertInto('disclosure')
        .values({
          subject_id: disclosure.subjectId,
          agency: disclosure.agency,
          scope: disclosure.scope,
          purpose: disclosure.purpose,
          shared_by: disclosure.sharedBy,
          shared_at: disclosure.at,
          expires_on: disclosure.expiresOn,
        })
        .execute()
    },

    /** Live disclosures to an agency (not revoked, not past their end date), newest first. */
    async sharedWithAgency(agency: string, today: string): Promise<SharedItemRow[]> {
      const rows = await db
        .selectFrom('disclosure as d')
        .innerJoin('subject as s', 's.id', 'd.subject_id')
        .innerJoin('person as p', 'p.id', 's.person_id')
        .select([
          's.id as subjectId',
          's.reference',
          'p.given_name as givenName',
          'p.family_name as familyName',
          'd.scope',
          'd.shared_at as sharedAt',
        ])
        .where('d.agency', '=', agency)
        .where('d.revoked_at', 'is', null)
        .where(eb => eb.or([eb('d.expires_on', 'is', null), eb('d.expires_on', '>=', today)]))
        .orderBy('d.shared_at', 'desc')
        .execute()
      return rows.map(r => ({ ...r, sharedAt: new Date(r.sharedAt) }))
    },

    /**
     * Saves the notes if the subject is still at `expectedVersion` (optimistic concurrency); the caller checked
     * access. Throws StaleVersion (both versions, nothing written) or NotFound.
     */
    async updateSensitiveNotes(
      subjectId: string,
      notes: { health: string | null; victim: string | null },
      at: Date,
      expectedVersion: number,
    ): Promise<void> {
      const result = await db
        .updateTable('subject')
        .set({ health_notes: notes.health, victim_notes: notes.victim, updated_at: at, version: sql`version + 1` })
        .where('id', '=', subjectId)
        .where('version', '=', expectedVersion)
        .executeTakeFirst()
      await requireVersionedUpdate(result.numUpdatedRows, {
        record: 'health and victim details',
        expectedVersion,
        attempted: { 'Health notes': notes.health, 'Victim details': notes.victim },
        current: async () => {
          const row = await db
            .selectFrom('subject')
            .select(['version', 'health_notes', 'victim_notes'])
            .where('id', '=', subjectId)
            .executeTakeFirst()
          return (
            row && {
              version: row.version,
              snapshot: { 'Health notes': row.health_notes, 'Victim details': row.victim_notes },
            }
          )
        },
      })
    },

    /** An officer's own open caseload, or a team's, highest risk first. */
    async caseload(
      scope: { offenderManagerId: string } | { teamId: string },
      limit: number,
    ): Promise<{ rows: CaseloadRow[]; total: number }> {
      const base = db
        .selectFrom('subject as s')
        .innerJoin('person as p', 'p.id', 's.person_id')
        .$if('offenderManagerId' in scope, q =>
          q.where('s.offender_manager_id', '=', 'offenderManagerId' in scope ? scope.offenderManagerId : ''),
        )
        .$if('teamId' in scope, q => q.where('s.managing_team_id', '=', 'teamId' in scope ? scope.teamId : ''))
        .where('s.status', '!=', 'ended')
      const total = await base.select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      const rows = await base
        .leftJoin('staff as om', 'om.id', 's.offender_manager_id')
        .select([
          's.id as subjectId',
          's.reference',
          'p.given_name as givenName',
          'p.family_name as familyName',
          's.category',
          's.status',
          's.risk_level as riskLevel',
          'om.display_name as offenderManagerName',
        ])
        .orderBy(RISK_ORDER)
        .orderBy('p.family_norm')
        .orderBy('s.id')
        .limit(limit)
        .execute()
      return { rows, total: total.n }
    },

    /** A new subject: person, home address and subject record (the caller runs this in a transaction). */
    async register(registration: NewRegistration, at: Date): Promise<{ subjectId: string; personId: string }> {
      const { person: p, address: a, subject: s } = registration
      const person = await db
        .insertInto('person')
        .values({
          given_name: p.givenName,
          middle_names: p.middleNames,
          family_name: p.familyName,
          given_norm: p.givenNorm,
          family_norm: p.familyNorm,
          date_of_birth: p.dateOfBirth,
          gender: p.gender,
          pnc_id: p.pncId,
          ni_number: p.niNumber,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const address = await db
        .insertInto('address')
        .values({
          line1: a.line1,
          line2: a.line2,
          town: a.town,
          postcode: a.postcode,
          district_code: a.districtCode,
          created_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await db
        .insertInto('person_address')
        .values({
          person_id: person.id,
          address_id: address.id,
          kind: 'home',
          from_date: registration.registeredOn,
          created_at: at,
        })
        .execute()
      const subject = await db
        .insertInto('subject')
        .values({
          reference: s.reference,
          person_id: person.id,
          category: s.category,
          managing_team_id: s.managingTeamId,
          offender_manager_id: s.offenderManagerId,
          registered_on: registration.registeredOn,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return { subjectId: subject.id, personId: person.id }
    },
  }
}

export type SubjectRepository = ReturnType<typeof subjectRepository>
