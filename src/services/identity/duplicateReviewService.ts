import type { Actor } from '../../domain/access/actor.ts'
import type { SubjectField } from '../../domain/access/policy.ts'
import { nowDate, todayIn, type Clock } from '../../domain/clock.ts'
import { Conflict, Forbidden, NotFound, ValidationError } from '../../domain/errors.ts'
import { chooseSurvivor, homeEndedByMerge, movedCounts, type MovedRows } from '../../domain/identity/merge.ts'
import { canResolveIdentities, identifierConflict, type MatchExplanation } from '../../domain/identity/personRecord.ts'
import { normaliseName } from '../../domain/people/names.ts'
import type { AuditEntry } from '../../data/audit/auditRepository.ts'
import type { IndexedPerson } from '../../data/identity/identityRepository.ts'
import type { DataAccess, Repositories } from '../../data/index.ts'
import type { AccessAction, AccessGate, SubjectAccess } from '../access/gate.ts'

export type { MovedRows } from '../../domain/identity/merge.ts'

/** A merge that must not happen: shown to the reviewer as the reason, nothing is written. */
export class MergeRefused extends Conflict {}

/**
 * A person in a queue row the reviewer may not see: another team's subject (or one needing break-glass). Only the
 * ids are kept, so the row can still be opened (which asks for break-glass) but shows no personal data.
 */
export interface RestrictedPerson {
  id: string
  restricted: true
}

export interface CandidateSummary {
  id: string
  matchProbability: number
  status: 'open' | 'confirmed' | 'rejected'
  foundAt: Date
  /** False when either record is a subject the reviewer may not read now: `a` and `b` then carry ids only. */
  visible: boolean
  a: IndexedPerson | RestrictedPerson
  b: IndexedPerson | RestrictedPerson
}

export interface CandidateDetail {
  id: string
  matchProbability: number
  status: 'open' | 'confirmed' | 'rejected'
  foundAt: Date
  a: IndexedPerson
  b: IndexedPerson
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

/** What a reviewer sees of each record in a pair: names, aliases, date of birth, identifiers and the home address. */
const SHOWN: readonly SubjectField[] = ['identity', 'address']
/** What a merge (or its undoing) changes on a subject's person: names and identifiers, addresses, households. */
const CHANGED: readonly SubjectField[] = ['identity', 'address', 'household']

/**
 * The duplicate review queue: a person confirms (merges) or rejects each possible duplicate, and can undo a merge.
 * A merge keeps everything: the merged person's names become aliases of the surviving person and all their history
 * (addresses, households, associations, the subject record) moves across; the merged person's row stays, marked by
 * the merge record, so unmerge restores exactly what was there.
 *
 * Need-to-know (issue 10, finding 3): a pair shows two people's personal data, so every record in it that is a
 * registered subject passes the access gate, as the subject's own page would: reading the pair needs 'identity' and
 * 'address' read on each subject (another team's subject asks for break-glass first), and a merge, rejection or
 * unmerge needs write on each (so only the managing team, or a unit head, decides). A refusal is audited by the gate;
 * a pair shown is audited once per subject in it (the subject's "who has looked" page finds it). A person who is not
 * a subject (an associate, a household member) has no managing team: they are shown to the roles that may search the
 * nominal index (`canResolveIdentities`), as a search would show them.
 */
export class DuplicateReviewService {
  constructor(
    private readonly data: DataAccess,
    private readonly gate: AccessGate,
    private readonly clock: Clock,
  ) {}

