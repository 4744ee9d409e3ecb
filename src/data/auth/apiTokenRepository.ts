import type { Kysely } from 'kysely'
import type { DB } from '../schema.ts'
import { USER_COLUMNS } from './authRepository.ts'

export interface NewApiToken {
  staffId: string
  name: string
  tokenHash: string
  /** Space-separated scopes. */
  scopes: string
  createdAt: Date
  expiresAt: Date
}

const LISTED = [
  'api_token.id',
  'api_token.name',
  'api_token.scopes',
  'api_token.created_at as createdAt',
  'api_token.expires_at as expiresAt',
  'api_token.last_used_at as lastUsedAt',
  'api_token.revoked_at as revokedAt',
  'staff.username as owner',
] as const

/** Personal API tokens: only a hash of each is stored; revocation is a timestamp, never a deletion. */
export function apiTokenRepository(db: Kysely<DB>) {
  return {
    async insert(token: NewApiToken): Promise<string> {
      const row = await db
        .insertInto('api_token')
        .values({
          staff_id: token.staffId,
          name: token.name,
          token_hash: token.tokenHash,
          scopes: token.scopes,
          created_at: token.createdAt,
          expires_at: token.expiresAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return row.id
    },

    /** The token (by its hash) with its owner, for authenticating a request. */
    async withUser(tokenHash: string) {
      return db
        .selectFrom('api_token')
        .innerJoin('staff', 'staff.id', 'api_token.staff_id')
        .select([
          ...USER_COLUMNS,
          'api_token.id as tokenId',
          'api_token.scopes',
          'api_token.expires_at as expiresAt',
          'api_token.revoked_at as revokedAt',
          'staff.active',
          'staff.locked_until as lockedUntil',
        ])
        .where('api_token.token_hash', '=', tokenHash)
        .executeTakeFirst()
    },

    async touch(tokenId: string, at: Date): Promise<void> {
      await db.updateTable('api_token').set({ last_used_at: at }).where('id', '=', tokenId).execute()
    },

    /** One token with its owner's id and username (for revocation). */
    async byId(tokenId: string) {
      return db
        .selectFrom('api_token')
        .innerJoin('staff', 'staff.id', 'api_token.staff_id')
        .select(['api_token.id', 'api_token.name', 'api_token.staff_id as staffId', 'staff.username as owner'])
        .where('api_token.id', '=', tokenId)
        .executeTakeFirst()
    },

    /** Tokens not revoked and not expired at `now`, newest first; one owner's, or everyone's. */
    async live(now: Date, staffId?: string) {
      return db
        .selectFrom('api_token')
        .innerJoin('staff', 'staff.id', 'api_token.staff_id')
        .select(LISTED)
        .where('api_token.revoked_at', 'is', null)
        .where('api_token.expires_at', '>', now)
        .$if(staffId !== undefined, q => q.where('api_token.staff_id', '=', staffId ?? ''))
        .orderBy('api_token.created_at', 'desc')
        .execute()
    },

    /** Revokes one token if it is still live; false when it was already revoked. */
    async revoke(tokenId: string, at: Date, by: string | null): Promise<boolean> {
      const result = await db
        .updateTable('api_token')
        .set({ revoked_at: at, revoked_by: by })
        .where('id', '=', tokenId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },

    /** Revokes every live token of a user (with their sessions: disable, end all sessions, reset authenticator). */
    async revokeAllOf(staffId: string, at: Date, by: string | null): Promise<number> {
      const result = await db
        .updateTable('api_token')
        .set({ revoked_at: at, revoked_by: by })
        .where('staff_id', '=', staffId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst()
      return Number(result.numUpdatedRows)
    },
  }
}

export type ApiTokenRepository = ReturnType<typeof apiTokenRepository>
