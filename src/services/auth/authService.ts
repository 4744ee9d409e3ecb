import type { Clock } from '../../domain/clock.ts'
import { nowDate } from '../../domain/clock.ts'
import type { Actor } from '../../domain/access/actor.ts'
import type { Database } from '../../data/database.ts'
import type { Role } from '../../data/schema.ts'
import { appendAudit } from '../../data/repositories/auditRepository.ts'
import { decoyHash, verifyPassword } from './passwords.ts'
import { digest, newSecret } from './tokens.ts'

export interface SessionSettings {
  /** Signed out after this long without a request (NCSC / ASVS 7.3.1: 15 minutes for sensitive data). */
  idleMinutes: number
  /** Signed out after this long whatever happens (ASVS 7.3.2). */
  absoluteHours: number
}

export const DEFAULT_SESSION_SETTINGS: SessionSettings = { idleMinutes: 15, absoluteHours: 12 }

export interface SignedInUser {
  id: string
  username: string
  displayName: string
  role: Role
  teamId: string | null
  agency: string | null
}

export interface SessionView {
  user: SignedInUser
  sessionId: string
  csrfToken: string
}

export function actorFor(user: SignedInUser, correlationId: string): Actor {
  return { ...user, correlationId }
}

const USER_COLUMNS = [
  'staff.id',
  'staff.username',
  'staff.display_name as displayName',
  'staff.role',
  'staff.team_id as teamId',
  'staff.agency',
] as const

export class AuthService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly settings: SessionSettings = DEFAULT_SESSION_SETTINGS,
  ) {}

  /**
   * Checks a username and password. Unknown users and wrong passwords take the same path and the
   * same time, and the caller shows the same message for both.
   */
  async checkPassword(username: string, password: string, correlationId: string): Promise<SignedInUser | null> {
    const { db } = this.database
    const name = username.trim().toLowerCase()
    const staff = await db
      .selectFrom('staff')
      .select([...USER_COLUMNS, 'staff.password_hash', 'staff.active'])
      .where('username', '=', name)
      .executeTakeFirst()
    const ok = await verifyPassword(staff?.password_hash ?? (await decoyHash()), password)
    const success = ok && staff !== undefined && staff.active
    await appendAudit(db, nowDate(this.clock), [
      {
        actorId: staff?.id ?? null,
        actorUsername: name.slice(0, 64),
        operation: 'sign-in',
        correlationId,
        outcome: success ? 'success' : 'failure',
        details: success ? {} : { reason: staff ? 'bad credentials' : 'unknown user' },
      },
    ])
    if (!success || !staff) return null
    return { id: staff.id, username: staff.username, displayName: staff.displayName, role: staff.role, teamId: staff.teamId, agency: staff.agency }
  }

  /** Starts a fresh session (a new id on every sign-in, so a planted cookie is worthless). Returns the cookie value. */
  async startSession(user: SignedInUser, meta: { ip?: string; userAgent?: string }): Promise<string> {
    const token = newSecret()
    const now = nowDate(this.clock)
    await this.database.db
      .insertInto('user_session')
      .values({
        id: digest(token),
        staff_id: user.id,
        csrf_token: newSecret(),
        created_at: now,
        last_seen_at: now,
        expires_at: new Date(now.getTime() + this.settings.absoluteHours * 3_600_000),
        ip: meta.ip ?? null,
        user_agent: meta.userAgent?.slice(0, 300) ?? null,
      })
      .execute()
    await this.database.db.updateTable('staff').set({ last_sign_in_at: now }).where('id', '=', user.id).execute()
    return token
  }

  /** The session behind a cookie, if it is live; touching it extends the idle timeout. */
  async resumeSession(token: string | undefined): Promise<SessionView | null> {
    if (!token) return null
    const now = nowDate(this.clock)
    const { db } = this.database
    const row = await db
      .selectFrom('user_session')
      .innerJoin('staff', 'staff.id', 'user_session.staff_id')
      .select([...USER_COLUMNS, 'user_session.id as sessionId', 'user_session.csrf_token as csrfToken', 'user_session.last_seen_at as lastSeenAt', 'user_session.expires_at as expiresAt', 'user_session.revoked_at as revokedAt', 'staff.active'])
      .where('user_session.id', '=', digest(token))
      .executeTakeFirst()
    if (!row || row.revokedAt || !row.active) return null
    const idleLimit = new Date(row.lastSeenAt).getTime() + this.settings.idleMinutes * 60_000
    if (now.getTime() > idleLimit || now.getTime() > new Date(row.expiresAt).getTime()) return null
    // Write the touch at most once a minute: a page with many requests should not write on each.
    if (now.getTime() - new Date(row.lastSeenAt).getTime() > 60_000) {
      await db.updateTable('user_session').set({ last_seen_at: now }).where('id', '=', row.sessionId).execute()
    }
    return {
      user: { id: row.id, username: row.username, displayName: row.displayName, role: row.role, teamId: row.teamId, agency: row.agency },
      sessionId: row.sessionId,
      csrfToken: row.csrfToken,
    }
  }

  async endSession(session: SessionView, correlationId: string): Promise<void> {
    const now = nowDate(this.clock)
    await this.database.db.transaction().execute(async trx => {
      await trx.updateTable('user_session').set({ revoked_at: now }).where('id', '=', session.sessionId).execute()
      await appendAudit(trx, now, [
        { actorId: session.user.id, actorUsername: session.user.username, operation: 'sign-out', correlationId },
      ])
    })
  }

  /** A personal API token for `Authorization: Bearer`. Shown once; only its hash is kept. */
  async createApiToken(username: string, name = 'API token'): Promise<string> {
    const { db } = this.database
    const staff = await db.selectFrom('staff').select(['id', 'username']).where('username', '=', username.toLowerCase()).executeTakeFirst()
    if (!staff) throw new Error(`No user called ${username}`)
    const token = newSecret('vgl_')
    const now = nowDate(this.clock)
    await db.transaction().execute(async trx => {
      await trx.insertInto('api_token').values({ staff_id: staff.id, name, token_hash: digest(token), created_at: now }).execute()
      await appendAudit(trx, now, [
        { actorId: staff.id, actorUsername: staff.username, operation: 'admin', recordType: 'api_token', details: { action: 'create token', name } },
      ])
    })
    return token
  }

  async userForApiToken(token: string): Promise<SignedInUser | null> {
    const { db } = this.database
    const row = await db
      .selectFrom('api_token')
      .innerJoin('staff', 'staff.id', 'api_token.staff_id')
      .select([...USER_COLUMNS, 'api_token.id as tokenId', 'api_token.revoked_at as revokedAt', 'staff.active'])
      .where('api_token.token_hash', '=', digest(token))
      .executeTakeFirst()
    if (!row || row.revokedAt || !row.active) return null
    await db.updateTable('api_token').set({ last_used_at: nowDate(this.clock) }).where('id', '=', row.tokenId).execute()
    return { id: row.id, username: row.username, displayName: row.displayName, role: row.role, teamId: row.teamId, agency: row.agency }
  }
}
