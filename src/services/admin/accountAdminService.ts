import type { Clock } from '../../domain/clock.ts'
import { nowDate } from '../../domain/clock.ts'
import type { Actor } from '../../domain/access/actor.ts'
import { canAdministerAccounts } from '../../domain/access/policy.ts'
import { Forbidden, NotFound } from '../../domain/errors.ts'
import type { DataAccess } from '../../data/index.ts'
import type { Role } from '../../domain/access/actor.ts'
import { ApiTokenService } from '../auth/apiTokenService.ts'

export interface StaffAccountRow {
  id: string
  username: string
  displayName: string
  role: Role
  teamName: string | null
  lockedUntil: Date | null
  mfaEnrolled: boolean
  liveSessions: number
  active: boolean
}

export const ACCOUNT_ACTIONS = ['unlock', 'reset-mfa', 'end-sessions', 'disable', 'enable'] as const
export type AccountAction = (typeof ACCOUNT_ACTIONS)[number]

/**
 * Account administration. Administrators manage accounts (unlock, reset the second factor, end
 * sessions) but the policy gives them no access to case data.
 */
export class AccountAdminService {
  constructor(
    private readonly data: DataAccess,
    private readonly clock: Clock,
  ) {
    this.tokens = new ApiTokenService(data, clock)
  }

  private readonly tokens: ApiTokenService

  private require(actor: Actor): void {
    if (!canAdministerAccounts(actor)) throw new Forbidden('Only administrators manage accounts')
  }

  async list(actor: Actor): Promise<StaffAccountRow[]> {
    this.require(actor)
    const now = nowDate(this.clock)
    const rows = await this.data.repos.accounts.listWithLiveSessions(now)
    await this.data.repos.audit.append(now, [
      {
        actorId: actor.id,
        actorUsername: actor.username,
        operation: 'admin',
        recordType: 'staff',
        correlationId: actor.correlationId,
        details: { action: 'list accounts' },
      },
    ])
    return rows.map(r => ({
      id: r.id,
      username: r.username,
      displayName: r.displayName,
      role: r.role,
      teamName: r.teamName,
      lockedUntil: r.lockedUntil && new Date(r.lockedUntil) > now ? new Date(r.lockedUntil) : null,
      mfaEnrolled: r.totpEnrolledAt !== null,
      liveSessions: r.liveSessions,
      active: r.active,
    }))
  }

  async act(actor: Actor, staffId: string, action: AccountAction): Promise<void> {
    this.require(actor)
    const now = nowDate(this.clock)
    const target = await this.data.repos.accounts.byId(staffId)
    if (!target) throw new NotFound('No such account')
    await this.data.transaction(async repos => {
      if (action === 'unlock') {
        await repos.accounts.unlock(staffId)
      } else if (action === 'reset-mfa') {
        // The user sets up a new authenticator at their next sign-in; every session ends now.
        await repos.accounts.clearAuthenticator(staffId)
        await repos.auth.deleteRecoveryCodes(staffId)
      }
      if (action === 'disable' || action === 'enable') await repos.accounts.setActive(staffId, action === 'enable')
      // Ending someone's access ends all of it: their sessions and their API tokens go together.
      if (action === 'end-sessions' || action === 'reset-mfa' || action === 'disable') {
        await repos.auth.endSessionsOf(staffId, now, actor.id)
        await this.tokens.revokeAllOf(repos, staffId, target.username, actor, now)
      }
      await repos.audit.append(now, [
        {
          actorId: actor.id,
          actorUsername: actor.username,
          operation: 'admin',
          recordType: 'staff',
          recordId: staffId,
          correlationId: actor.correlationId,
          details: { action, target: target.username },
        },
      ])
    })
  }
}
