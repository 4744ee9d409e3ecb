import type { Clock } from '../../domain/clock.ts'
import { nowDate } from '../../domain/clock.ts'
import type { Actor } from '../../domain/access/actor.ts'
import { canAdministerAccounts } from '../../domain/access/policy.ts'
import { Forbidden, NotFound } from '../../domain/errors.ts'
import type { Database } from '../../data/database.ts'
import type { Role } from '../../data/schema.ts'
import { appendAudit } from '../../data/audit/auditRepository.ts'

export interface StaffAccountRow {
  id: string
  username: string
  displayName: string
  role: Role
  teamName: string | null
  lockedUntil: Date | null
  mfaEnrolled: boolean
  liveSessions: number
}

/**
 * Account administration. Administrators manage accounts (unlock, reset the second factor, end
 * sessions) but the policy gives them no access to case data.
 */
export class AccountAdminService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  private require(actor: Actor): void {
    if (!canAdministerAccounts(actor)) throw new Forbidden('Only administrators manage accounts')
  }

  async list(actor: Actor): Promise<StaffAccountRow[]> {
    this.require(actor)
    const { db } = this.database
    const now = nowDate(this.clock)
    const rows = await db
      .selectFrom('staff')
      .leftJoin('team', 'team.id', 'staff.team_id')
      .select(eb => [
        'staff.id',
        'staff.username',
        'staff.display_name as displayName',
        'staff.role',
        'team.name as teamName',
        'staff.locked_until as lockedUntil',
        'staff.totp_enrolled_at as totpEnrolledAt',
        eb
          .selectFrom('user_session')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('user_session.staff_id', '=', 'staff.id')
          .where('user_session.revoked_at', 'is', null)
          .where('user_session.expires_at', '>', now)
          .as('liveSessions'),
      ])
      .orderBy('staff.role')
      .orderBy('staff.username')
      .execute()
    await appendAudit(db, now, [
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
      liveSessions: Number(r.liveSessions ?? 0),
    }))
  }

  async act(actor: Actor, staffId: string, action: 'unlock' | 'reset-mfa' | 'end-sessions'): Promise<void> {
    this.require(actor)
    const { db } = this.database
    const now = nowDate(this.clock)
    const target = await db.selectFrom('staff').select(['id', 'username']).where('id', '=', staffId).executeTakeFirst()
    if (!target) throw new NotFound('No such account')
    await db.transaction().execute(async trx => {
      if (action === 'unlock') {
        await trx
          .updateTable('staff')
          .set({ locked_until: null, failed_sign_ins: 0 })
          .where('id', '=', staffId)
          .execute()
      } else if (action === 'reset-mfa') {
        // The user sets up a new authenticator at their next sign-in; every session ends now.
        await trx
          .updateTable('staff')
          .set({ totp_secret: null, totp_enrolled_at: null, totp_last_step: null })
          .where('id', '=', staffId)
          .execute()
        await trx.deleteFrom('recovery_code').where('staff_id', '=', staffId).execute()
      }
      if (action === 'end-sessions' || action === 'reset-mfa') {
        await trx
          .updateTable('user_session')
          .set({ revoked_at: now, ended_by: actor.id })
          .where('staff_id', '=', staffId)
          .where('revoked_at', 'is', null)
          .execute()
      }
      await appendAudit(trx, now, [
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
