import type { Kysely } from 'kysely'
import type { Actor } from '../../domain/access/actor.ts'
import { nowDate, todayIn, type Clock } from '../../domain/clock.ts'
import { Forbidden, NotFound } from '../../domain/errors.ts'
import { validateMatchQuery } from '../../domain/identity/matchQuery.ts'
import { withPriorBelief } from '../../domain/identity/priorBelief.ts'
import {
  canResolveIdentities,
  identifierConflict,
  matchValues,
  personMatchFields,
  personMatchKeys,
  scoreAgainst,
  type MatchExplanation,
  type PersonForMatching,
} from '../../domain/identity/personRecord.ts'
import { canRegisterSubjects } from '../../domain/access/policy.ts'
import { defaultBatchOptions, scoreCandidates } from '../../domain/matching/batch.ts'
import { findCandidatePairs } from '../../domain/matching/candidatePairs.ts'
import { defaultBlockingOptions } from '../../domain/matching/blocks.ts'
import type { MatchModel } from '../../domain/matching/model.ts'
import { prepareRecords } from '../../domain/matching/recordSet.ts'
import { defaultTrainingOptions, trainModel, type TrainingOptions } from '../../domain/matching/training.ts'
import { validateRegistration } from '../../domain/people/registration.ts'
import type { Database } from '../../data/database.ts'
import { appendAudit } from '../../data/audit/auditRepository.ts'
import {
  candidatePersonIds,
  latestModelId,
  loadModel,
  loadPeople,
  saveModel,
  type IndexedPerson,
  type StoredModel,
} from '../../data/identity/identityRepository.ts'
import type { DB } from '../../data/schema.ts'

export interface LikelyMatch {
  personId: string
  subjectId: string | null
  subjectReference: string | null
  givenName: string
  middleNames: string | null
  familyName: string
  dateOfBirth: string | null
  postcode: string | null
  pncId: string | null
  niNumber: string | null
  aliases: ReadonlyArray<{ givenName: string; familyName: string }>
  matchProbability: number
  outcome: MatchExplanation['outcome']
  explanation: MatchExplanation
}

/** At most this many matches are shown: more than a handful means the query is too vague to be useful. */
export const MAX_MATCHES = 10

function toLikelyMatch(person: IndexedPerson, explanation: MatchExplanation): LikelyMatch {
  return {
    personId: person.id,
    subjectId: person.subjectId,
    subjectReference: person.subjectReference,
    givenName: person.givenName,
    middleNames: person.middleNames,
    familyName: person.familyName,
    dateOfBirth: person.dateOfBirth,
    postcode: person.postcode,
    pncId: person.pncId,
    niNumber: person.niNumber,
    aliases: person.aliases,
    matchProbability: explanation.matchProbability,
    outcome: explanation.outcome,
    explanation,
  }
}

/**
 * The lookup itself, without access checks or audit (the benchmark and the service share it): blocking keys → the
 * person_match_key index → candidates scored under the model, best first.
 */
export async function likelyMatches(
  db: Kysely<DB>,
  model: MatchModel,
  query: PersonForMatching,
  exclude: ReadonlySet<string> = new Set(),
): Promise<LikelyMatch[]> {
  const ids = (await candidatePersonIds(db, personMatchKeys(query))).filter(id => !exclude.has(id))
  const people = await loadPeople(db, ids)
  return scoreAgainst(model, query, people)
    .slice(0, MAX_MATCHES)
    .map(s => toLikelyMatch(s.person, s.explanation))
}

/** Trains a model on the whole person index, without labels (EM for m, random pairs for u), m tempered by belief. */
export function trainOnPeople(
  people: readonly PersonForMatching[],
  options: Partial<TrainingOptions> = {},
): MatchModel {
  const set = prepareRecords(
    personMatchFields,
    people.map(p => matchValues(p)),
  )
  const candidates = findCandidatePairs(set, defaultBlockingOptions)
  return withPriorBelief(trainModel(set, candidates, { ...defaultTrainingOptions, ...options }), set.size)
}

