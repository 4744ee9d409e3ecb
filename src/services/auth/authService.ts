import { createHash, randomBytes } from 'node:crypto'
import type { Clock } from '../../domain/clock.ts'
import { nowDate } from '../../domain/clock.ts'
import type { Actor } from '../../domain/access/actor.ts'
import { checkTotp, newTotpSecret, totpCode, totpUri } from '../../domain/auth/totp.ts'
import type { Database } from '../../data/database.ts'
import type { Role } from '../../data/schema.ts'
import { appendAudit } from '../../data/audit/auditRepository.ts'
import { decoyHash, verifyPassword } from './passwords.ts'
import type { SecretBox } from './secretBox.ts'
import { digest, newSecret } from './tokens.ts'

export interface SessionSettings {
  /** Signed out after this long without a request (ASVS 7.3.1; NCSC: short for sensitive data). */
  idleMinutes: number
  /** Signed out after this long whatever happens (ASVS 7.3.2). */
  absoluteHours: number
  /** Consecutive failed sign-ins (password or code) that lock an account (ASVS 6.3.1 / CJIS 5.5.3). */
  lockoutThreshold: number
  /** How long a locked account stays locked. At least 10 minutes (issue 3). */
  lockoutMinutes: number
  /** A pending session (password done, code not yet) lasts this long. */
  pendingMinutes: number
}

export const DEFAULT_SESSION_SETTINGS: SessionSettings = {
  idleMinutes: 15,
  absoluteHours: 12,
  lockoutThreshold: 5,
  lockoutMinutes: 15,
  pendingMinutes: 5,
}

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
  /** False between the password and the second factor: the session may only finish signing in. */
  mfaVerified: boolean
  /** The user still has to set up an authenticator app. */
  mfaEnrolled: boolean
}

export type PasswordOutcome = { ok: true; user: SignedInUser; mfaEnrolled: boolean } | { ok: false }

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

function toUser(row: {
  id: string
  username: string
  displayName: string
  role: Role
  teamId: string | null
  agency: string | null
}): SignedInUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    teamId: row.teamId,
    agency: row.agency,
  }
}

