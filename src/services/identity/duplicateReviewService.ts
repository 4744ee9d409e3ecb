import { sql, type Kysely, type Transaction } from 'kysely'
import type { Actor } from '../../domain/access/actor.ts'
import { nowDate, todayIn, type Clock } from '../../domain/clock.ts'
import { Conflict, Forbidden, NotFound, ValidationError } from '../../domain/errors.ts'
import { canResolveIdentities, identifierConflict, type MatchExplanation } from '../../domain/identity/personRecord.ts'
import { normaliseName } from '../../domain/people/names.ts'
import type { Database } from '../../data/database.ts'
import { appendAudit, type AuditEntry } from '../../data/audit/auditRepository.ts'
import { loadPeople, refreshPersonMatchKeys, type IndexedPerson } from '../../data/identity/identityRepository.ts'
import { recordSubjectEvent } from '../../data/timeline/timelineRepository.ts'
import type { DB } from '../../data/schema.ts'

/** A merge that must not happen: shown to the reviewer as the reason, nothing is written. */
export class MergeRefused extends Conflict {}

/** Every row a merge changed and what it held before, so unmerge can put each one back exactly. */
export interface MovedRows {
  /** The merged person's aliases, now on the surviving person. */
  aliases: string[]
  /** Aliases created on the surviving person from the merged person's own name. */
  addedAliases: string[]
  /** Address history moved across; `endedOn` is set when the merge ended the merged person's current home. */
  addresses: Array<{ id: string; endedOn: string | null }>
  householdMembers: string[]
  associations: string[]
  /** The subject record that moved with the merged person, if any. */
  subjectId: string | null
  /** Identifiers and details the surviving person lacked, copied from the merged person. */
  filled: Array<'pnc_id' | 'ni_number' | 'date_of_birth'>
}

export interface CandidateSummary {
  id: string
  matchProbability: number
  status: 'open' | 'confirmed' | 'rejected'
  foundAt: Date
  a: IndexedPerson
  b: IndexedPerson
}

export interface CandidateDetail extends CandidateSummary {
  explanation: MatchExplanation
  /** Which record would be kept if the reviewer confirms, and why. */
  survivor: { keep: IndexedPerson; merge: IndexedPerson; because: string } | undefined
  /** Why a merge would be refused, shown before the reviewer tries. */
  refusal: string | undefined
  decidedAt: Date | null
  decidedBy: string | null
  mergeId: string | null
}

export interface MergeRecord {
  id: string
  surviving: IndexedPerson
  merged: IndexedPerson
  moved: MovedRows
  candidateId: string | null
  decidedBy: string
  decidedAt: Date
  reason: string | null
  undoneBy: string | null
  undoneAt: Date | null
}

export const QUEUE_PAGE_SIZE = 20
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * The duplicate review queue: a person confirms (merges) or rejects each possible duplicate, and can undo a merge.
 * A merge keeps everything: the merged person's names become aliases of the surviving person and all their history
 * (addresses, households, associations, the subject record) moves across; the merged person's row stays, marked by
 * the merge record, so unmerge restores exactly what was there.
 */
