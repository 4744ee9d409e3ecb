import type { Kysely } from 'kysely'
import type { DB, Role } from '../schema.ts'

/** The columns that make a signed-in user (the actor of every later request). */
export const USER_COLUMNS = [
  'staff.id',
  'staff.username',
  'staff.display_name as displayName',
  'staff.role',
  'staff.team_id as teamId',
  'staff.agency',
] as const

export interface UserRow {
  id: string
  username: string
  displayName: string
  role: Role
  teamId: string | null
  agency: string | null
}

export interface NewSession {
  id: string
  staffId: string
  csrfToken: string
  createdAt: Date
  expiresAt: Date
  ip: string | null
  userAgent: string | null
  mfaVerifiedAt: Date | null
}

/**
 * Sign-in, second factor, sessions and recovery codes. The writes that must happen once whatever
 * the concurrency (a code step used, a recovery code consumed) are conditional updates that report
 * whether they took effect, so two racing requests cannot both win.
 */
export function authRepository(db: Kysely<DB>) {
  return {
    /** The account behind a username, with what the password step needs. */
    async staffForSignIn(username: string) {
      return db
        .selectFrom('staff')
        .select([...USER_COLUMNS, 'staff.password_hash', 'staff.active', 'staff.locked_until', 'staff.totp_enrolled_at'])
        .where('username', '=', username)
        .executeTakeFirst()
    },

    /** One more consecutive failed sign-in; returns the new count. */
    async countFailedSignIn(staffId: string): Promise<number> {
      const row = await db
        .updateTable('staff')
        .set(eb => ({ failed_sign_ins: eb('failed_sign_ins', '+', 1) }))
        .where('id', '=', staffId)
        .returning('failed_sign_ins')
        .executeTakeFirstOrThrow()
      return row.failed_sign_ins
    },

    /** Locks the account until `until` and starts the failure count again. */
    async lockAccount(staffId: string, until: Date): Promise<void> {
      await db.updateTable('staff').set({ failed_sign_ins: 0, locked_until: until }).where('id', '=', staffId).execute()
    },

    async clearFailedSignIns(staffId: string): Promise<void> {
      await db.updateTable('staff').set({ failed_sign_ins: 0 }).where('id', '=', staffId).execute()
    },

    async secondFactorState(staffId: string) {
      const row = await db
        .selectFrom('staff')
        .select(['totp_secret', 'totp_last_step', 'totp_enrolled_at', 'locked_until'])
        .where('id', '=', staffId)
        .executeTakeFirstOrThrow()
      // totp_last_step is a bigint: a string from `pg`, a number from PGlite.
      const lastStep = row.totp_last_step as number | string | null
      return { ...row, totp_last_step: lastStep === null ? null : Number(lastStep) }
    },

    /**
     * Marks the authenticator time step `step` used, only if no step at or after it was used before.
     * False when another sign-in got there first (the row lock makes a racing update wait and then
     * re-check the condition), so a code is accepted once.
     */
    async claimTotpStep(staffId: string, step: number): Promise<boolean> {
      const result = await db
        .updateTable('staff')
        .set({ totp_last_step: step })
        .where('id', '=', staffId)
        .where(eb => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
        .executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },

    async unusedRecoveryCode(staffId: string, codeHash: string): Promise<string | null> {
      const row = await db
        .selectFrom('recovery_code')
        .select('id')
        .where('staff_id', '=', staffId)
        .where('code_hash', '=', codeHash)
        .where('used_at', 'is', null)
        .executeTakeFirst()
      return row?.id ?? null
    },

    /** Consumes a recovery code if it is still unused; false when a racing sign-in consumed it first. */
    async consumeRecoveryCode(id: string, at: Date): Promise<boolean> {
      const result = await db
        .updateTable('recovery_code')
        .set({ used_at: at })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },

    async deleteRecoveryCodes(staffId: string): Promise<void> {
      await db.deleteFrom('recovery_code').where('staff_id', '=', staffId).execute()
    },

    async insertRecoveryCodes(staffId: string, codeHashes: string[]): Promise<void> {
      if (codeHashes.length === 0) return
      await db
        .insertInto('recovery_code')
        .values(codeHashes.map(code_hash => ({ staff_id: staffId, code_hash })))
        .execute()
    },

    async totpSecretById(staffId: string): Promise<string | null> {
      const row = await db.selectFrom('staff').select('totp_secret').where('id', '=', staffId).executeTakeFirstOrThrow()
      return row.totp_secret
    },

    async totpSecretByUsername(username: string): Promise<string | null | undefined> {
      const row = await db.selectFrom('staff').select('totp_secret').where('username', '=', username).executeTakeFirst()
      return row ? row.totp_secret : undefined
    },

    async setTotpSecret(staffId: string, sealed: string): Promise<void> {
      await db.updateTable('staff').set({ totp_secret: sealed }).where('id', '=', staffId).execute()
    },

    /** The authenticator is confirmed: enrolled now, its first code's step used, failures cleared. */
    async completeEnrolment(staffId: string, at: Date, step: number): Promise<void> {
      await db
        .updateTable('staff')
        .set({ totp_enrolled_at: at, totp_last_step: step, failed_sign_ins: 0 })
        .where('id', '=', staffId)
        .execute()
    },

    async markSignedIn(staffId: string, at: Date): Promise<void> {
      await db.updateTable('staff').set({ last_sign_in_at: at }).where('id', '=', staffId).execute()
    },

    async insertSession(session: NewSession): Promise<void> {
      await db
        .insertInto('user_session')
        .values({
          id: session.id,
          staff_id: session.staffId,
          csrf_token: session.csrfToken,
          created_at: session.createdAt,
          last_seen_at: session.createdAt,
          expires_at: session.expiresAt,
          ip: session.ip,
          user_agent: session.userAgent,
          mfa_verified_at: session.mfaVerifiedAt,
        })
        .execute()
    },

    /** A session (by the digest of its cookie) with its user. */
    async sessionWithUser(sessionId: string) {
      return db
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
        .where('user_session.id', '=', sessionId)
        .executeTakeFirst()
    },

    async touchSession(sessionId: string, at: Date): Promise<void> {
      await db.updateTable('user_session').set({ last_seen_at: at }).where('id', '=', sessionId).execute()
    },

    /** Ends one session (sign-out, a finished sign-in step, a lockout). */
    async revokeSession(sessionId: string, at: Date): Promise<void> {
      await db.updateTable('user_session').set({ revoked_at: at }).where('id', '=', sessionId).execute()
    },

    /** Ends a session someone else may own, recording who ended it; an already ended one is left as it was. */
    async endSessionBy(sessionId: string, at: Date, endedBy: string): Promise<void> {
      await db
        .updateTable('user_session')
        .set({ revoked_at: at, ended_by: endedBy })
        .where('id', '=', sessionId)
        .where('revoked_at', 'is', null)
        .execute()
    },

    /** Ends every live session of a user. */
    async endSessionsOf(staffId: string, at: Date, endedBy: string): Promise<void> {
      await db
        .updateTable('user_session')
        .set({ revoked_at: at, ended_by: endedBy })
        .where('staff_id', '=', staffId)
        .where('revoked_at', 'is', null)
        .execute()
    },

    async sessionOwner(sessionId: string): Promise<string | null> {
      const row = await db.selectFrom('user_session').select('staff_id').where('id', '=', sessionId).executeTakeFirst()
      return row?.staff_id ?? null
    },

    /** A user's fully signed-in sessions that are neither ended, expired nor idle, newest first. */
    async liveSessions(staffId: string, now: Date, idleCutoff: Date) {
      return db
        .selectFrom('user_session')
        .select(['id', 'created_at as createdAt', 'last_seen_at as lastSeenAt', 'ip', 'user_agent as userAgent'])
        .where('staff_id', '=', staffId)
        .where('revoked_at', 'is', null)
        .where('mfa_verified_at', 'is not', null)
        .where('expires_at', '>', now)
        .where('last_seen_at', '>', idleCutoff)
        .orderBy('created_at', 'desc')
        .execute()
    },

    async staffByUsername(username: string) {
      return db.selectFrom('staff').select(['id', 'username']).where('username', '=', username).executeTakeFirst()
    },
  }
}

export type AuthRepository = ReturnType<typeof authRepository>