/**
 * Identity resolution over the nominal index: "this person may already be known" before a record is created, the
 * repeat-suspect check, and the training and batch scan that keep the duplicate review queue filled.
 */
export class IdentityService {
  private cached: StoredModel | undefined

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  /** The newest stored model; on first use with none stored, one is trained from the index and kept. */
  async currentModel(): Promise<StoredModel> {
    const { db } = this.database
    const id = await latestModelId(db)
    if (id === undefined) {
      await this.train('system (first use)')
      return this.currentModel()
    }
    if (this.cached?.id !== id) this.cached = await loadModel(db, id)
    if (!this.cached) throw new Error('identity model vanished while loading')
    return this.cached
  }

  /** Trains and stores a new model (CLI `identity train`, the seed). Later checks use it at once. */
  async train(
    trainedBy: string,
    options: Partial<TrainingOptions> = {},
  ): Promise<{ modelId: number; people: number; candidatePairs: number; converged: boolean; seconds: number }> {
    const started = performance.now()
    const { db } = this.database
    const at = nowDate(this.clock)
    const people = await loadPeople(db)
    const model = trainOnPeople(people, options)
    const modelId = await saveModel(db, at, trainedBy, people.length, model)
    await appendAudit(db, at, [
      {
        actorId: null,
        actorUsername: trainedBy,
        operation: 'consult',
        recordType: 'identity-model',
        recordId: String(modelId),
        details: { purpose: 'train the duplicate-detection model', people: people.length },
      },
    ])
    const seconds = (performance.now() - started) / 1000
    return {
      modelId,
      people: people.length,
      candidatePairs: model.training.candidatePairs,
      converged: model.training.converged,
      seconds,
    }
  }

  /** People already in the index who are probably the person described (API: POST /people/matches). */
  async findLikelyMatches(actor: Actor, input: unknown): Promise<LikelyMatch[]> {
    this.requireMatchAccess(actor)
    const query = validateMatchQuery(input, todayIn(this.clock))
    return this.matchAndAudit(actor, query, new Set(), 'check whether a person is already known')
  }

  /**
   * The registration form's check before saving: the same validation as registering (so a bad form shows its errors
   * first), then the likely matches for the person about to be created. `idempotencyKey` is the one `register` uses.
   */
  async checkBeforeRegistering(actor: Actor, input: unknown, idempotencyKey?: string): Promise<LikelyMatch[]> {
    if (!canRegisterSubjects(actor)) throw new Forbidden('Your role does not allow registering subjects')
    const r = validateRegistration(input, todayIn(this.clock))
    if (idempotencyKey !== undefined) {
      // A form submitted twice was saved the first time: the second submission must get the same answer, not a
      // warning about the person it just created.
      const saved = await this.database.db
        .selectFrom('idempotency_key')
        .select('key')
        .where('actor_id', '=', actor.id)
        .where('key', '=', idempotencyKey)
        .executeTakeFirst()
      if (saved) return []
    }
    const query: PersonForMatching = {
      givenName: r.givenName,
      middleNames: r.middleNames,
      familyName: r.familyName,
      dateOfBirth: r.dateOfBirth.toString(),
      gender: r.gender,
      pncId: r.pncId,
      niNumber: r.niNumber,
      postcode: r.address.postcode,
      addressLine: r.address.line1,
      town: r.address.town,
      aliases: [],
    }
    return this.matchAndAudit(actor, query, new Set(), 'check for an existing record before registering a person')
  }

