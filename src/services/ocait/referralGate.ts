import type { Actor } from '../../domain/access/actor.ts'
import { nowDate, type Clock } from '../../domain/clock.ts'
import { Forbidden, NotFound } from '../../domain/errors.ts'
import { isUuid } from '../../domain/ids.ts'
import { decideReferral } from '../../domain/ocait/access.ts'
import type { Repositories } from '../../data/index.ts'
import type { ReferralHead } from '../../data/ocait/referralRepository.ts'
import type { AccessGate } from '../access/gate.ts'

/**
 * The gate for online child abuse referrals, beside the one subject gate (services/access/gate.ts) and built the
 * same way: the referral is loaded once, need-to-know is decided once (`domain/ocait/access.ts`), and a refusal is
 * audited and thrown. A referral's suspect, once linked to a subject on the register, is opened through `subjects`
 * (the subject gate), so another team's subject is never shown without break-glass.
 */
export class ReferralGate {
  constructor(
    private readonly clock: Clock,
    readonly subjects: AccessGate,
  ) {}

  async open(repos: Repositories, actor: Actor, referralId: string, action: 'read' | 'write'): Promise<ReferralHead> {
    if (!isUuid(referralId)) throw new NotFound('No such referral')
    const head = await repos.ocaitReferrals.head(referralId)
    if (!head) throw new NotFound('No such referral')
    if (decideReferral(actor, { owningTeamId: head.owningTeamId }, action) === 'allow') return head
    await repos.audit.append(nowDate(this.clock), [
      {
        actorId: actor.id,
        actorUsername: actor.username,
        operation: action === 'read' ? 'consult' : 'alter',
        recordType: 'ocait-referral',
        recordId: head.id,
        correlationId: actor.correlationId,
        outcome: 'denied',
        details: { reference: head.reference },
      },
    ])
    throw new Forbidden('This referral belongs to another team')
  }

  /** The one consultation row of a request that showed a referral, naming what was shown. */
  async consulted(
    repos: Repositories,
    actor: Actor,
    referral: Pick<ReferralHead, 'id' | 'reference'>,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await repos.audit.append(nowDate(this.clock), [
      {
        actorId: actor.id,
        actorUsername: actor.username,
        operation: 'consult',
        recordType: 'ocait-referral',
        recordId: referral.id,
        correlationId: actor.correlationId,
        details: { reference: referral.reference, ...details },
      },
    ])
  }
}