export class DuplicateReviewService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  async queue(
    actor: Actor,
    page = 1,
  ): Promise<{ rows: CandidateSummary[]; total: number; page: number; pageSize: number }> {
    this.requireAccess(actor)
    if (!Number.isInteger(page) || page < 1 || page > 10_000)
      throw new ValidationError([{ field: 'page', message: 'Page must be a whole number from 1' }])
    const { db } = this.database
    const open = db
      .selectFrom('duplicate_candidate as c')
      .where('c.status', '=', 'open')
      .where(
        sql<boolean>`not exists (select 1 from identity_merge m where m.undone_at is null and m.merged_person_id in (c.person_a_id, c.person_b_id))`,
      )
    const total = await open.select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    const rows = await open
      .select(['c.id', 'c.match_probability', 'c.status', 'c.found_at', 'c.person_a_id', 'c.person_b_id'])
      .orderBy('c.match_probability', 'desc')
      .orderBy('c.id')
      .limit(QUEUE_PAGE_SIZE)
      .offset((page - 1) * QUEUE_PAGE_SIZE)
      .execute()
    const people = await this.peopleById(
      db,
      rows.flatMap(r => [r.person_a_id, r.person_b_id]),
    )
    const summaries = rows.map(r => ({
      id: r.id,
      matchProbability: r.match_probability,
      status: r.status,
      foundAt: new Date(r.found_at),
      a: people.get(r.person_a_id) as IndexedPerson,
      b: people.get(r.person_b_id) as IndexedPerson,
    }))
    await this.audit(db, actor, {
      operation: 'consult',
      recordType: 'duplicate-queue',
      details: { page, candidateIds: summaries.map(s => s.id) },
    })
    return { rows: summaries, total: Number(total.n), page, pageSize: QUEUE_PAGE_SIZE }
  }

  async candidate(actor: Actor, candidateId: string): Promise<CandidateDetail> {
    this.requireAccess(actor)
    const { db } = this.database
    const detail = await this.loadCandidate(db, candidateId)
    await this.audit(db, actor, {
      operation: 'consult',
      recordType: 'duplicate-candidate',
      recordId: candidateId,
      details: { personIds: [detail.a.id, detail.b.id] },
    })
    return detail
  }

  /** Confirms a possible duplicate: merges the two people, refusing when they carry different identifiers. */
  async confirm(
    actor: Actor,
    candidateId: string,
    reasonInput?: unknown,
  ): Promise<{ mergeId: string; survivingPersonId: string }> {
    this.requireAccess(actor)
    const reason = this.reason(reasonInput)
    const at = nowDate(this.clock)
    const today = todayIn(this.clock).toString()
    const { db } = this.database
    const proposed = await this.loadCandidate(db, candidateId)
    if (proposed.status === 'open' && proposed.refusal !== undefined) {
      // The refused attempt is itself audited, outside the transaction that is about to be abandoned.
      await this.audit(db, actor, {
        operation: 'combine',
        recordType: 'duplicate-candidate',
        recordId: candidateId,
        outcome: 'refused',
        details: { action: 'merge', reason: proposed.refusal, personIds: [proposed.a.id, proposed.b.id] },
      })
    }
    return db.transaction().execute(async trx => {
      // Checked again under lock: another reviewer may have decided or merged one of the two meanwhile.
      const candidate = await this.loadCandidate(trx, candidateId, true)
      if (candidate.status !== 'open') throw new MergeRefused(`This possible duplicate was already ${candidate.status}`)
      if (candidate.refusal !== undefined || candidate.survivor === undefined) {
        throw new MergeRefused(candidate.refusal ?? 'These records cannot be merged')
      }
      const { keep, merge } = candidate.survivor
      const moved = await moveHistory(trx, keep, merge, at, today)
      await trx
        .updateTable('duplicate_candidate')
        .set({ status: 'confirmed', decided_by: actor.id, decided_at: at, reason })
        .where('id', '=', candidateId)
        .execute()
      const row = await trx
        .insertInto('identity_merge')
        .values({
          surviving_person_id: keep.id,
          merged_person_id: merge.id,
          candidate_id: candidateId,
          moved: JSON.stringify(moved),
          decided_by: actor.id,
          decided_at: at,
          reason,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      // After the merge row exists, so the merged person counts as merged away and leaves the index.
      await refreshPersonMatchKeys(trx, [keep.id, merge.id])
      const subjectId = keep.subjectId ?? merge.subjectId
      if (subjectId) {
        await recordSubjectEvent(trx, {
          subjectId,
          kind: 'identity-merged',
          occurredOn: today,
          recordedAt: at,
          recordedBy: actor.id,
          summary: `Another record of this person (${merge.givenName} ${merge.familyName}) was merged in; its names are kept as aliases`,
          details: { mergeId: row.id, mergedPersonId: merge.id },
        })
      }
      await this.audit(trx, actor, {
        operation: 'combine',
        recordType: 'identity-merge',
        recordId: row.id,
        ...(subjectId ? { subjectId } : {}),
        purpose: reason ?? undefined,
        details: {
          action: 'merge',
          candidateId,
          survivingPersonId: keep.id,
          mergedPersonId: merge.id,
          moved: counts(moved),
        },
      })
      return { mergeId: row.id, survivingPersonId: keep.id }
    })
  }

  /** Records that a possible duplicate is two different people, so the scan never queues the pair again. */
  async reject(actor: Actor, candidateId: string, reasonInput?: unknown): Promise<void> {
    this.requireAccess(actor)
    const reason = this.reason(reasonInput)
    const at = nowDate(this.clock)
    await this.database.db.transaction().execute(async trx => {
      const candidate = await this.loadCandidate(trx, candidateId, true)
      if (candidate.status !== 'open') throw new MergeRefused(`This possible duplicate was already ${candidate.status}`)
      await trx
        .updateTable('duplicate_candidate')
        .set({ status: 'rejected', decided_by: actor.id, decided_at: at, reason })
        .where('id', '=', candidateId)
        .execute()
      await this.audit(trx, actor, {
        operation: 'combine',
        recordType: 'duplicate-candidate',
        recordId: candidateId,
        purpose: reason ?? undefined,
        details: { action: 'reject', personIds: [candidate.a.id, candidate.b.id] },
      })
    })
  }

  async mergeRecord(actor: Actor, mergeId: string): Promise<MergeRecord> {
    this.requireAccess(actor)
    const { db } = this.database
    const record = await this.loadMerge(db, mergeId)
    await this.audit(db, actor, {
      operation: 'consult',
      recordType: 'identity-merge',
      recordId: mergeId,
      details: { personIds: [record.surviving.id, record.merged.id] },
    })
    return record
  }

  /** Undoes a merge: every row the merge moved or created is put back as it was; the pair returns to the queue. */
  async unmerge(actor: Actor, mergeId: string, reasonInput?: unknown): Promise<void> {
    this.requireAccess(actor)
    const reason = this.reason(reasonInput)
    const at = nowDate(this.clock)
    await this.database.db.transaction().execute(async trx => {
      if (!UUID.test(mergeId)) throw new NotFound('No such merge')
      await sql`select id from identity_merge where id = ${mergeId} for update`.execute(trx)
      const record = await this.loadMerge(trx, mergeId)
      if (record.undoneAt !== null) throw new MergeRefused('This merge has already been undone')
      await restoreHistory(trx, record)
      await trx
        .updateTable('identity_merge')
        .set({ undone_by: actor.id, undone_at: at })
        .where('id', '=', mergeId)
        .execute()
      if (record.candidateId) {
        await trx
          .updateTable('duplicate_candidate')
          .set({ status: 'open', decided_by: null, decided_at: null, reason: null })
          .where('id', '=', record.candidateId)
          .execute()
      }
      await refreshPersonMatchKeys(trx, [record.surviving.id, record.merged.id])
      const subjectId = record.surviving.subjectId ?? record.moved.subjectId
      if (subjectId) {
        await recordSubjectEvent(trx, {
          subjectId,
          kind: 'identity-unmerged',
          occurredOn: todayIn(this.clock).toString(),
          recordedAt: at,
          recordedBy: actor.id,
          summary: `A merge with another record (${record.merged.givenName} ${record.merged.familyName}) was undone`,
          details: { mergeId },
        })
      }
      await this.audit(trx, actor, {
        operation: 'combine',
        recordType: 'identity-merge',
        recordId: mergeId,
        ...(subjectId ? { subjectId } : {}),
        purpose: reason ?? undefined,
        details: {
          action: 'unmerge',
          survivingPersonId: record.surviving.id,
          mergedPersonId: record.merged.id,
          moved: counts(record.moved),
        },
      })
    })
  }

  private requireAccess(actor: Actor): void {
    if (!canResolveIdentities(actor))
      throw new Forbidden('Your role does not allow reviewing or merging duplicate records')
  }

  private reason(input: unknown): string | null {
    const reason = typeof input === 'string' ? input.trim() : ''
    if (reason.length > 500)
      throw new ValidationError([{ field: 'reason', message: 'The reason must be 500 characters or fewer' }])
    return reason === '' ? null : reason
  }

  private async audit(
    db: Kysely<DB>,
    actor: Actor,
    entry: Omit<AuditEntry, 'actorId' | 'actorUsername'>,
  ): Promise<void> {
    await appendAudit(db, nowDate(this.clock), [
      { actorId: actor.id, actorUsername: actor.username, correlationId: actor.correlationId, ...entry },
    ])
  }

  private async peopleById(db: Kysely<DB>, ids: string[]): Promise<Map<string, IndexedPerson>> {
    const people = await loadPeople(db, [...new Set(ids)], { includeMerged: true })
    return new Map(people.map(p => [p.id, p]))
  }

  private async loadCandidate(db: Kysely<DB>, candidateId: string, lock = false): Promise<CandidateDetail> {
    if (!UUID.test(candidateId)) throw new NotFound('No such possible duplicate')
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
    if (!row) throw new NotFound('No such possible duplicate')
    if (lock) {
      // Both people are locked in id order, so two reviewers merging overlapping pairs cannot deadlock.
      await sql`select id from duplicate_candidate where id = ${candidateId} for update`.execute(db)
      await sql`select id from person where id in (${row.person_a_id}, ${row.person_b_id}) order by id for update`.execute(
        db,
      )
    }
    const people = await this.peopleById(db, [row.person_a_id, row.person_b_id])
    const a = people.get(row.person_a_id) as IndexedPerson
    const b = people.get(row.person_b_id) as IndexedPerson
    const mergedAway = await db
      .selectFrom('identity_merge')
      .select('merged_person_id')
      .where('merged_person_id', 'in', [a.id, b.id])
      .where('undone_at', 'is', null)
      .execute()
    const explanation = (
      typeof row.explanation === 'string' ? JSON.parse(row.explanation) : row.explanation
    ) as MatchExplanation
    let refusal = identifierConflict(a, b)
    if (!refusal && mergedAway.length > 0) refusal = 'One of these records has already been merged into another record'
    const survivor = chooseSurvivor(a, b)
    if (!refusal && 'refusal' in survivor) refusal = survivor.refusal
    return {
      id: row.id,
      matchProbability: row.match_probability,
      status: row.status,
      foundAt: new Date(row.found_at),
      a,
      b,
      explanation,
      survivor: 'refusal' in survivor ? undefined : survivor,
      refusal,
      decidedAt: row.decided_at ? new Date(row.decided_at) : null,
      decidedBy: row.display_name,
      mergeId: row.mergeId,
    }
  }

  private async loadMerge(db: Kysely<DB>, mergeId: string): Promise<MergeRecord> {
    if (!UUID.test(mergeId)) throw new NotFound('No such merge')
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
    if (!row) throw new NotFound('No such merge')
    const people = await this.peopleById(db, [row.surviving_person_id, row.merged_person_id])
    return {
      id: row.id,
      surviving: people.get(row.surviving_person_id) as IndexedPerson,
      merged: people.get(row.merged_person_id) as IndexedPerson,
      moved: (typeof row.moved === 'string' ? JSON.parse(row.moved) : row.moved) as MovedRows,
      candidateId: row.candidate_id,
      decidedBy: row.decidedBy,
      decidedAt: new Date(row.decided_at),
      reason: row.reason,
      undoneBy: row.undoneBy,
      undoneAt: row.undone_at ? new Date(row.undone_at) : null,
    }
  }
}

/**
 * The record kept is the one under management (its subject reference is what officers know); otherwise the older
 * record, which other systems are likelier to point at. Two subjects cannot become one person here: ending a
 * registration is a decision for the managing teams, not a side effect of de-duplication.
 */
function chooseSurvivor(
  a: IndexedPerson,
  b: IndexedPerson,
): { keep: IndexedPerson; merge: IndexedPerson; because: string } | { refusal: string } {
  if (a.subjectId && b.subjectId) {
    return {
      refusal: `Both records are registered subjects (${a.subjectReference} and ${b.subjectReference}). The managing teams must end one registration before the records can be merged`,
    }
  }
  if (a.subjectId) return { keep: a, merge: b, because: `it is the record of subject ${a.subjectReference}` }
  if (b.subjectId) return { keep: b, merge: a, because: `it is the record of subject ${b.subjectReference}` }
  const aFirst =
    a.createdAt.getTime() < b.createdAt.getTime() || (a.createdAt.getTime() === b.createdAt.getTime() && a.id < b.id)
  return aFirst
    ? { keep: a, merge: b, because: 'it was recorded first' }
    : { keep: b, merge: a, because: 'it was recorded first' }
}

async function moveHistory(
  trx: Transaction<DB>,
  keep: IndexedPerson,
  merge: IndexedPerson,
  at: Date,
  today: string,
): Promise<MovedRows> {
  const moved: MovedRows = {
    aliases: [],
    addedAliases: [],
    addresses: [],
    householdMembers: [],
    associations: [],
    subjectId: null,
    filled: [],
  }
  moved.aliases = (
    await trx
      .updateTable('person_alias')
      .set({ person_id: keep.id })
      .where('person_id', '=', merge.id)
      .returning('id')
      .execute()
  ).map(r => r.id)
  const known = new Set(
    [keep, ...keep.aliases, ...merge.aliases].map(n => `${normaliseName(n.givenName)}|${normaliseName(n.familyName)}`),
  )
  if (!known.has(`${normaliseName(merge.givenName)}|${normaliseName(merge.familyName)}`)) {
    const alias = await trx
      .insertInto('person_alias')
      .values({
        person_id: keep.id,
        given_name: merge.givenName,
        family_name: merge.familyName,
        given_norm: normaliseName(merge.givenName),
        family_norm: normaliseName(merge.familyName),
        kind: 'alias',
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    moved.addedAliases.push(alias.id)
  }
  const keptHome = await trx
    .selectFrom('person_address')
    .select('id')
    .where('person_id', '=', keep.id)
    .where('to_date', 'is', null)
    .where('kind', 'in', ['home', 'nfa'])
    .executeTakeFirst()
  const addresses = await trx
    .selectFrom('person_address')
    .select(['id', 'to_date', 'kind', 'from_date'])
    .where('person_id', '=', merge.id)
    .execute()
  for (const address of addresses) {
    // One person has one current home: the merged record's current home becomes history, ended today.
    const ends = keptHome !== undefined && address.to_date === null && address.kind !== 'other'
    const endedOn = ends ? (address.from_date > today ? address.from_date : today) : null
    await trx
      .updateTable('person_address')
      .set({ person_id: keep.id, ...(endedOn ? { to_date: endedOn } : {}) })
      .where('id', '=', address.id)
      .execute()
    moved.addresses.push({ id: address.id, endedOn })
  }
  moved.householdMembers = (
    await trx
      .updateTable('household_member')
      .set({ person_id: keep.id })
      .where('person_id', '=', merge.id)
      .returning('id')
      .execute()
  ).map(r => r.id)
  moved.associations = (
    await trx
      .updateTable('association')
      .set({ person_id: keep.id })
      .where('person_id', '=', merge.id)
      .returning('id')
      .execute()
  ).map(r => r.id)
  if (merge.subjectId) {
    await trx.updateTable('subject').set({ person_id: keep.id }).where('id', '=', merge.subjectId).execute()
    moved.subjectId = merge.subjectId
  }
  const fill: Partial<Record<MovedRows['filled'][number], string>> = {}
  if (!keep.pncId && merge.pncId) fill.pnc_id = merge.pncId
  if (!keep.niNumber && merge.niNumber) fill.ni_number = merge.niNumber
  if (!keep.dateOfBirth && merge.dateOfBirth) fill.date_of_birth = merge.dateOfBirth
  moved.filled = Object.keys(fill) as MovedRows['filled']
  if (moved.filled.length > 0) {
    await trx
      .updateTable('person')
      .set({ ...fill, updated_at: at })
      .where('id', '=', keep.id)
      .execute()
  }
  return moved
}

async function restoreHistory(trx: Transaction<DB>, record: MergeRecord): Promise<void> {
  const keepId = record.surviving.id
  const mergeId = record.merged.id
  const { moved } = record
  const back = async (table: 'person_alias' | 'household_member' | 'association', ids: string[]) => {
    if (ids.length === 0) return
    await trx
      .updateTable(table)
      .set({ person_id: mergeId })
      .where('id', 'in', ids)
      .where('person_id', '=', keepId)
      .execute()
  }
  if (moved.subjectId)
    await trx.updateTable('subject').set({ person_id: mergeId }).where('id', '=', moved.subjectId).execute()
  await back('association', moved.associations)
  await back('household_member', moved.householdMembers)
  await back('person_alias', moved.aliases)
  if (moved.addedAliases.length > 0)
    await trx.deleteFrom('person_alias').where('id', 'in', moved.addedAliases).execute()
  for (const address of moved.addresses) {
    await trx
      .updateTable('person_address')
      .set({ person_id: mergeId })
      .where('id', '=', address.id)
      .where('person_id', '=', keepId)
      .execute()
    if (address.endedOn) {
      await trx
        .updateTable('person_address')
        .set({ to_date: null })
        .where('id', '=', address.id)
        .where('to_date', '=', address.endedOn)
        .execute()
    }
  }
  if (moved.filled.length > 0) {
    // Only values still as the merge left them are cleared: a correction made since the merge is kept.
    const merged = record.merged
    const values: Record<MovedRows['filled'][number], string | null> = {
      pnc_id: merged.pncId,
      ni_number: merged.niNumber,
      date_of_birth: merged.dateOfBirth,
    }
    for (const column of moved.filled) {
      await trx
        .updateTable('person')
        .set({ [column]: null })
        .where('id', '=', keepId)
        .where(column, '=', values[column] as string)
        .execute()
    }
  }
}

function counts(moved: MovedRows): Record<string, number | boolean | string[]> {
  return {
    aliases: moved.aliases.length,
    addedAliases: moved.addedAliases.length,
    addresses: moved.addresses.length,
    householdMembers: moved.householdMembers.length,
    associations: moved.associations.length,
    subject: moved.subjectId !== null,
    filled: moved.filled,
  }
}
