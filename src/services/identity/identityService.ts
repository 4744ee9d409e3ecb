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
import type { IndexedPerson, StoredModel } from '../../data/identity/identityRepository.ts'
import type { DataAccess, Repositories } from '../../data/index.ts'

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
  repos: Pick<Repositories, 'identity'>,
  model: MatchModel,
  query: PersonForMatching,
  exclude: ReadonlySet<string> = new Set(),
): Promise<LikelyMatch[]> {
  const ids = (await repos.identity.candidatePersonIds(personMatchKeys(query))).filter(id => !exclude.has(id))
  const people = await repos.identity.people(ids)
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
    private readonly data: DataAccess,
    private readonly clock: Clock,
  ) {}

  /** The newest stored model; on first use with none stored, one is trained from the index and kept. */
  async currentModel(): Promise<StoredModel> {
    const { repos } = this.data
    const id = await repos.identity.latestModelId()
    if (id === undefined) {
      await this.train('system (first use)')
      return this.currentModel()
    }
    if (this.cached?.id !== id) this.cached = await repos.identity.model(id)
    if (!this.cached) throw new Error('identity model vanished while loading')
    return this.cached
  }

  /** Trains and stores a new model (CLI `identity train`, the seed). Later checks use it at once. */
  async train(
    trainedBy: string,
    options: Partial<TrainingOptions> = {},
  ): Promise<{ modelId: number; people: number; candidatePairs: number; converged: boolean; seconds: number }> {
    const started = performance.now()
    const { repos } = this.data
    const at = nowDate(this.clock)
    const people = await repos.identity.people()
    const model = trainOnPeople(people, options)
    const modelId = await repos.identity.saveModel(at, trainedBy, people.length, model)
    await repos.audit.append(at, [
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

  /**
   * Rebuilds every person's blocking keys (CLI `identity reindex`, after a bulk import that bypassed the services),
   * in one transaction so lookups never see a half-built index.
   */
  async reindex(requestedBy: string): Promise<{ people: number; keys: number }> {
    const at = nowDate(this.clock)
    return this.data.transaction(async repos => {
      const people = await repos.identity.people()
      const rows = people.flatMap(p => personMatchKeys(p).map(key => ({ key, person_id: p.id })))
      await repos.identity.replaceAllMatchKeys(rows)
      await repos.audit.append(at, [
        {
          actorId: null,
          actorUsername: requestedBy,
          operation: 'consult',
          recordType: 'identity-index',
          details: { purpose: 'rebuild the person index blocking keys', people: people.length, keys: rows.length },
        },
      ])
      return { people: people.length, keys: rows.length }
    })
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
      if ((await this.data.repos.idempotency.stored(actor.id, idempotencyKey)) !== undefined) return []
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
      ? await this.data.repos.identity.people([personId], { includeMerged: true })
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
    const { repos } = this.data
    const at = nowDate(this.clock)
    const stored = await this.currentModel()
    const people = await repos.identity.people()
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
        personAId: a.id,
        personBId: b.id,
        matchProbability: scored.explanation.matchProbability,
        explanation: scored.explanation,
        modelId: stored.id,
        foundAt: at,
      })
    }
    const queued = await repos.duplicates.enqueue(rows)
    await repos.audit.append(at, [
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
    const { repos } = this.data
    const stored = await this.currentModel()
    const matches = await likelyMatches(repos, stored.model, query, exclude)
    await repos.audit.append(nowDate(this.clock), [
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
