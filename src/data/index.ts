import type { Kysely } from 'kysely'
import type { Database, Engine } from './database.ts'
import type { DB } from './schema.ts'
import { accessRepository } from './access/accessRepository.ts'
import { analysisRepository } from './analysis/analysisRepository.ts'
import { auditRepository } from './audit/auditRepository.ts'
import { stored, withIdempotency } from './idempotency/idempotency.ts'
import { refreshPersonMatchKeys } from './identity/identityRepository.ts'
import { subjectRepository } from './subjects/subjectRepository.ts'
import { authRepository } from './auth/authRepository.ts'
import { apiTokenRepository } from './auth/apiTokenRepository.ts'
import { accountRepository } from './admin/accountRepository.ts'
import { alertRepository } from './alerts/alertRepository.ts'
import { notificationDraftRepository } from './register/notificationDraftRepository.ts'
import { registerRepository } from './register/registerRepository.ts'
import { governanceRepository } from './governance/governanceRepository.ts'
import { riskRepository } from './risk/riskRepository.ts'
import { scheduleRepository } from './schedule/scheduleRepository.ts'
import { visitRepository } from './visits/visitRepository.ts'
import { workloadRepository } from './workload/workloadRepository.ts'
import { duplicateRepository } from './identity/duplicateRepository.ts'
import { identityRepository } from './identity/identityRepository.ts'
import { timelineRepository } from './timeline/timelineRepository.ts'
import { referralRepository } from './ocait/referralRepository.ts'

/**
 * Every repository, bound to one connection or one transaction. Repositories own every SQL statement;
 * services reach the database only through them. Add each new capability's repository here.
 */
export function createRepositories(db: Kysely<DB>) {
  return {
    access: accessRepository(db),
    analysis: analysisRepository(db),
    audit: auditRepository(db),
    subjects: subjectRepository(db),
    personIndex: { refresh: (personIds: readonly string[]) => refreshPersonMatchKeys(db, personIds) },
    idempotency: { stored: <T>(actorId: string, key: string) => stored<T>(db, actorId, key) },
    auth: authRepository(db),
    apiTokens: apiTokenRepository(db),
    accounts: accountRepository(db),
    alerts: alertRepository(db),
    register: registerRepository(db),
    notificationDrafts: notificationDraftRepository(db),
    governance: governanceRepository(db),
    risk: riskRepository(db),
    schedule: scheduleRepository(db),
    visits: visitRepository(db),
    workload: workloadRepository(db),
    identity: identityRepository(db),
    duplicates: duplicateRepository(db),
    timeline: timelineRepository(db),
    ocaitReferrals: referralRepository(db),
  }
}

export type Repositories = ReturnType<typeof createRepositories>

/** What services are given: repositories outside a transaction, and a way to run work inside one. */
export interface DataAccess {
  engine: Engine
  repos: Repositories
  /** Runs `work` in one transaction; the repositories it receives are bound to it (commit on return, roll back on throw). */
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>
  /**
   * Like `transaction`, guarded by (actor, key): a retried request with the same key returns the first result and
   * writes nothing (a double-submitted form, an API client's Idempotency-Key).
   */
  idempotent<T>(
    actorId: string,
    key: string | undefined,
    at: Date,
    work: (repos: Repositories) => Promise<T>,
    /** A digest of the request (`requestFingerprint`): the same key with another request is refused. */
    fingerprint?: string,
  ): Promise<T>
}

/**
 * SQLSTATEs after which the whole transaction can simply run again: 40001 serialization failure, 40P01 deadlock
 * detected. PostgreSQL rolled the transaction back, so nothing of the first attempt remains.
 */
const RETRYABLE_SQLSTATES = new Set(['40001', '40P01'])

export function isRetryableTransactionFailure(error: unknown): boolean {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined
  return typeof code === 'string' && RETRYABLE_SQLSTATES.has(code)
}

async function retriedOnce<T>(attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt()
  } catch (error) {
    if (!isRetryableTransactionFailure(error)) throw error
    return attempt()
  }
}

export function createDataAccess(database: Database): DataAccess {
  const once = <T>(work: (repos: Repositories) => Promise<T>) =>
    database.db.transaction().execute(tx => work(createRepositories(tx)))
  return {
    engine: database.engine,
    repos: createRepositories(database.db),
    // Retried once: a second conflict in a row is reported (the work may be what conflicts, and retrying
    // without limit would hide it). `work` must have no effects outside the transaction.
    transaction: work => retriedOnce(() => once(work)),
    idempotent: (actorId, key, at, work, fingerprint) =>
      retriedOnce(() =>
        withIdempotency(database.db, actorId, key, at, tx => work(createRepositories(tx)), fingerprint),
      ),
  }
}
