import { sql, type Kysely } from 'kysely'
import type { RecipientFacts } from '../../domain/alerts/recipients.ts'
import type { ReferralAccount } from '../../domain/ocait/intake.ts'
import type { DB } from '../schema.ts'
import { requireVersionedUpdate } from '../versioning.ts'

/** What every use of a referral needs first: whose it is, where it stands, its version. */
export interface ReferralHead {
  id: string
  reference: string
  owningTeamId: string
  officerId: string | null
  status: string
  grade: string | null
  receivedAt: Date
  triagedAt: Date | null
  triageDueAt: Date
  actionDueAt: Date | null
  actionedAt: Date | null
  suspectPersonId: string | null
  version: number
}

export interface StoredUpload {
  ip: string
  uploadedAt: Date
  reportedTime: string
  reportedZone: string
}

/** The whole referral as its owning team sees it. */
export interface ReferralRecord extends ReferralHead {
  owningTeamName: string
  officerName: string | null
  source: string
  sourceReference: string | null
  otherForce: string | null
  platform: string | null
  images: { a: number; b: number; c: number }
  summary: string
  suspect: { givenName: string | null; familyName: string | null; dateOfBirth: string | null; postcode: string | null }
  suspectLinkedAt: Date | null
  triage: unknown
  triagedByName: string | null
  actionKind: string | null
  development: unknown
  warrantPackFirstAt: Date | null
  executedOn: string | null
  execution: unknown
  arrestedOn: string | null
  createdAt: Date
  accounts: ReferralAccount[]
  uploads: StoredUpload[]
}

export interface QueueRow {
  id: string
  reference: string
  source: string
  receivedAt: Date
  status: string
  grade: string | null
  triageDueAt: Date
  actionDueAt: Date | null
  officerName: string | null
  owningTeamName: string
  suspectName: string | null
}

export type QueueView = 'open' | 'overdue' | 'awaiting-triage' | 'all'

export interface NewReferral {
  reference: string
  owningTeamId: string
  officerId: string
  source: string
  sourceReference: string | null
  otherForce: string | null
  receivedAt: Date
  platform: string | null
  images: { a: number; b: number; c: number }
  summary: string
  suspect: { givenName: string | null; familyName: string | null; dateOfBirth: string | null; postcode: string | null }
  triageDueAt: Date
  createdAt: Date
  createdBy: string
  accounts: ReferralAccount[]
  uploads: StoredUpload[]
}

/** A referral whose deadline has passed with no alert yet raised for it. */
export interface OverdueReferral {
  id: string
  reference: string
  grade: string | null
  dueAt: Date
  officerId: string | null
  owningTeamId: string
}

const OPEN_STATUSES = ['awaiting-triage', 'in-development', 'ready-for-warrant']

const asDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v))
const asDateOrNull = (v: Date | string | null): Date | null => (v === null ? null : asDate(v))