export class AuthService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly secrets: SecretBox,
    readonly settings: SessionSettings = DEFAULT_SESSION_SETTINGS,
  ) {}

  private now(): Date {
    return nowDate(this.clock)
  }

  /**
   * Checks a username and password. Unknown users, wrong passwords and locked accounts take the
   * same path (a password hash is always verified) and the caller shows the same message for all,
   * so neither the response nor its timing tells an attacker which usernames exist.
   */
  async checkPassword(username: string, password: string, correlationId: string): Promise<PasswordOutcome> {
    const { db } = this.database
    const name = username.trim().toLowerCase().slice(0, 64)
    const staff = await db
      .selectFrom('staff')
      .select([...USER_COLUMNS, 'staff.password_hash', 'staff.active', 'staff.locked_until', 'staff.totp_enrolled_at'])
      .where('username', '=', name)
      .executeTakeFirst()
    const passwordOk = await verifyPassword(staff?.password_hash ?? (await decoyHash()), password)
    const now = this.now()
    const locked = staff?.locked_until != null && new Date(staff.locked_until) > now
    const success = passwordOk && staff !== undefined && staff.active && !locked
    const reason = !staff
      ? 'unknown user'
      : locked
        ? 'account locked'
        : !staff.active
          ? 'account disabled'
          : 'bad password'
    await db.transaction().execute(async trx => {
      if (staff && !success && !locked) await this.countFailure(trx, staff.id, now)
      if (success) await trx.updateTable('staff').set({ failed_sign_ins: 0 }).where('id', '=', staff.id).execute()
      await appendAudit(trx, now, [
        {
          actorId: staff?.id ?? null,
          actorUsername: name,
          operation: 'sign-in',
          correlationId,
          outcome: success ? 'success' : 'failure',
          details: success ? { step: 'password' } : { step: 'password', reason },
        },
      ])
    })
    if (!success || !staff) return { ok: false }
    return { ok: true, user: toUser(staff), mfaEnrolled: staff.totp_enrolled_at !== null }
  }

  /** One more consecutive failure; the threshold locks the account and starts the count again. */
  private async countFailure(trx: Database['db'], staffId: string, now: Date): Promise<boolean> {
    const row = await trx
      .updateTable('staff')
      .set(eb => ({ failed_sign_ins: eb('failed_sign_ins', '+', 1) }))
      .where('id', '=', staffId)
      .returning('failed_sign_ins')
      .executeTakeFirstOrThrow()
    if (row.failed_sign_ins < this.settings.lockoutThreshold) return false
    await trx
      .updateTable('staff')
      .set({ failed_sign_ins: 0, locked_until: new Date(now.getTime() + this.settings.lockoutMinutes * 60_000) })
      .where('id', '=', staffId)
      .execute()
    return true
  }

  /**
   * Starts a session. After the password it is "pending" (it may only complete the second factor);
   * after the code a brand-new session replaces it, so the id changes on sign-in (ASVS 7.2.4).
   */
  async startSession(
    user: SignedInUser,
    meta: { ip?: string; userAgent?: string },
    mfaVerified: boolean,
  ): Promise<string> {
    const token = newSecret()
    const now = this.now()
    const lifetime = mfaVerified ? this.settings.absoluteHours * 3_600_000 : this.settings.pendingMinutes * 60_000
    await this.database.db
      .insertInto('user_session')
      .values({
        id: digest(token),
        staff_id: user.id,
        csrf_token: newSecret(),
        created_at: now,
        last_seen_at: now,
        expires_at: new Date(now.getTime() + lifetime),
        ip: meta.ip ?? null,
        user_agent: meta.userAgent?.slice(0, 300) ?? null,
        mfa_verified_at: mfaVerified ? now : null,
      })
      .execute()
    if (mfaVerified)
      await this.database.db.updateTable('staff').set({ last_sign_in_at: now }).where('id', '=', user.id).execute()
    return token
  }

  /** The session behind a cookie, if it is live; touching it extends the idle timeout. */
  async resumeSession(token: string | undefined): Promise<SessionView | null> {
    if (!token) return null
    const now = this.now()
    const { db } = this.database
    const row = await db
      .selectFrom('user_session')
      .innerJoin('staff', 'staff.id', 'user_session.staff_id')
      .select([
        ...USER_COLUMNS,
        'user_session.id as sessionId',
        'user_session.csrf_token as csrfToken',
        'user_session.last_seen_at as lastSeenAt',
        'user_session.expires_at as expiresAt',
        'user_session.revoked_at as revokedAt',
        'user_session.mfa_verified_at as mfaVerifiedAt',
        'staff.active',
        'staff.totp_enrolled_at as totpEnrolledAt',
      ])
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
      user: toUser(row),
      sessionId: row.sessionId,
      csrfToken: row.csrfToken,
      mfaVerified: row.mfaVerifiedAt !== null,
      mfaEnrolled: row.totpEnrolledAt !== null,
    }
  }

  /**
   * The second step: a 6-digit code from the authenticator app, or a one-time recovery code.
   * Wrong codes count towards the lockout like wrong passwords. On success the pending session
   * is ended and a fresh one returned.
   */
  async completeSecondFactor(
    session: SessionView,
    code: string,
    meta: { ip?: string; userAgent?: string },
    correlationId: string,
  ): Promise<{ ok: true; token: string } | { ok: false; locked: boolean }> {
    const { db } = this.database
    const now = this.now()
    const staff = await db
      .selectFrom('staff')
      .select(['totp_secret', 'totp_last_step', 'totp_enrolled_at', 'locked_until'])
      .where('id', '=', session.user.id)
      .executeTakeFirstOrThrow()
    const locked = staff.locked_until != null && new Date(staff.locked_until) > now
    let step: number | null = null
    let recoveryCodeId: string | null = null
    if (!locked && staff.totp_secret && staff.totp_enrolled_at) {
      step = checkTotp(
        this.secrets.open(staff.totp_secret),
        code,
        this.clock.now(),
        staff.totp_last_step === null ? null : Number(staff.totp_last_step),
      )
      if (step === null) recoveryCodeId = await this.matchRecoveryCode(session.user.id, code)
    }
    const ok = step !== null || recoveryCodeId !== null
    let nowLocked = locked
    await db.transaction().execute(async trx => {
      if (ok) {
        await trx
          .updateTable('staff')
          .set({ failed_sign_ins: 0, ...(step !== null ? { totp_last_step: step } : {}) })
          .where('id', '=', session.user.id)
          .execute()
        if (recoveryCodeId)
          await trx.updateTable('recovery_code').set({ used_at: now }).where('id', '=', recoveryCodeId).execute()
      } else if (!locked) {
        nowLocked = await this.countFailure(trx, session.user.id, now)
      }
      if (!ok && nowLocked)
        await trx.updateTable('user_session').set({ revoked_at: now }).where('id', '=', session.sessionId).execute()
      if (ok)
        await trx.updateTable('user_session').set({ revoked_at: now }).where('id', '=', session.sessionId).execute()
      await appendAudit(trx, now, [
        {
          actorId: session.user.id,
          actorUsername: session.user.username,
          operation: 'sign-in',
          correlationId,
          outcome: ok ? 'success' : 'failure',
          details: {
            step: recoveryCodeId ? 'recovery code' : 'authenticator code',
            ...(ok ? {} : { reason: locked ? 'account locked' : 'wrong code' }),
          },
        },
      ])
    })
    if (!ok) return { ok: false, locked: nowLocked }
    return { ok: true, token: await this.startSession(session.user, meta, true) }
  }

  private async matchRecoveryCode(staffId: string, code: string): Promise<string | null> {
    const normal = code.toUpperCase().replace(/[^A-Z0-9]/g, '')
    if (normal.length !== 10) return null
    const row = await this.database.db
      .selectFrom('recovery_code')
      .select('id')
      .where('staff_id', '=', staffId)
      .where('code_hash', '=', hashRecoveryCode(normal))
      .where('used_at', 'is', null)
      .executeTakeFirst()
    return row?.id ?? null
  }

  /** Starts (or restarts) authenticator set-up for a signed-in-but-not-enrolled user. */
  async beginEnrolment(session: SessionView): Promise<{ secret: string; uri: string }> {
    if (session.mfaEnrolled) throw new Error('Already enrolled')
    const { db } = this.database
    const existing = await db
      .selectFrom('staff')
      .select('totp_secret')
      .where('id', '=', session.user.id)
      .executeTakeFirstOrThrow()
    let secret = existing.totp_secret ? this.secrets.open(existing.totp_secret) : null
    if (!secret) {
      secret = newTotpSecret()
      await db
        .updateTable('staff')
        .set({ totp_secret: this.secrets.seal(secret) })
        .where('id', '=', session.user.id)
        .execute()
    }
    return { secret, uri: totpUri(secret, session.user.username, 'Vigil') }
  }

  /** Confirms set-up with a first code; returns recovery codes, shown to the user exactly once. */
  async finishEnrolment(
    session: SessionView,
    code: string,
    meta: { ip?: string; userAgent?: string },
    correlationId: string,
  ): Promise<{ ok: true; token: string; recoveryCodes: string[] } | { ok: false }> {
    const { db } = this.database
    const staff = await db
      .selectFrom('staff')
      .select(['totp_secret'])
      .where('id', '=', session.user.id)
      .executeTakeFirstOrThrow()
    if (!staff.totp_secret) return { ok: false }
    const step = checkTotp(this.secrets.open(staff.totp_secret), code, this.clock.now(), null)
    const now = this.now()
    if (step === null) {
      await appendAudit(db, now, [
        {
          actorId: session.user.id,
          actorUsername: session.user.username,
          operation: 'sign-in',
          correlationId,
          outcome: 'failure',
          details: { step: 'authenticator set-up', reason: 'wrong code' },
        },
      ])
      return { ok: false }
    }
    const recoveryCodes = Array.from({ length: 10 }, () => newRecoveryCode())
    await db.transaction().execute(async trx => {
      await trx
        .updateTable('staff')
        .set({ totp_enrolled_at: now, totp_last_step: step, failed_sign_ins: 0 })
        .where('id', '=', session.user.id)
        .execute()
      await trx.deleteFrom('recovery_code').where('staff_id', '=', session.user.id).execute()
      await trx
        .insertInto('recovery_code')
        .values(
          recoveryCodes.map(c => ({ staff_id: session.user.id, code_hash: hashRecoveryCode(c.replace(/-/g, '')) })),
        )
        .execute()
      await trx.updateTable('user_session').set({ revoked_at: now }).where('id', '=', session.sessionId).execute()
      await appendAudit(trx, now, [
        {
          actorId: session.user.id,
          actorUsername: session.user.username,
          operation: 'sign-in',
          correlationId,
          details: { step: 'authenticator set-up' },
        },
      ])
    })
    return { ok: true, token: await this.startSession(session.user, meta, true), recoveryCodes }
  }

  async endSession(session: SessionView, correlationId: string): Promise<void> {
    const now = this.now()
    await this.database.db.transaction().execute(async trx => {
      await trx.updateTable('user_session').set({ revoked_at: now }).where('id', '=', session.sessionId).execute()
      await appendAudit(trx, now, [
        { actorId: session.user.id, actorUsername: session.user.username, operation: 'sign-out', correlationId },
      ])
    })
  }

  /** A user's live sessions, newest first, for "where am I signed in". */
  async liveSessions(
    staffId: string,
  ): Promise<Array<{ id: string; createdAt: Date; lastSeenAt: Date; ip: string | null; userAgent: string | null }>> {
    const now = this.now()
    const idleCutoff = new Date(now.getTime() - this.settings.idleMinutes * 60_000)
    const rows = await this.database.db
      .selectFrom('user_session')
      .select(['id', 'created_at as createdAt', 'last_seen_at as lastSeenAt', 'ip', 'user_agent as userAgent'])
      .where('staff_id', '=', staffId)
      .where('revoked_at', 'is', null)
      .where('mfa_verified_at', 'is not', null)
      .where('expires_at', '>', now)
      .where('last_seen_at', '>', idleCutoff)
      .orderBy('created_at', 'desc')
      .execute()
    return rows.map(r => ({ ...r, createdAt: new Date(r.createdAt), lastSeenAt: new Date(r.lastSeenAt) }))
  }

  /** Ends one of the actor's own sessions (e.g. a tablet left signed in), or, for an administrator, anyone's. */
  async revokeSession(actor: Actor, sessionId: string): Promise<boolean> {
    const now = this.now()
    return this.database.db.transaction().execute(async trx => {
      const row = await trx
        .selectFrom('user_session')
        .select(['staff_id'])
        .where('id', '=', sessionId)
        .executeTakeFirst()
      if (!row || (row.staff_id !== actor.id && actor.role !== 'admin')) return false
      await trx
        .updateTable('user_session')
        .set({ revoked_at: now, ended_by: actor.id })
        .where('id', '=', sessionId)
        .where('revoked_at', 'is', null)
        .execute()
      await appendAudit(trx, now, [
        {
          actorId: actor.id,
          actorUsername: actor.username,
          operation: 'admin',
          recordType: 'session',
          recordId: row.staff_id,
          correlationId: actor.correlationId,
          details: { action: 'end session' },
        },
      ])
      return true
    })
  }

  /** A personal API token for `Authorization: Bearer`. Shown once; only its hash is kept. */
  async createApiToken(username: string, name = 'API token'): Promise<string> {
    const { db } = this.database
    const staff = await db
      .selectFrom('staff')
      .select(['id', 'username'])
      .where('username', '=', username.toLowerCase())
      .executeTakeFirst()
    if (!staff) throw new Error(`No user called ${username}`)
    const token = newSecret('vgl_')
    const now = this.now()
    await db.transaction().execute(async trx => {
      await trx
        .insertInto('api_token')
        .values({ staff_id: staff.id, name, token_hash: digest(token), created_at: now })
        .execute()
      await appendAudit(trx, now, [
        {
          actorId: staff.id,
          actorUsername: staff.username,
          operation: 'admin',
          recordType: 'api_token',
          details: { action: 'create token', name },
        },
      ])
    })
    return token
  }

  async userForApiToken(token: string): Promise<SignedInUser | null> {
    const { db } = this.database
    const row = await db
      .selectFrom('api_token')
      .innerJoin('staff', 'staff.id', 'api_token.staff_id')
      .select([
        ...USER_COLUMNS,
        'api_token.id as tokenId',
        'api_token.revoked_at as revokedAt',
        'staff.active',
        'staff.locked_until as lockedUntil',
      ])
      .where('api_token.token_hash', '=', digest(token))
      .executeTakeFirst()
    if (!row || row.revokedAt || !row.active) return null
    if (row.lockedUntil && new Date(row.lockedUntil) > this.now()) return null
    await db.updateTable('api_token').set({ last_used_at: this.now() }).where('id', '=', row.tokenId).execute()
    return toUser(row)
  }

  /** The current code for an account (CLI `vigil totp`, for demo accounts on a laptop). */
  async currentCode(username: string): Promise<string> {
    const staff = await this.database.db
      .selectFrom('staff')
      .select(['totp_secret'])
      .where('username', '=', username.toLowerCase())
      .executeTakeFirst()
    if (!staff?.totp_secret) throw new Error(`${username} has no authenticator set up`)
    return totpCode(this.secrets.open(staff.totp_secret), this.clock.now())
  }
}

function newRecoveryCode(): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
  const bytes = randomBytes(10)
  const chars = Array.from(bytes, b => alphabet[b % alphabet.length]).join('')
  return `${chars.slice(0, 5)}-${chars.slice(5)}`
}

function hashRecoveryCode(normalised: string): string {
  return createHash('sha256').update(`vigil-recovery:${normalised}`).digest('hex')
}
