import { sql, type Kysely } from 'kysely'
import { personMatchKeys, type PersonForMatching } from '../../domain/identity/personRecord.ts'
import type { MatchModel } from '../../domain/matching/model.ts'
import type { DB } from '../schema.ts'

/** A person from the nominal index, as matched and as shown to a reviewer. */
export interface IndexedPerson extends PersonForMatching {
  id: string
  createdAt: Date
  subjectId: string | null
  subjectReference: string | null
}

/** Larger blocks than this are skipped on lookup (a default date such as 1900-01-01): other keys must find them. */
export const MAX_BLOCK = 2000

/** A person merged into another no longer stands alone: not a candidate, not indexed, not scanned. */
const notMergedAway = sql<boolean>`not exists (select 1 from identity_merge m where m.merged_person_id = p.id and m.undone_at is null)`

/**
 * People with their current home address, subject link and aliases. Without `ids`, every person still standing
 * (training and the batch scan read the whole index in one pass).
 */
export async function loadPeople(db: Kysely<DB>, ids?: readonly string[], options: { includeMerged?: boolean } = {}): Promise<IndexedPerson[]> {
  if (ids !== undefined && ids.length === 0) return []
  const home = db
    .selectFrom('person_address as pa')
    .innerJoin('address as ad', 'ad.id', 'pa.address_id')
    .select(['pa.person_id', 'ad.postcode', 'ad.line1', 'ad.town'])
    .distinctOn('pa.person_id')
    .where('pa.to_date', 'is', null)
    .where('pa.kind', 'in', ['home', 'nfa'])
    .$if(ids !== undefined, q => q.where('pa.person_id', 'in', ids as string[]))
    .orderBy('pa.person_id')
    .orderBy('pa.from_date', 'desc')
    .as('h')
  const rows = await db
    .selectFrom('person as p')
    .leftJoin(home, 'h.person_id', 'p.id')
    .leftJoin('subject as s', 's.person_id', 'p.id')
    .select([
      'p.id',
      'p.given_name as givenName',
      'p.middle_names as middleNames',
      'p.family_name as familyName',
      'p.date_of_birth as dateOfBirth',
      'p.gender',
      'p.pnc_id as pncId',
      'p.ni_number as niNumber',
      'p.created_at as createdAt',
      'h.postcode',
      'h.line1 as addressLine',
      'h.town',
      's.id as subjectId',
      's.reference as subjectReference',
    ])
    .$if(ids !== undefined, q => q.where('p.id', 'in', ids as string[]))
    .$if(options.includeMerged !== true, q => q.where(notMergedAway))
    .orderBy('p.id')
    .execute()
  const aliases = await db
    .selectFrom('person_alias')
    .select(['person_id', 'given_name', 'family_name'])
    .$if(ids !== undefined, q => q.where('person_id', 'in', ids as string[]))
    .orderBy('person_id')
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  const byPerson = new Map<string, Array<{ givenName: string; familyName: string }>>()
  for (const a of aliases) {
    const list = byPerson.get(a.person_id) ?? []
    list.push({ givenName: a.given_name, familyName: a.family_name })
    byPerson.set(a.person_id, list)
  }
  return rows.map(r => ({ ...r, createdAt: new Date(r.createdAt), aliases: byPerson.get(r.id) ?? [] }))
}

/**
 * Re-indexes people's blocking keys: call it in the same transaction whenever a person is created, renamed, given an
 * alias or a new home address, so a later registration finds them. A person merged into another gets no keys.
 */
export async function refreshPersonMatchKeys(db: Kysely<DB>, personIds: readonly string[]): Promise<void> {
  if (personIds.length === 0) return
  const people = await loadPeople(db, personIds)
  await db.deleteFrom('person_match_key').where('person_id', 'in', [...personIds]).execute()
  await insertMatchKeys(db, people.flatMap(p => personMatchKeys(p).map(key => ({ key, person_id: p.id }))))
}