  async queue(
    actor: Actor,
    page = 1,
  ): Promise<{ rows: CandidateSummary[]; total: number; page: number; pageSize: number }> {
    this.requireRole(actor)
    if (!Number.isInteger(page) || page < 1 || page > 10_000)
      throw new ValidationError([{ field: 'page', message: 'Page must be a whole number from 1' }])
    const { repos } = this.data
    const total = await repos.duplicates.openCount()
    const rows = await repos.duplicates.openPage(QUEUE_PAGE_SIZE, (page - 1) * QUEUE_PAGE_SIZE)
    const people = await this.peopleById(
      repos,
      rows.flatMap(r => [r.personAId, r.personBId]),
    )
    // Each subject is inspected once per page (a subject can appear in more than one pair).
    const accessBySubject = new Map<string, SubjectAccess>()
    for (const person of people.values()) {
      if (person.subjectId && !accessBySubject.has(person.subjectId))
        accessBySubject.set(person.subjectId, await this.gate.inspect(repos, actor, person.subjectId))
    }
    const readable = (p: IndexedPerson) => {
      const access = p.subjectId ? accessBySubject.get(p.subjectId) : undefined
      return access === undefined || access.may('identity', 'read')
    }
    const shownSubjects = new Map<string, string[]>()
    const summaries = rows.map((r): CandidateSummary => {
      const a = people.get(r.personAId) as IndexedPerson
      const b = people.get(r.personBId) as IndexedPerson
      const visible = readable(a) && readable(b)
      if (visible) {
        for (const p of [a, b]) {
          if (p.subjectId) shownSubjects.set(p.subjectId, [...(shownSubjects.get(p.subjectId) ?? []), r.id])
        }
      }
      return {
        id: r.id,
        matchProbability: r.matchProbability,
        status: r.status,
        foundAt: r.foundAt,
        visible,
        a: visible ? a : { id: a.id, restricted: true },
        b: visible ? b : { id: b.id, restricted: true },
      }
    })
    for (const [subjectId, candidateIds] of shownSubjects) {
      const access = accessBySubject.get(subjectId) as SubjectAccess
      await this.gate.consulted(repos, access, ['identity'], { via: 'duplicate-queue', page, candidateIds })
    }
    await this.audit(repos, actor, {
      operation: 'consult',
      recordType: 'duplicate-queue',
      details: {
        page,
        candidateIds: summaries.filter(s => s.visible).map(s => s.id),
        restricted: summaries.filter(s => !s.visible).map(s => s.id),
      },
    })
    return { rows: summaries, total, page, pageSize: QUEUE_PAGE_SIZE }
  }

  async candidate(actor: Actor, candidateId: string): Promise<CandidateDetail> {
    this.requireRole(actor)
    const { repos } = this.data
    const detail = await this.loadCandidate(repos, candidateId)
    const opened = await this.openSubjects(repos, actor, [detail.a, detail.b], SHOWN, 'read')
    for (const access of opened) {
      await this.gate.consulted(repos, access, SHOWN, { via: 'duplicate-candidate', candidateId })
    }
    await this.audit(repos, actor, {
      operation: 'consult',
      recordType: 'duplicate-candidate',
      recordId: candidateId,
      details: { personIds: [detail.a.id, detail.b.id], subjectIds: opened.map(s => s.subject.id) },
    })
    return detail
  }

  /** Confirms a possible duplicate: merges the two people, refusing when they carry different identifiers. */
  async confirm(
    actor: Actor,
    candidateId: string,
    reasonInput?: unknown,
  ): Promise<{ mergeId: string; survivingPersonId: string }> {
    this.requireRole(actor)
    const reason = this.reason(reasonInput)
    const at = nowDate(this.clock)
    const today = todayIn(this.clock).toString()
    const proposed = await this.loadCandidate(this.data.repos, candidateId)
    // Outside the transaction, so a refusal's audit row is kept when the request fails.
    const opened = await this.openSubjects(this.data.repos, actor, [proposed.a, proposed.b], CHANGED, 'write')
    if (proposed.status === 'open' && proposed.refusal !== undefined) {
      // The refused attempt is itself audited, outside the transaction that is about to be abandoned.
      await this.audit(this.data.repos, actor, {
        operation: 'combine',
        recordType: 'duplicate-candidate',
        recordId: candidateId,
        outcome: 'refused',
        details: { action: 'merge', reason: proposed.refusal, personIds: [proposed.a.id, proposed.b.id] },
      })
    }
    return this.data.transaction(async repos => {
      // Checked again under lock: another reviewer may have decided or merged one of the two meanwhile.
      const candidate = await this.loadCandidate(repos, candidateId, true)
      this.sameSubjects(candidate, opened)
      if (candidate.status !== 'open') throw new MergeRefused(`This possible duplicate was already ${candidate.status}`)
      if (candidate.refusal !== undefined || candidate.survivor === undefined) {
        throw new MergeRefused(candidate.refusal ?? 'These records cannot be merged')
      }
      const { keep, merge } = candidate.survivor
      const moved = await moveHistory(repos, keep, merge, at, today)
      await repos.duplicates.decide(candidateId, { status: 'confirmed', decidedBy: actor.id, decidedAt: at, reason })
      const mergeId = await repos.duplicates.recordMerge({
        survivingPersonId: keep.id,
        mergedPersonId: merge.id,
        candidateId,
        moved,
        decidedBy: actor.id,
        decidedAt: at,
        reason,
      })
      // After the merge row exists, so the merged person counts as merged away and leaves the index.
      await repos.identity.refreshMatchKeys([keep.id, merge.id])
      const subjectId = keep.subjectId ?? merge.subjectId
      if (subjectId) {
        await repos.timeline.recordSubjectEvent({
          subjectId,
          kind: 'identity-merged',
          occurredOn: today,
          recordedAt: at,
          recordedBy: actor.id,
          summary: `Another record of this person (${merge.givenName} ${merge.familyName}) was merged in; its names are kept as aliases`,
          details: { mergeId, mergedPersonId: merge.id },
        })
      }
      await this.audit(repos, actor, {
        operation: 'combine',
        recordType: 'identity-merge',
        recordId: mergeId,
        ...(subjectId ? { subjectId } : {}),
        purpose: reason ?? undefined,
        details: {
          action: 'merge',
          candidateId,
          survivingPersonId: keep.id,
          mergedPersonId: merge.id,
          moved: movedCounts(moved),
        },
      })
      return { mergeId, survivingPersonId: keep.id }
    })
  }