/** Online child abuse referrals: every SQL statement about them. No rules and no access checks here. */
export function referralRepository(db: Kysely<DB>) {
  const head = () =>
    db
      .selectFrom('ocait_referral as r')
      .select([
        'r.id',
        'r.reference',
        'r.owning_team_id as owningTeamId',
        'r.officer_id as officerId',
        'r.status',
        'r.grade',
        'r.received_at as receivedAt',
        'r.triaged_at as triagedAt',
        'r.triage_due_at as triageDueAt',
        'r.action_due_at as actionDueAt',
        'r.actioned_at as actionedAt',
        'r.suspect_person_id as suspectPersonId',
        'r.version',
      ])
  const toHead = (r: Awaited<ReturnType<ReturnType<typeof head>['executeTakeFirstOrThrow']>>): ReferralHead => ({
    ...r,
    receivedAt: asDate(r.receivedAt),
    triagedAt: asDateOrNull(r.triagedAt),
    triageDueAt: asDate(r.triageDueAt),
    actionDueAt: asDateOrNull(r.actionDueAt),
    actionedAt: asDateOrNull(r.actionedAt),
  })

  return {
    /** The next reference, OCA-000001 onwards (a sequence: never reused, even after a rollback). */
    async nextReference(): Promise<string> {
      const n = await sql<{ n: number }>`select nextval('ocait_referral_reference_seq')::int as n`.execute(db)
      return `OCA-${String(n.rows[0]?.n ?? 0).padStart(6, '0')}`
    },

    async insert(referral: NewReferral): Promise<string> {
      const row = await db
        .insertInto('ocait_referral')
        .values({
          reference: referral.reference,
          owning_team_id: referral.owningTeamId,
          officer_id: referral.officerId,
          source: referral.source,
          source_reference: referral.sourceReference,
          other_force: referral.otherForce,
          received_at: referral.receivedAt,
          platform: referral.platform,
          images_a: referral.images.a,
          images_b: referral.images.b,
          images_c: referral.images.c,
          summary: referral.summary,
          suspect_given_name: referral.suspect.givenName,
          suspect_family_name: referral.suspect.familyName,
          suspect_date_of_birth: referral.suspect.dateOfBirth,
          suspect_postcode: referral.suspect.postcode,
          triage_due_at: referral.triageDueAt,
          created_at: referral.createdAt,
          created_by: referral.createdBy,
          updated_at: referral.createdAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      if (referral.accounts.length > 0)
        await db
          .insertInto('ocait_account')
          .values(referral.accounts.map((a, position) => ({ referral_id: row.id, position, ...a })))
          .execute()
      if (referral.uploads.length > 0)
        await db
          .insertInto('ocait_upload')
          .values(
            referral.uploads.map((u, position) => ({
              referral_id: row.id,
              position,
              ip: u.ip,
              uploaded_at: u.uploadedAt,
              reported_time: u.reportedTime,
              reported_zone: u.reportedZone,
            })),
          )
          .execute()
      return row.id
    },

    async head(id: string): Promise<ReferralHead | undefined> {
      const r = await head().where('r.id', '=', id).executeTakeFirst()
      return r && toHead(r)
    },

    async record(id: string): Promise<ReferralRecord | undefined> {
      const r = await db
        .selectFrom('ocait_referral as r')
        .innerJoin('team as t', 't.id', 'r.owning_team_id')
        .leftJoin('staff as o', 'o.id', 'r.officer_id')
        .leftJoin('staff as tb', 'tb.id', 'r.triaged_by')
        .selectAll('r')
        .select(['t.name as teamName', 'o.display_name as officerName', 'tb.display_name as triagedByName'])
        .where('r.id', '=', id)
        .executeTakeFirst()
      if (!r) return undefined
      const accounts = await db
        .selectFrom('ocait_account')
        .select(['platform', 'kind', 'value'])
        .where('referral_id', '=', id)
        .orderBy('position')
        .execute()
      const uploads = await db
        .selectFrom('ocait_upload')
        .select(['ip', 'uploaded_at as uploadedAt', 'reported_time as reportedTime', 'reported_zone as reportedZone'])
        .where('referral_id', '=', id)
        .orderBy('position')
        .execute()
      return {
        id: r.id,
        reference: r.reference,
        owningTeamId: r.owning_team_id,
        owningTeamName: r.teamName,
        officerId: r.officer_id,
        officerName: r.officerName,
        status: r.status,
        grade: r.grade,
        receivedAt: asDate(r.received_at),
        triagedAt: asDateOrNull(r.triaged_at),
        triageDueAt: asDate(r.triage_due_at),
        actionDueAt: asDateOrNull(r.action_due_at),
        actionedAt: asDateOrNull(r.actioned_at),
        suspectPersonId: r.suspect_person_id,
        version: r.version,
        source: r.source,
        sourceReference: r.source_reference,
        otherForce: r.other_force,
        platform: r.platform,
        images: { a: r.images_a, b: r.images_b, c: r.images_c },
        summary: r.summary,
        suspect: {
          givenName: r.suspect_given_name,
          familyName: r.suspect_family_name,
          dateOfBirth: r.suspect_date_of_birth,
          postcode: r.suspect_postcode,
        },
        suspectLinkedAt: asDateOrNull(r.suspect_linked_at),
        triage: r.triage,
        triagedByName: r.triagedByName,
        actionKind: r.action_kind,
        development: r.development,
        warrantPackFirstAt: asDateOrNull(r.warrant_pack_first_at),
        executedOn: r.executed_on,
        execution: r.execution,
        arrestedOn: r.arrested_on,
        createdAt: asDate(r.created_at),
        accounts: accounts.map(a => ({ ...a, kind: a.kind as ReferralAccount['kind'] })),
        uploads: uploads.map(u => ({ ...u, uploadedAt: asDate(u.uploadedAt) })),
      }
    },

    /** A team's queue (or every team's), most urgent first: overdue, then by the deadline that applies now. */
    async queue(
      scope: { teamId: string } | 'all',
      view: QueueView,
      now: Date,
      page: { limit: number; offset: number },
    ): Promise<{ rows: QueueRow[]; total: number }> {
      // The deadline that applies now: triage until triaged, then action until actioned.
      const due = sql<Date>`coalesce(r.action_due_at, r.triage_due_at)`
      const base = db
        .selectFrom('ocait_referral as r')
        .innerJoin('team as t', 't.id', 'r.owning_team_id')
        .leftJoin('staff as o', 'o.id', 'r.officer_id')
        .$if(scope !== 'all', q => q.where('r.owning_team_id', '=', (scope as { teamId: string }).teamId))
        .$if(view === 'open', q => q.where('r.status', 'in', OPEN_STATUSES))
        .$if(view === 'awaiting-triage', q => q.where('r.status', '=', 'awaiting-triage'))
        .$if(view === 'overdue', q =>
          q
            .where('r.status', 'in', OPEN_STATUSES)
            .where(eb =>
              eb.or([
                eb.and([eb('r.triaged_at', 'is', null), eb('r.triage_due_at', '<', now)]),
                eb.and([eb('r.actioned_at', 'is', null), eb('r.action_due_at', '<', now)]),
              ]),
            ),
        )
      const total = await base.select(eb => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      const rows = await base
        .select([
          'r.id',
          'r.reference',
          'r.source',
          'r.received_at as receivedAt',
          'r.status',
          'r.grade',
          'r.triage_due_at as triageDueAt',
          'r.action_due_at as actionDueAt',
          'o.display_name as officerName',
          't.name as owningTeamName',
          sql<string | null>`nullif(concat_ws(' ', r.suspect_given_name, r.suspect_family_name), '')`.as('suspectName'),
        ])
        .orderBy(sql`case when r.status in ('awaiting-triage','in-development','ready-for-warrant') then 0 else 1 end`)
        .orderBy(due)
        .orderBy('r.reference')
        .limit(page.limit)
        .offset(page.offset)
        .execute()
      return {
        total: total.n,
        rows: rows.map(r => ({
          ...r,
          receivedAt: asDate(r.receivedAt),
          triageDueAt: asDate(r.triageDueAt),
          actionDueAt: asDateOrNull(r.actionDueAt),
        })),
      }
    },

    /** Records the triage (optimistic concurrency: only over the version the officer graded). */
    async recordTriage(
      id: string,
      expectedVersion: number,
      triage: { grade: string; result: unknown; at: Date; by: string; actionDueAt: Date },
    ): Promise<void> {
      const result = await db
        .updateTable('ocait_referral')
        .set({
          grade: triage.grade,
          triage: JSON.stringify(triage.result),
          triaged_at: triage.at,
          triaged_by: triage.by,
          action_due_at: triage.actionDueAt,
          // A regrade moves the deadline: an alert for the old one does not cover the new one.
          action_overdue_alerted_at: null,
          status: sql<string>`case when status = 'awaiting-triage' then 'in-development' else status end`,
          updated_at: triage.at,
          version: sql<number>`version + 1`,
        })
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst()
      await requireVersionedUpdate(result.numUpdatedRows, {
        record: 'referral',
        expectedVersion,
        attempted: { Grade: triage.grade },
        current: async () => {
          const row = await db.selectFrom('ocait_referral').select(['version', 'grade']).where('id', '=', id).executeTakeFirst()
          return row && { version: row.version, snapshot: { Grade: row.grade } }
        },
      })
    },

    /** Referrals past their triage deadline, not yet triaged, with no alert raised yet. */
    async triageOverdue(now: Date, limit: number): Promise<OverdueReferral[]> {
      const rows = await db
        .selectFrom('ocait_referral')
        .select(['id', 'reference', 'grade', 'triage_due_at as dueAt', 'officer_id as officerId', 'owning_team_id as owningTeamId'])
        .where('triaged_at', 'is', null)
        .where('status', 'in', OPEN_STATUSES)
        .where('triage_due_at', '<', now)
        .where('triage_overdue_alerted_at', 'is', null)
        .orderBy('triage_due_at')
        .limit(limit)
        .execute()
      return rows.map(r => ({ ...r, dueAt: asDate(r.dueAt) }))
    },

    /** Triaged referrals past their target time to action, not actioned, with no alert raised yet. */
    async actionOverdue(now: Date, limit: number): Promise<OverdueReferral[]> {
      const rows = await db
        .selectFrom('ocait_referral')
        .select(['id', 'reference', 'grade', 'action_due_at as dueAt', 'officer_id as officerId', 'owning_team_id as owningTeamId'])
        .where('actioned_at', 'is', null)
        .where('status', 'in', OPEN_STATUSES)
        .where('action_due_at', '<', now)
        .where('action_overdue_alerted_at', 'is', null)
        .orderBy('action_due_at')
        .limit(limit)
        .execute()
      return rows.flatMap(r => (r.dueAt === null ? [] : [{ ...r, dueAt: asDate(r.dueAt) }]))
    },

    /** Claims the overdue alert for a referral, once (two instances sweeping at once raise it once). */
    async claimOverdueAlert(id: string, which: 'triage' | 'action', at: Date): Promise<boolean> {
      const column = which === 'triage' ? 'triage_overdue_alerted_at' : 'action_overdue_alerted_at'
      const result = await db
        .updateTable('ocait_referral')
        .set({ [column]: at })
        .where('id', '=', id)
        .where(column, 'is', null)
        .executeTakeFirst()
      return Number(result.numUpdatedRows) > 0
    },

    /** Who is told about a referral: its officer, the officer's supervisor, and the owning team's supervisors. */
    async recipientFacts(referral: { officerId: string | null; owningTeamId: string }): Promise<RecipientFacts> {
      const officer = referral.officerId
        ? await db.selectFrom('staff').select('supervisor_id').where('id', '=', referral.officerId).executeTakeFirst()
        : undefined
      const supervisors = await db
        .selectFrom('staff')
        .select('id')
        .where('team_id', '=', referral.owningTeamId)
        .where('role', '=', 'supervisor')
        .where('active', '=', true)
        .orderBy('id')
        .execute()
      return {
        offenderManagerId: referral.officerId,
        managerSupervisorId: officer?.supervisor_id ?? null,
        teamSupervisorIds: supervisors.map(s => s.id),
      }
    },
  }
}

export type ReferralRepository = ReturnType<typeof referralRepository>
