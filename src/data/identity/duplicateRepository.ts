import { sql, type Kysely } from 'kysely'
import type { MovedRows } from '../../domain/identity/merge.ts'
import type { DuplicateStatus } from '../schemaIdentity.ts'
import type { DB } from '../schema.ts'

/** A possible duplicate as stored: the pair, the score and its explanation, and the decision if one was made. */
export interface CandidateRow {
  id: string
  personAId: string
  personBId: string
  matchProbability: number
  explanation: unknown
  status: DuplicateStatus
  foundAt: Date
  decidedAt: Date | null
  decidedBy: string | null
  /** The merge that confirmed this pair and is still in force. */
  mergeId: string | null
}

export interface MergeRow {
  id: string
  survivingPersonId: string
  mergedPersonId: string
  candidateId: string | null
  moved: MovedRows
  decidedAt: Date
  decidedBy: string
  reason: string | null
  undoneAt: Date | null
  undoneBy: string | null
}

export interface Decision {
  status: DuplicateStatus
  decidedBy: string
  decidedAt: Date
  reason: string | null
}

type PersonOwned = 'person_alias' | 'household_member' | 'association'

/** JSON columns come back parsed from PostgreSQL and as text from some drivers. */
const json = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value)

/**
 * The duplicate review queue and merges: the candidate pairs, the merge records, and the row moves a merge makes
 * and an unmerge reverses. Which record survives and what a merge ends are decided in `domain/identity/merge.ts`.
 */
