import { createHash, randomBytes } from 'node:crypto'
import type { Clock } from '../../domain/clock.ts'
import { nowDate } from '../../domain/clock.ts'
import type { Actor } from '../../domain/access/actor.ts'
import { checkTotp, newTotpSecret, totpCode, totpUri } from '../../domain/auth/totp.ts'
import type { DataAccess, Repositories } from '../../data/index.ts'
import type { Role } from '../../domain/access/actor.ts'
import { decoyHash, verifyPassword } from './passwords.ts'
import type { SecretBox } from './secretBox.ts'
import { digest, newSecret } from './tokens.ts'
import { ApiTokenService } from './apiTokenService.ts'

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
    private readonly data: DataAccess,
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
    const name = username.trim().toLowerCase().slice(0, 64)
    const staff = await this.data.repos.auth.staffForSignIn(name)
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
    await this.data.transaction(async repos => {
      // A correct password does not clear the failure count: only a completed sign-in does. Otherwise
      // someone holding the password could try 4 codes, sign in again, and never be locked out (issue 10).
      if (staff && !success && !locked) await this.countFailure(repos, staff.id, now)
      await repos.audit.append(now, [
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
    if (!success) return { ok: false }
    return { ok: true, user: toUser(staff), mfaEnrolled: staff.totp_enrolled_at !== null }
  }

  /** One more consecutive failure; the threshold locks the account and starts the count again. */
  private async countFailure(repos: Repositories, staffId: string, now: Date): Promise<boolean> {
    const failures = await repos.auth.countFailedSignIn(staffId)
    if (failures < this.settings.lockoutThreshold) return false
    await repos.auth.lockAccount(staffId, new Date(now.getTime() + this.settings.lockoutMinutes * 60_000))
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
    await this.data.repos.auth.insertSession({
      id: digest(token),
      staffId: user.id,
      csrfToken: newSecret(),
      createdAt: now,
      expiresAt: new Date(now.getTime() + lifetime),
      ip: meta.ip ?? null,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
      mfaVerifiedAt: mfaVerified ? now : null,
    })
    if (mfaVerified) await this.data.repos.auth.markSignedIn(user.id, now)
    return token
  }

  /** The session behind a cookie, if it is live; touching it extends the idle timeout. */
  async resumeSession(token: string | undefined): Promise<SessionView | null> {
    if (!token) return null
    const now = this.now()
    const row = await this.data.repos.auth.sessionWithUser(digest(token))
    if (!row || row.revokedAt || !row.active) return null
    const idleLimit = new Date(row.lastSeenAt).getTime() + this.settings.idleMinutes * 60_000
    if (now.getTime() > idleLimit || now.getTime() > new Date(row.expiresAt).getTime()) return null
    // Write the touch at most once a minute: a page with many requests should not write on each.
    if (now.getTime() - new Date(row.lastSeenAt).getTime() > 60_000) {
      await this.data.repos.auth.touchSession(row.sessionId, now)
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
    const now = this.now()
    const userId = session.user.id
    const staff = await this.data.repos.auth.secondFactorState(userId)
    const locked = staff.locked_until != null && new Date(staff.locked_until) > now
    let step: number | null = null
    let recoveryCodeId: string | null = null
    if (!locked && staff.totp_secret && staff.totp_enrolled_at) {
      step = checkTotp(this.secrets.open(staff.totp_secret), code, this.clock.now(), staff.totp_last_step)
      if (step === null) recoveryCodeId = await this.matchRecoveryCode(userId, code)
    }
    const outcome = await this.data.transaction(async repos => {
      // The code is only good if this request is the one that marks it used: two sign-ins racing with
      // the same code (or recovery code) both pass the check above, but only one conditional update wins.
      const ok =
        step !== null
          ? await repos.auth.claimTotpStep(userId, step)
          : recoveryCodeId !== null && (await repos.auth.consumeRecoveryCode(recoveryCodeId, now))
      let nowLocked = locked
      if (ok) await repos.auth.clearFailedSignIns(userId)
      else if (!locked) nowLocked = await this.countFailure(repos, userId, now)
      // On success the pending session gives way to a fresh one; on a lockout it simply ends.
      if (ok || nowLocked) await repos.auth.revokeSession(session.sessionId, now)
      await repos.audit.append(now, [
        {
          actorId: userId,
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
      return { ok, nowLocked }
    })
    if (!outcome.ok) return { ok: false, locked: outcome.nowLocked }
    return { ok: true, token: await this.startSession(session.user, meta, true) }
  }

  private async matchRecoveryCode(staffId: string, code: string): Promise<string | null> {
    const normal = code.toUpperCase().replace(/[^A-Z0-9]/g, '')
    if (normal.length !== 10) return null
    return this.data.repos.auth.unusedRecoveryCode(staffId, hashRecoveryCode(normal))
  }

  /** Starts (or restarts) authenticator set-up for a signed-in-but-not-enrolled user. */
  async beginEnrolment(session: SessionView): Promise<{ secret: string; uri: string }> {
    if (session.mfaEnrolled) throw new Error('Already enrolled')
    const existing = await this.data.repos.auth.totpSecretById(session.user.id)
    let secret = existing ? this.secrets.open(existing) : null
    if (!secret) {
      secret = newTotpSecret()
      await this.data.repos.auth.setTotpSecret(session.user.id, this.secrets.seal(secret))
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
    const sealed = await this.data.repos.auth.totpSecretById(session.user.id)
    if (!sealed) return { ok: false }
    const step = checkTotp(this.secrets.open(sealed), code, this.clock.now(), null)
    const now = this.now()
    if (step === null) {
      await this.data.repos.audit.append(now, [
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
    await this.data.transaction(async repos => {
      await repos.auth.completeEnrolment(session.user.id, now, step)
      await repos.auth.deleteRecoveryCodes(session.user.id)
      await repos.auth.insertRecoveryCodes(
        session.user.id,
        recoveryCodes.map(c => hashRecoveryCode(c.replace(/-/g, ''))),
      )
      await repos.auth.revokeSession(session.sessionId, now)
      await repos.audit.append(now, [
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
    await this.data.transaction(async repos => {
      await repos.auth.revokeSession(session.sessionId, now)
      await repos.audit.append(now, [
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
    const rows = await this.data.repos.auth.liveSessions(staffId, now, idleCutoff)
    return rows.map(r => ({ ...r, createdAt: new Date(r.createdAt), lastSeenAt: new Date(r.lastSeenAt) }))
  }

  /** Ends one of the actor's own sessions (e.g. a tablet left signed in), or, for an administrator, anyone's. */
  async revokeSession(actor: Actor, sessionId: string): Promise<boolean> {
    const now = this.now()
    return this.data.transaction(async repos => {
      const owner = await repos.auth.sessionOwner(sessionId)
      if (!owner || (owner !== actor.id && actor.role !== 'admin')) return false
      await repos.auth.endSessionBy(sessionId, now, actor.id)
      await repos.audit.append(now, [
        {
          actorId: actor.id,
          actorUsername: actor.username,
          operation: 'admin',
          recordType: 'session',
          recordId: owner,
          correlationId: actor.correlationId,
          details: { action: 'end session' },
        },
      ])
      return true
    })
  }

  /**
   * A personal API token with every scope and the default expiry, issued in the user's own name (tests,
   * scripts). People create scoped tokens on their account page or with `vigil create-token`.
   */
  async createApiToken(username: string, name = 'API token'): Promise<string> {
    const issued = await new ApiTokenService(this.data, this.clock).issueFull(username, name, {
      id: null,
      username: username.toLowerCase(),
    })
    return issued.token
  }

  /** The current code for an account (CLI `vigil totp`, for demo accounts on a laptop). */
  async currentCode(username: string): Promise<string> {
    const sealed = await this.data.repos.auth.totpSecretByUsername(username.toLowerCase())
    if (!sealed) throw new Error(`${username} has no authenticator set up`)
    return totpCode(this.secrets.open(sealed), this.clock.now())
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