  /** Records that a possible duplicate is two different people, so the scan never queues the pair again. */
  async reject(actor: Actor, candidateId: string, reasonInput?: unknown): Promise<void> {
    this.requireRole(actor)
    const reason = this.reason(reasonInput)
    const at = nowDate(this.clock)
    const proposed = await this.loadCandidate(this.data.repos, candidateId)
    // Deciding that a subject's record is not a duplicate is the managing team's decision, as a merge is.
    const opened = await this.openSubjects(this.data.repos, actor, [proposed.a, proposed.b], ['identity'], 'write')
    await this.data.transaction(async repos => {
      const candidate = await this.loadCandidate(repos, candidateId, true)
      this.sameSubjects(candidate, opened)
      if (candidate.status !== 'open') throw new MergeRefused(`This possible duplicate was already ${candidate.status}`)
      await repos.duplicates.decide(candidateId, { status: 'rejected', decidedBy: actor.id, decidedAt: at, reason })
      await this.audit(repos, actor, {
        operation: 'combine',
        recordType: 'duplicate-candidate',
        recordId: candidateId,
        purpose: reason ?? undefined,
        details: { action: 'reject', personIds: [candidate.a.id, candidate.b.id] },
      })
    })
  }

  async mergeRecord(actor: Actor, mergeId: string): Promise<MergeRecord> {
    this.requireRole(actor)
    const { repos } = this.data
    const record = await this.loadMerge(repos, mergeId)
    const opened = await this.openSubjects(repos, actor, mergeSubjects(record), SHOWN, 'read')
    for (const access of opened) {
      await this.gate.consulted(repos, access, SHOWN, { via: 'identity-merge', mergeId })
    }
    await this.audit(repos, actor, {
      operation: 'consult',
      recordType: 'identity-merge',
      recordId: mergeId,
      details: { personIds: [record.surviving.id, record.merged.id], subjectIds: opened.map(s => s.subject.id) },
    })
    return record
  }

  /** Undoes a merge: every row the merge moved or created is put back as it was; the pair returns to the queue. */
  async unmerge(actor: Actor, mergeId: string, reasonInput?: unknown): Promise<void> {
    this.requireRole(actor)
    const reason = this.reason(reasonInput)
    const at = nowDate(this.clock)
    const proposed = await this.loadMerge(this.data.repos, mergeId)
    await this.openSubjects(this.data.repos, actor, mergeSubjects(proposed), CHANGED, 'write')
    await this.data.transaction(async repos => {
      await repos.duplicates.lockMerge(mergeId)
      const record = await this.loadMerge(repos, mergeId)
      if (record.undoneAt !== null) throw new MergeRefused('This merge has already been undone')
      await restoreHistory(repos, record)
      await repos.duplicates.markUndone(mergeId, actor.id, at)
      if (record.candidateId) await repos.duplicates.reopen(record.candidateId)
      await repos.identity.refreshMatchKeys([record.surviving.id, record.merged.id])
      const subjectId = record.surviving.subjectId ?? record.moved.subjectId
      if (subjectId) {
        await repos.timeline.recordSubjectEvent({
          subjectId,
          kind: 'identity-unmerged',
          occurredOn: todayIn(this.clock).toString(),
          recordedAt: at,
          recordedBy: actor.id,
          summary: `A merge with another record (${record.merged.givenName} ${record.merged.familyName}) was undone`,
          details: { mergeId },
        })
      }
      await this.audit(repos, actor, {
        operation: 'combine',
        recordType: 'identity-merge',
        recordId: mergeId,
        ...(subjectId ? { subjectId } : {}),
        purpose: reason ?? undefined,
        details: {
          action: 'unmerge',
          survivingPersonId: record.surviving.id,
          mergedPersonId: record.merged.id,
          moved: movedCounts(record.moved),
        },
      })
    })
  }