export function duplicateRepository(db: Kysely<DB>) {
  const open = () =>
    db
      .selectFrom('duplicate_candidate as c')
      .where('c.status', '=', 'open')
      .where(
        sql<boolean>`not exists (select 1 from identity_merge m where m.undone_at is null and m.merged_person_id in (c.person_a_id, c.person_b_id))`,
      )

  const moveOwned = async (table: PersonOwned, fromPersonId: string, toPersonId: string): Promise<string[]> =>
    (
      await db
        .updateTable(table)
        .set({ person_id: toPersonId })
        .where('person_id', '=', fromPersonId)
        .returning('id')
        .execute()
    ).map(r => r.id)

  return {
    /** How many open pairs wait for review (pairs whose person was since merged away are not counted). */
    async openCount(): Promise<number> {
      const row = await open().select(db.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow()
      return Number(row.n)
    },

    /** One page of the open queue, most likely first. */
    async openPage(limit: number, offset: number): Promise<CandidateRow[]> {
      const rows = await open()
        .select(['c.id', 'c.match_probability', 'c.status', 'c.found_at', 'c.person_a_id', 'c.person_b_id'])
        .orderBy('c.match_probability', 'desc')
        .orderBy('c.id')
        .limit(limit)
        .offset(offset)
        .execute()
      return rows.map(r => ({
        id: r.id,
        personAId: r.person_a_id,
        personBId: r.person_b_id,
        matchProbability: r.match_probability,
        explanation: null,
        status: r.status,
        foundAt: new Date(r.found_at),
        decidedAt: null,
        decidedBy: null,
        mergeId: null,
      }))
    },

    async candidate(candidateId: string): Promise<CandidateRow | undefined> {
      const row = await db
        .selectFrom('duplicate_candidate as c')
        .leftJoin('staff as s', 's.id', 'c.decided_by')
        .leftJoin('identity_merge as m', join => join.onRef('m.candidate_id', '=', 'c.id').on('m.undone_at', 'is', null))
        .select([
          'c.id',
          'c.person_a_id',
          'c.person_b_id',
          'c.match_probability',
          'c.explanation',
          'c.status',
          'c.found_at',
          'c.decided_at',
          's.display_name',
          'm.id as mergeId',
        ])
        .where('c.id', '=', candidateId)
        .executeTakeFirst()
      if (!row) return undefined
      return {
        id: row.id,
        personAId: row.person_a_id,
        personBId: row.person_b_id,
        matchProbability: row.match_probability,
        explanation: json(row.explanation),
        status: row.status,
        foundAt: new Date(row.found_at),
        decidedAt: row.decided_at ? new Date(row.decided_at) : null,
        decidedBy: row.display_name,
        mergeId: row.mergeId,
      }
    },

    /**
     * Locks a pair for a decision: the candidate row, then both people in id order, so two reviewers merging
     * overlapping pairs cannot deadlock. Inside a transaction only.
     */
    async lockPair(candidateId: string, personIds: readonly [string, string]): Promise<void> {
      await sql`select id from duplicate_candidate where id = ${candidateId} for update`.execute(db)
      await sql`select id from person where id in (${personIds[0]}, ${personIds[1]}) order by id for update`.execute(db)
    },

    /** Which of these people are merged into another record right now. */
    async mergedAway(personIds: readonly string[]): Promise<string[]> {
      if (personIds.length === 0) return []
      const rows = await db
        .selectFrom('identity_merge')
        .select('merged_person_id')
        .where('merged_person_id', 'in', [...personIds])
        .where('undone_at', 'is', null)
        .execute()
      return rows.map(r => r.merged_person_id)
    },

    async decide(candidateId: string, decision: Decision): Promise<void> {
      await db
        .updateTable('duplicate_candidate')
        .set({
          status: decision.status,
          decided_by: decision.decidedBy,
          decided_at: decision.decidedAt,
          reason: decision.reason,
        })
        .where('id', '=', candidateId)
        .execute()
    },

    /** Puts a pair back in the queue (its merge was undone). */
    async reopen(candidateId: string): Promise<void> {
      await db
        .updateTable('duplicate_candidate')
        .set({ status: 'open', decided_by: null, decided_at: null, reason: null })
        .where('id', '=', candidateId)
        .execute()
    },

    /** Adds scored pairs to the queue; a pair already queued (or decided) is left as it is. Returns how many were new. */
    async enqueue(
      rows: ReadonlyArray<{
        personAId: string
        personBId: string
        matchProbability: number
        explanation: unknown
        modelId: number
        foundAt: Date
      }>,
    ): Promise<number> {
      let queued = 0
      for (let i = 0; i < rows.length; i += 1000) {
        const inserted = await db
          .insertInto('duplicate_candidate')
          .values(
            rows.slice(i, i + 1000).map(r => ({
              person_a_id: r.personAId,
              person_b_id: r.personBId,
              match_probability: r.matchProbability,
              explanation: JSON.stringify(r.explanation),
              model_id: r.modelId,
              found_at: r.foundAt,
            })),
          )
          .onConflict(oc => oc.columns(['person_a_id', 'person_b_id']).doNothing())
          .returning('id')
          .execute()
        queued += inserted.length
      }
      return queued
    },

    async recordMerge(merge: {
      survivingPersonId: string
      mergedPersonId: string
      candidateId: string | null
      moved: MovedRows
      decidedBy: string
      decidedAt: Date
      reason: string | null
    }): Promise<string> {
      const row = await db
        .insertInto('identity_merge')
        .values({
          surviving_person_id: merge.survivingPersonId,
          merged_person_id: merge.mergedPersonId,
          candidate_id: merge.candidateId,
          moved: JSON.stringify(merge.moved),
          decided_by: merge.decidedBy,
          decided_at: merge.decidedAt,
          reason: merge.reason,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return row.id
    },

    async merge(mergeId: string): Promise<MergeRow | undefined> {
      const row = await db
        .selectFrom('identity_merge as m')
        .innerJoin('staff as d', 'd.id', 'm.decided_by')
        .leftJoin('staff as u', 'u.id', 'm.undone_by')
        .select([
          'm.id',
          'm.surviving_person_id',
          'm.merged_person_id',
          'm.candidate_id',
          'm.moved',
          'm.decided_at',
          'm.reason',
          'm.undone_at',
          'd.display_name as decidedBy',
          'u.display_name as undoneBy',
        ])
        .where('m.id', '=', mergeId)
        .executeTakeFirst()
      if (!row) return undefined
      return {
        id: row.id,
        survivingPersonId: row.surviving_person_id,
        mergedPersonId: row.merged_person_id,
        candidateId: row.candidate_id,
        moved: json(row.moved) as MovedRows,
        decidedAt: new Date(row.decided_at),
        decidedBy: row.decidedBy,
        reason: row.reason,
        undoneAt: row.undone_at ? new Date(row.undone_at) : null,
        undoneBy: row.undoneBy,
      }
    },

    /** Locks a merge record against a concurrent unmerge. Inside a transaction only. */
    async lockMerge(mergeId: string): Promise<void> {
      await sql`select id from identity_merge where id = ${mergeId} for update`.execute(db)
    },

    async markUndone(mergeId: string, undoneBy: string, undoneAt: Date): Promise<void> {
      await db
        .updateTable('identity_merge')
        .set({ undone_by: undoneBy, undone_at: undoneAt })
        .where('id', '=', mergeId)
        .execute()
    },

    /** Moves every alias, household membership or association of one person to another; returns the rows moved. */
    moveOwned,

    /** Puts the listed rows back on their original person, if they are still where the merge put them. */
    async returnOwned(table: PersonOwned, ids: readonly string[], fromPersonId: string, toPersonId: string) {
      if (ids.length === 0) return
      await db
        .updateTable(table)
        .set({ person_id: toPersonId })
        .where('id', 'in', [...ids])
        .where('person_id', '=', fromPersonId)
        .execute()
    },

    async addAlias(
      personId: string,
      alias: { givenName: string; familyName: string; givenNorm: string; familyNorm: string },
      at: Date,
    ): Promise<string> {
      const row = await db
        .insertInto('person_alias')
        .values({
          person_id: personId,
          given_name: alias.givenName,
          family_name: alias.familyName,
          given_norm: alias.givenNorm,
          family_norm: alias.familyNorm,
          kind: 'alias',
          created_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return row.id
    },

    async deleteAliases(ids: readonly string[]): Promise<void> {
      if (ids.length === 0) return
      await db
        .deleteFrom('person_alias')
        .where('id', 'in', [...ids])
        .execute()
    },

    async hasCurrentHome(personId: string): Promise<boolean> {
      const row = await db
        .selectFrom('person_address')
        .select('id')
        .where('person_id', '=', personId)
        .where('to_date', 'is', null)
        .where('kind', 'in', ['home', 'nfa'])
        .executeTakeFirst()
      return row !== undefined
    },

    async addressesOf(
      personId: string,
    ): Promise<Array<{ id: string; toDate: string | null; kind: string; fromDate: string }>> {
      return db
        .selectFrom('person_address')
        .select(['id', 'to_date as toDate', 'kind', 'from_date as fromDate'])
        .where('person_id', '=', personId)
        .execute()
    },

    /** Moves one address-history row to another person, ending it on `endedOn` when given. */
    async moveAddress(addressId: string, toPersonId: string, endedOn: string | null): Promise<void> {
      await db
        .updateTable('person_address')
        .set({ person_id: toPersonId, ...(endedOn ? { to_date: endedOn } : {}) })
        .where('id', '=', addressId)
        .execute()
    },

    /** Puts an address-history row back; reopens it when it still carries the end date the merge gave it. */
    async returnAddress(
      address: { id: string; endedOn: string | null },
      fromPersonId: string,
      toPersonId: string,
    ): Promise<void> {
      await db
        .updateTable('person_address')
        .set({ person_id: toPersonId })
        .where('id', '=', address.id)
        .where('person_id', '=', fromPersonId)
        .execute()
      if (address.endedOn) {
        await db
          .updateTable('person_address')
          .set({ to_date: null })
          .where('id', '=', address.id)
          .where('to_date', '=', address.endedOn)
          .execute()
      }
    },

    async moveSubject(subjectId: string, toPersonId: string): Promise<void> {
      await db.updateTable('subject').set({ person_id: toPersonId }).where('id', '=', subjectId).execute()
    },

    /** Copies identifiers the surviving person lacked. */
    async fillDetails(
      personId: string,
      fill: Partial<Record<MovedRows['filled'][number], string>>,
      at: Date,
    ): Promise<void> {
      if (Object.keys(fill).length === 0) return
      await db
        .updateTable('person')
        .set({ ...fill, updated_at: at })
        .where('id', '=', personId)
        .execute()
    },

    /** Clears a copied identifier, only while it still holds the copied value (a later correction is kept). */
    async clearFilledDetail(personId: string, column: MovedRows['filled'][number], value: string): Promise<void> {
      await db
        .updateTable('person')
        .set({ [column]: null })
        .where('id', '=', personId)
        .where(column, '=', value)
        .execute()
    },
  }
}

export type DuplicateRepository = ReturnType<typeof duplicateRepository>