  /**
   * Repeat-suspect check (NOM for rape investigations, rec. 5): the other records in the index that are probably the
   * same person as this one. Records carrying a different PNC ID or NI number are left out: they are other people.
   */
  async repeatSuspectCheck(actor: Actor, personId: string): Promise<{ personId: string; matches: LikelyMatch[] }> {
    this.requireMatchAccess(actor)
    const [person] = /^[0-9a-f-]{36}$/i.test(personId)
      ? await loadPeople(this.database.db, [personId], { includeMerged: true })
      : []
    if (!person) throw new NotFound('No such person')
    const matches = await this.matchAndAudit(actor, person, new Set([person.id]), 'repeat-suspect check', person.id)
    return { personId, matches: matches.filter(m => identifierConflict(person, m) === undefined) }
  }

  /**
   * The batch job (CLI `identity scan`, the seed): every candidate pair in the index scored under the stored model;
   * pairs at or above the possible-link threshold join the review queue unless already decided. Nothing is merged
   * automatically: a merge joins two people's histories, so a person always decides. Pairs with different
   * identifiers are not queued, because they can never be merged.
   */
  async scan(): Promise<{ people: number; candidatePairs: number; queued: number; skippedIdentifiers: number }> {
    const { db } = this.database
    const at = nowDate(this.clock)
    const stored = await this.currentModel()
    const people = await loadPeople(db)
    const set = prepareRecords(
      personMatchFields,
      people.map(p => matchValues(p)),
    )
    const result = scoreCandidates(set, { ...defaultBatchOptions, model: stored.model })
    let skippedIdentifiers = 0
    const rows = []
    for (const pair of [...result.links, ...result.possibleLinks]) {
      const [a, b] = [people[pair.a] as IndexedPerson, people[pair.b] as IndexedPerson].sort((x, y) =>
        x.id < y.id ? -1 : 1,
      ) as [IndexedPerson, IndexedPerson]
      if (identifierConflict(a, b) !== undefined) {
        skippedIdentifiers++
        continue
      }
      const [scored] = scoreAgainst(stored.model, a, [b], { includeNonLinks: true })
      if (!scored) continue
      rows.push({
        person_a_id: a.id,
        person_b_id: b.id,
        match_probability: scored.explanation.matchProbability,
        explanation: JSON.stringify(scored.explanation),
        model_id: stored.id,
        found_at: at,
      })
    }
    let queued = 0
    for (let i = 0; i < rows.length; i += 1000) {
      const inserted = await db
        .insertInto('duplicate_candidate')
        .values(rows.slice(i, i + 1000))
        .onConflict(oc => oc.columns(['person_a_id', 'person_b_id']).doNothing())
        .returning('id')
        .execute()
      queued += inserted.length
    }
    await appendAudit(db, at, [
      {
        actorId: null,
        actorUsername: 'system',
        operation: 'consult',
        recordType: 'duplicate-scan',
        details: { purpose: 'find possible duplicate people', people: people.length, queued, modelId: stored.id },
      },
    ])
    return { people: people.length, candidatePairs: result.candidatePairs, queued, skippedIdentifiers }
  }

  private requireMatchAccess(actor: Actor): void {
    if (!canResolveIdentities(actor))
      throw new Forbidden('Your role does not allow checking the person index for duplicates')
  }

  /** Showing who matched is a consultation of their records (DPA 2018 s.62), so it is audited before returning. */
  private async matchAndAudit(
    actor: Actor,
    query: PersonForMatching,
    exclude: Set<string>,
    purpose: string,
    personId?: string,
  ): Promise<LikelyMatch[]> {
    const { db } = this.database
    const stored = await this.currentModel()
    const matches = await likelyMatches(db, stored.model, query, exclude)
    await appendAudit(db, nowDate(this.clock), [
      {
        actorId: actor.id,
        actorUsername: actor.username,
        operation: 'consult',
        recordType: 'person-match',
        ...(personId ? { recordId: personId } : {}),
        correlationId: actor.correlationId,
        details: {
          purpose,
          modelId: stored.id,
          matches: matches.map(m => ({
            personId: m.personId,
            subjectId: m.subjectId,
            probability: Number(m.matchProbability.toFixed(4)),
          })),
        },
      },
    ])
    return matches
  }
}
