import type { Actor } from '../access/actor.ts'
import type { Decision } from '../access/policy.ts'

/**
 * Need-to-know for online child abuse referrals (APP "Managing sexual offenders and violent offenders"; DPA 2018
 * Part 3 ss.35–40). A referral is not yet a subject on the register: it belongs to the team that took it (the
 * Online Child Abuse Investigation Team, or a district team developing it to warrant stage). Only that team's
 * case-working staff and the unit head see or change it; partner agencies never see the referral itself, only the
 * safeguarding referrals addressed to them (`decideSafeguardingReferral`); other roles see nothing.
 * The subject a referral is linked to is still opened through the subject gate (services/access/gate.ts).
 */
export interface ReferralAccessContext {
  owningTeamId: string
}

const CASE_ROLES = new Set(['offender_manager', 'supervisor', 'investigator'])

export function decideReferral(actor: Actor, referral: ReferralAccessContext, _action: 'read' | 'write'): Decision {
  if (actor.role === 'unit_head') return 'allow'
  if (CASE_ROLES.has(actor.role) && actor.teamId !== null && actor.teamId === referral.owningTeamId) return 'allow'
  return 'deny'
}

/** Who may take a referral in: case-working staff with a team (the referral becomes their team's). */
export function canTakeReferrals(actor: Actor): boolean {
  return CASE_ROLES.has(actor.role) && actor.teamId !== null
}

/** Whose queue a viewer may list: their own team's, or every team's for the unit head. */
export function referralQueueScope(actor: Actor): { teamId: string } | 'all' | null {
  if (actor.role === 'unit_head') return 'all'
  if (CASE_ROLES.has(actor.role) && actor.teamId !== null) return { teamId: actor.teamId }
  return null
}

/** Lowering a grade below the questionnaire's is a supervisor's decision (professional judgement, recorded). */
export function mayLowerGrade(actor: Actor): boolean {
  return actor.role === 'supervisor' || actor.role === 'unit_head'
}

/**
 * A safeguarding referral is read by the partner agency it was sent to (and acknowledged only by them), and by the
 * owning team through the referral. Nothing else of the referral is disclosed to the partner.
 */
export function decideSafeguardingReferral(
  actor: Actor,
  referral: { agency: string; revoked: boolean },
  // Both actions are the recipient's: reading what was sent and saying it arrived.
  _action: 'read' | 'acknowledge',
): Decision {
  if (actor.role !== 'partner' || actor.agency === null) return 'deny'
  if (actor.agency !== referral.agency || referral.revoked) return 'deny'
  return 'allow'
}