  private requireRole(actor: Actor): void {
    if (!canResolveIdentities(actor))
      throw new Forbidden('Your role does not allow reviewing or merging duplicate records')
  }

  /**
   * Passes the gate for every subject among these people, for every part: the first refusal is audited (by the
   * gate) and thrown, so nothing about either person is returned or changed.
   */
  private async openSubjects(
    repos: Repositories,
    actor: Actor,
    people: ReadonlyArray<{ subjectId: string | null }>,
    parts: readonly SubjectField[],
    action: AccessAction,
  ): Promise<SubjectAccess[]> {
    const subjectIds = [...new Set(people.flatMap(p => (p.subjectId ? [p.subjectId] : [])))]
    const opened: SubjectAccess[] = []
    for (const subjectId of subjectIds) {
      const [first = 'identity', ...rest] = parts
      const access = await this.gate.open(repos, actor, subjectId, first, action)
      for (const part of rest) await this.gate.require(repos, access, part, action)
      opened.push(access)
    }
    return opened
  }

  /** The subjects checked before the transaction must be the ones under lock (a merge elsewhere may move one). */
  private sameSubjects(candidate: CandidateDetail, opened: readonly SubjectAccess[]): void {
    const checked = new Set(opened.map(s => s.subject.id))
    for (const p of [candidate.a, candidate.b]) {
      if (p.subjectId && !checked.has(p.subjectId))
        throw new MergeRefused('These records changed while you were deciding: open the pair again')
    }
  }

  private reason(input: unknown): string | null {
    const reason = typeof input === 'string' ? input.trim() : ''
    if (reason.length > 500)
      throw new ValidationError([{ field: 'reason', message: 'The reason must be 500 characters or fewer' }])
    return reason === '' ? null : reason
  }

  private async audit(
    repos: Repositories,
    actor: Actor,
    entry: Omit<AuditEntry, 'actorId' | 'actorUsername'>,
  ): Promise<void> {
    await repos.audit.append(nowDate(this.clock), [
      { actorId: actor.id, actorUsername: actor.username, correlationId: actor.correlationId, ...entry },
    ])
  }

  private async peopleById(repos: Repositories, ids: string[]): Promise<Map<string, IndexedPerson>> {
    const people = await repos.identity.people([...new Set(ids)], { includeMerged: true })
    return new Map(people.map(p => [p.id, p]))
  }

  private async loadCandidate(repos: Repositories, candidateId: string, lock = false): Promise<CandidateDetail> {
    if (!UUID.test(candidateId)) throw new NotFound('No such possible duplicate')
    const row = await repos.duplicates.candidate(candidateId)
    if (!row) throw new NotFound('No such possible duplicate')
    if (lock) await repos.duplicates.lockPair(candidateId, [row.personAId, row.personBId])
    const people = await this.peopleById(repos, [row.personAId, row.personBId])
    const a = people.get(row.personAId) as IndexedPerson
    const b = people.get(row.personBId) as IndexedPerson
    const mergedAway = await repos.duplicates.mergedAway([a.id, b.id])
    let refusal = identifierConflict(a, b)
    if (!refusal && mergedAway.length > 0) refusal = 'One of these records has already been merged into another record'
    const survivor = chooseSurvivor(a, b)
    if (!refusal && 'refusal' in survivor) refusal = survivor.refusal
    return {
      id: row.id,
      matchProbability: row.matchProbability,
      status: row.status,
      foundAt: row.foundAt,
      a,
      b,
      explanation: row.explanation as MatchExplanation,
      survivor: 'refusal' in survivor ? undefined : survivor,
      refusal,
      decidedAt: row.decidedAt,
      decidedBy: row.decidedBy,
      mergeId: row.mergeId,
    }
  }