export async function insertMatchKeys(db: Kysely<DB>, rows: ReadonlyArray<{ key: string; person_id: string }>): Promise<void> {
  // Two columns a row: 10,000 rows stay far below PostgreSQL's 65,535 bind parameters.
  for (let i = 0; i < rows.length; i += 10_000) {
    await db.insertInto('person_match_key').values(rows.slice(i, i + 10_000)).onConflict(oc => oc.doNothing()).execute()
  }
}

/**
 * People sharing at least one blocking key with the query. Each key reads at most MAX_BLOCK + 1 rows, and a key with
 * more than MAX_BLOCK people is ignored, so one over-common value cannot turn a lookup into a table scan.
 */
export async function candidatePersonIds(db: Kysely<DB>, keys: readonly string[]): Promise<string[]> {
  if (keys.length === 0) return []
  const values = sql.join(keys.map(k => sql`(${k})`))
  const result = await sql<{ key: string; person_id: string }>`
    select k.key, m.person_id
    from (values ${values}) as k(key)
    cross join lateral (
      select person_id from person_match_key where key = k.key limit ${MAX_BLOCK + 1}
    ) as m`.execute(db)
  const perKey = new Map<string, string[]>()
  for (const row of result.rows) {
    const list = perKey.get(row.key) ?? []
    list.push(row.person_id)
    perKey.set(row.key, list)
  }
  const found = new Set<string>()
  for (const list of perKey.values()) if (list.length <= MAX_BLOCK) for (const id of list) found.add(id)
  return [...found]
}

export interface StoredModel {
  id: number
  trainedAt: Date
  people: number
  model: MatchModel
}

export async function latestModelId(db: Kysely<DB>): Promise<number | undefined> {
  const row = await db.selectFrom('identity_model').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst()
  return row?.id
}

export async function loadModel(db: Kysely<DB>, id: number): Promise<StoredModel | undefined> {
  const row = await db.selectFrom('identity_model').select(['id', 'trained_at', 'people', 'model']).where('id', '=', id).executeTakeFirst()
  if (!row) return undefined
  const model = (typeof row.model === 'string' ? JSON.parse(row.model) : row.model) as MatchModel
  return { id: row.id, trainedAt: new Date(row.trained_at), people: row.people, model }
}

export async function saveModel(db: Kysely<DB>, at: Date, trainedBy: string, people: number, model: MatchModel): Promise<number> {
  const row = await db
    .insertInto('identity_model')
    .values({ trained_at: at, trained_by: trainedBy, people, model: JSON.stringify(model) })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** Whether a person is merged into another right now (and which merge did it). */
export async function activeMergeOf(db: Kysely<DB>, personId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('identity_merge')
    .select('id')
    .where('merged_person_id', '=', personId)
    .where('undone_at', 'is', null)
    .executeTakeFirst()
  return row?.id
}

/**
 * The person index as a repository: the people, their blocking keys, the stored match models. One typed query (or
 * one batched statement) per method; the scoring and every rule stay in the domain and the identity service.
 */
export function identityRepository(db: Kysely<DB>) {
  return {
    /** People by id (merged-away people only with `includeMerged`); without ids, every person still standing. */
    people: (ids?: readonly string[], options: { includeMerged?: boolean } = {}) => loadPeople(db, ids, options),
    refreshMatchKeys: (personIds: readonly string[]) => refreshPersonMatchKeys(db, personIds),
    candidatePersonIds: (keys: readonly string[]) => candidatePersonIds(db, keys),
    latestModelId: () => latestModelId(db),
    model: (id: number) => loadModel(db, id),
    saveModel: (at: Date, trainedBy: string, people: number, model: MatchModel) =>
      saveModel(db, at, trainedBy, people, model),
    activeMergeOf: (personId: string) => activeMergeOf(db, personId),

    /** Replaces every blocking key in the index (after a bulk import that bypassed the services). */
    async replaceAllMatchKeys(rows: ReadonlyArray<{ key: string; person_id: string }>): Promise<void> {
      await db.deleteFrom('person_match_key').execute()
      await insertMatchKeys(db, rows)
    },
  }
}

export type IdentityRepository = ReturnType<typeof identityRepository>
