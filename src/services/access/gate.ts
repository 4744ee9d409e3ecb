import type { Actor } from '../../domain/access/actor.ts'
import { decide, type SubjectAccessContext, type SubjectField } from '../../domain/access/policy.ts'
import { nowDate, todayIn, type Clock } from '../../domain/clock.ts'
import { BreakGlassRequired, Forbidden, NotFound } from '../../domain/errors.ts'
import type { SubjectHead } from '../../data/access/accessRepository.ts'
import type { Repositories } from '../../data/index.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export type AccessAction = 'read' | 'write'

/** A subject opened through the gate: loaded once, with the facts every later decision in the request needs. */
export interface SubjectAccess<H extends SubjectHead = SubjectHead> {
  readonly actor: Actor
  readonly subject: H
  readonly context: SubjectAccessContext
  /** Whether this actor may `action` the `part` now (a pure decision on the context loaded at opening). */
  may(part: SubjectField, action?: AccessAction): boolean
}

/**
 * The one need-to-know gate (APP "Managing sexual offenders and violent offenders"; DPA 2018 Part 3 ss.35–40).
 * Every service reaches a subject through `open`: the subject row is read once, break-glass and partner sharing are
 * taken into account once, and a refusal is itself audited. A request that reads ends with `consulted`, which writes
 * the one consultation row naming the parts the viewer was shown (DPA 2018 s.62).
 */
export class AccessGate {
  constructor(private readonly clock: Clock) {}

  async open(
    repos: Repositories,
    actor: Actor,
    subjectId: string,
    part: SubjectField,
    action: AccessAction,
  ): Promise<SubjectAccess>
  /** With `load`, the page's own read of the subject row serves the gate too, so the row is read once. */
  async open<H extends SubjectHead>(
    repos: Repositories,
    actor: Actor,
    subjectId: string,
    part: SubjectField,
    action: AccessAction,
    load: (subjectId: string) => Promise<H | undefined>,
  ): Promise<SubjectAccess<H>>
  async open(
    repos: Repositories,
    actor: Actor,
    subjectId: string,
    part: SubjectField,
    action: AccessAction,
    load: (subjectId: string) => Promise<SubjectHead | undefined> = id => repos.access.subjectHead(id),
  ): Promise<SubjectAccess> {
    const access = await this.inspect(repos, actor, subjectId, load)
    await this.require(repos, access, part, action)
    return access
  }

  /**
   * Loads the subject and the facts of the decision without deciding anything yet: for a list that shows each row
   * only as far as `access.may(...)` allows (the duplicate review queue). Showing or refusing a row is then the
   * caller's, through `require` and `consulted`.
   */
  async inspect(
    repos: Repositories,
    actor: Actor,
    subjectId: string,
    load: (subjectId: string) => Promise<SubjectHead | undefined> = id => repos.access.subjectHead(id),
  ): Promise<SubjectAccess> {
    if (!UUID.test(subjectId)) throw new NotFound('No such subject')
    const subject = await load(subjectId)
    if (!subject) throw new NotFound('No such subject')
    const at = nowDate(this.clock)
    const breakGlass =
      actor.role === 'offender_manager' || actor.role === 'supervisor' || actor.role === 'investigator'
        ? await repos.access.hasLiveBreakGlass(actor.id, subjectId, at)
        : false
    const sharedScopes =
      actor.role === 'partner' && actor.agency
        ? await repos.access.sharedScopes(subjectId, actor.agency, todayIn(this.clock).toString())
        : new Set<never>()
    const context: SubjectAccessContext = {
      managingTeamId: subject.managingTeamId,
      offenderManagerId: subject.offenderManagerId,
      breakGlass,
      sharedScopes,
    }
    const access: SubjectAccess = {
      actor,
      subject,
      context,
      may: (p, a = 'read') => decide(actor, context, p, a) === 'allow',
    }
    return access
  }

  /** A further check on an opened subject (a write after a read, a sensitive part); refusals are audited. */
  async require(repos: Repositories, access: SubjectAccess, part: SubjectField, action: AccessAction): Promise<void> {
    const decision = decide(access.actor, access.context, part, action)
    if (decision === 'allow') return
    await repos.audit.append(nowDate(this.clock), [
      {
        actorId: access.actor.id,
        actorUsername: access.actor.username,
        operation: action === 'read' ? 'consult' : 'alter',
        recordType: 'subject',
        recordId: access.subject.id,
        subjectId: access.subject.id,
        correlationId: access.actor.correlationId,
        outcome: 'denied',
        details: { part, decision },
      },
    ])
    if (decision === 'break-glass') throw new BreakGlassRequired(access.subject.id)
    throw new Forbidden('Your role does not give access to this information')
  }

  /** The one consultation row of a request that showed the subject's data, naming the parts shown. */
  async consulted(
    repos: Repositories,
    access: SubjectAccess,
    parts: readonly SubjectField[],
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await repos.audit.append(nowDate(this.clock), [
      {
        actorId: access.actor.id,
        actorUsername: access.actor.username,
        operation: 'consult',
        recordType: 'subject',
        recordId: access.subject.id,
        subjectId: access.subject.id,
        correlationId: access.actor.correlationId,
        details: { ...details, parts: [...new Set(parts)] },
      },
    ])
  }
}
