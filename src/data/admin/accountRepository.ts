import { sql, type Kysely } from 'kysely'
import type { DB } from '../schema.ts'

/** Staff accounts as administrators see them: no case data, only what account administration needs. */
export function accountRepository(db: Kysely<DB>) {
  return {
    /** Every account with its team and the number of sessions not yet ended or expired at `now`. */
    async listWithLiveSessions(now: Date) {
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
          'staff.active',
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
      // A count comes back as a string (bigint) from `pg` and as a number from PGlite.
      return rows.map(r => ({ ...r, liveSessions: Number(r.liveSessions as number | string | null) }))
    },

    async byId(staffId: string) {
      return db.selectFrom('staff').select(['id', 'username']).where('id', '=', staffId).executeTakeFirst()
    },

    async unlock(staffId: string): Promise<void> {
      await db.updateTable('staff').set({ locked_until: null, failed_sign_ins: 0 }).where('id', '=', staffId).execute()
    },

    /** A disabled account cannot sign in or use its API tokens; enabling it again restores neither. */
    async setActive(staffId: string, active: boolean): Promise<void> {
      await db.updateTable('staff').set({ active }).where('id', '=', staffId).execute()
    },

    /** Forgets the authenticator: the user sets up a new one at their next sign-in. */
    async clearAuthenticator(staffId: string): Promise<void> {
      await db
        .updateTable('staff')
        .set({ totp_secret: null, totp_enrolled_at: null, totp_last_step: null })
        .where('id', '=', staffId)
        .execute()
    },

    /** Row counts of the main tables, to check a seed or a migration (`vigil stats`). */
    async rowCounts(): Promise<Array<{ table: string; n: number }>> {
      const result = await sql<{ table: string; n: number }>`
        select 'subject' as table, count(*)::int as n from subject union all
        select 'person', count(*)::int from person union all
        select 'staff', count(*)::int from staff union all
        select 'audit_event', count(*)::int from audit_event`.execute(db)
      return result.rows
    },
  }
}

export type AccountRepository = ReturnType<typeof accountRepository>
