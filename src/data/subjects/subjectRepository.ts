import { sql, type Kysely } from 'kysely'
import type { DB } from '../schema.ts'

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
 * Every word of the query must start one of the names, all within the current name or all within
 * one alias: "jon smi" finds Jon Smith and someone once known as Jonathan Smithers.
 */
function nameMatch(alias: 'p' | 'a', terms: string[]) {
  return sql.join(
    terms.map(t => {
      const pattern = `${t.replace(/[\\%_]/g, '')}%`
      return sql`(${sql.ref(`${alias}.given_norm`)} like ${pattern} or ${sql.ref(`${alias}.family_norm`)} like ${pattern})`
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
  const total = Number(countResult.rows[0]?.n ?? 0)
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

export interface SubjectDetail {
  subjectId: string
  reference: string
  personId: string
  category: string
  status: string
  riskLevel: string | null
  registeredOn: string
  managingTeamId: string
  teamName: string
  districtName: string | null
  offenderManagerId: string | null
  offenderManagerName: string | null
  givenName: string
  middleNames: string | null
  familyName: string
  dateOfBirth: string | null
  gender: string
  pncId: string | null
  niNumber: string | null
  healthNotes: string | null
  victimNotes: string | null
  aliases: Array<{ givenName: string; familyName: string; kind: string }>
  addresses: Array<{
    kind: string
    fromDate: string
    toDate: string | null
    line1: string
    line2: string | null
    town: string
    postcode: string | null
    districtName: string | null
  }>
  household: Array<{ givenName: string; familyName: string; dateOfBirth: string | null; relationship: string }>
}

export async function subjectScope(
  db: Kysely<DB>,
  subjectId: string,
): Promise<{ managingTeamId: string; offenderManagerId: string | null } | undefined> {
  return db
    .selectFrom('subject')
    .select(['managing_team_id as managingTeamId', 'offender_manager_id as offenderManagerId'])
    .where('id', '=', subjectId)
    .executeTakeFirst()
}

export async function subjectDetail(db: Kysely<DB>, subjectId: string): Promise<SubjectDetail | undefined> {
  const head = await db
    .selectFrom('subject as s')
    .innerJoin('person as p', 'p.id', 's.person_id')
    .innerJoin('team as t', 't.id', 's.managing_team_id')
    .leftJoin('district as d', 'd.code', 't.district_code')
    .leftJoin('staff as om', 'om.id', 's.offender_manager_id')
    .select([
      's.id as subjectId',
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
    ])
    .where('s.id', '=', subjectId)
    .executeTakeFirst()
  if (!head) return undefined
  const [aliases, addresses, household] = await Promise.all([
    db
      .selectFrom('person_alias')
      .select(['given_name as givenName', 'family_name as familyName', 'kind'])
      .where('person_id', '=', head.personId)
      .orderBy('family_norm')
      .execute(),
    db
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
      .where('pa.person_id', '=', head.personId)
      .orderBy(sql`pa.to_date is null`, 'desc')
      .orderBy('pa.from_date', 'desc')
      .execute(),
    db
      .selectFrom('household_member as me')
      .innerJoin('household_member as other', 'other.household_id', 'me.household_id')
      .innerJoin('person as op', 'op.id', 'other.person_id')
      .select([
        'op.given_name as givenName',
        'op.family_name as familyName',
        'op.date_of_birth as dateOfBirth',
        'other.relationship',
      ])
      .where('me.person_id', '=', head.personId)
      .where('other.person_id', '!=', head.personId)
      .where('me.to_date', 'is', null)
      .where('other.to_date', 'is', null)
      .orderBy('op.date_of_birth')
      .execute(),
  ])
  return { ...head, aliases, addresses, household }
}

export async function nextSubjectReference(db: Kysely<DB>): Promise<string> {
  const r = await sql<{ n: number }>`select nextval('subject_reference_seq')::int as n`.execute(db)
  return `VGL-${String(r.rows[0]?.n ?? 0).padStart(6, '0')}`
}