  private async loadMerge(repos: Repositories, mergeId: string): Promise<MergeRecord> {
    if (!UUID.test(mergeId)) throw new NotFound('No such merge')
    const row = await repos.duplicates.merge(mergeId)
    if (!row) throw new NotFound('No such merge')
    const people = await this.peopleById(repos, [row.survivingPersonId, row.mergedPersonId])
    return {
      id: row.id,
      surviving: people.get(row.survivingPersonId) as IndexedPerson,
      merged: people.get(row.mergedPersonId) as IndexedPerson,
      moved: row.moved,
      candidateId: row.candidateId,
      decidedBy: row.decidedBy,
      decidedAt: row.decidedAt,
      reason: row.reason,
      undoneBy: row.undoneBy,
      undoneAt: row.undoneAt,
    }
  }
}

/** Every subject a merge record concerns: the survivor's, the merged person's, and the one the merge moved. */
function mergeSubjects(record: MergeRecord): Array<{ subjectId: string | null }> {
  return [record.surviving, record.merged, { subjectId: record.moved.subjectId }]
}

async function moveHistory(
  repos: Repositories,
  keep: IndexedPerson,
  merge: IndexedPerson,
  at: Date,
  today: string,
): Promise<MovedRows> {
  const moved: MovedRows = {
    aliases: await repos.duplicates.moveOwned('person_alias', merge.id, keep.id),
    addedAliases: [],
    addresses: [],
    householdMembers: [],
    associations: [],
    subjectId: null,
    filled: [],
  }
  const known = new Set(
    [keep, ...keep.aliases, ...merge.aliases].map(n => `${normaliseName(n.givenName)}|${normaliseName(n.familyName)}`),
  )
  if (!known.has(`${normaliseName(merge.givenName)}|${normaliseName(merge.familyName)}`)) {
    const aliasId = await repos.duplicates.addAlias(
      keep.id,
      {
        givenName: merge.givenName,
        familyName: merge.familyName,
        givenNorm: normaliseName(merge.givenName),
        familyNorm: normaliseName(merge.familyName),
      },
      at,
    )
    moved.addedAliases.push(aliasId)
  }
  const keptHasHome = await repos.duplicates.hasCurrentHome(keep.id)
  for (const address of await repos.duplicates.addressesOf(merge.id)) {
    const endedOn = homeEndedByMerge(address, keptHasHome, today)
    await repos.duplicates.moveAddress(address.id, keep.id, endedOn)
    moved.addresses.push({ id: address.id, endedOn })
  }
  moved.householdMembers = await repos.duplicates.moveOwned('household_member', merge.id, keep.id)
  moved.associations = await repos.duplicates.moveOwned('association', merge.id, keep.id)
  if (merge.subjectId) {
    await repos.duplicates.moveSubject(merge.subjectId, keep.id)
    moved.subjectId = merge.subjectId
  }
  const fill: Partial<Record<MovedRows['filled'][number], string>> = {}
  if (!keep.pncId && merge.pncId) fill.pnc_id = merge.pncId
  if (!keep.niNumber && merge.niNumber) fill.ni_number = merge.niNumber
  if (!keep.dateOfBirth && merge.dateOfBirth) fill.date_of_birth = merge.dateOfBirth
  moved.filled = Object.keys(fill) as MovedRows['filled']
  await repos.duplicates.fillDetails(keep.id, fill, at)
  return moved
}

async function restoreHistory(repos: Repositories, record: MergeRecord): Promise<void> {
  const keepId = record.surviving.id
  const mergeId = record.merged.id
  const { moved } = record
  if (moved.subjectId) await repos.duplicates.moveSubject(moved.subjectId, mergeId)
  await repos.duplicates.returnOwned('association', moved.associations, keepId, mergeId)
  await repos.duplicates.returnOwned('household_member', moved.householdMembers, keepId, mergeId)
  await repos.duplicates.returnOwned('person_alias', moved.aliases, keepId, mergeId)
  await repos.duplicates.deleteAliases(moved.addedAliases)
  for (const address of moved.addresses) await repos.duplicates.returnAddress(address, keepId, mergeId)
  // Only values still as the merge left them are cleared: a correction made since the merge is kept.
  const merged = record.merged
  const values: Record<MovedRows['filled'][number], string | null> = {
    pnc_id: merged.pncId,
    ni_number: merged.niNumber,
    date_of_birth: merged.dateOfBirth,
  }
  for (const column of moved.filled) {
    const value = values[column]
    if (value !== null) await repos.duplicates.clearFilledDetail(keepId, column, value)
  }
}
