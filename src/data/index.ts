import type { Kysely } from 'kysely'
import type { Database, Engine } from './database.ts'
import type { DB } from './schema.ts'
import { accessRepository } from './access/accessRepository.ts'
import { auditRepository } from './audit/auditRepository.ts'
import { stored, withIdempotency } from './idempotency/idempotency.ts'
import { refreshPersonMatchKeys } from './identity/identityRepository.ts'
import { subjectRepository } from './subjects/subjectRepository.ts'
import { raiseAlert, recordSubjectEvent, type AlertInput, type SubjectEventInput } from './timeline/timelineRepository.ts'
import { authRepository } from './auth/authRepository.ts'
import { accountRepository } from './admin/accountRepository.ts'
import { alertRepository } from './alerts/alertRepository.ts'
import { notificationDraftRepository } from './register/notificationDraftRepository.ts'
import { registerRepository } from './register/registerRepository.ts'
import { governanceRepository } from './governance/governanceRepository.ts'
import { riskRepository } from './risk/riskRepository.ts'
import { scheduleRepository } from './schedule/scheduleRepository.ts'
import { visitRepository } from './visits/visitRepository.ts'
import { workloadRepository } from './workload/workloadRepository.ts'

/**
 * Every repository, bound to one connection or one transaction. Repositories own every SQL statement;
 * services reach the database only through them. Add each new capability's repository here.
 */
export function createRepositories(db: Kysely<DB>) {
  return {
    access: accessRepository(db),
    audit: auditRepository(db),
    subjects: subjectRepository(db),
    timeline: {
      recordSubjectEvent: (event: SubjectEventInput) => recordSubjectEvent(db, event),
      raiseAlert: (alert: AlertInput) => raiseAlert(db, alert),
    },
    personIndex: { refresh: (personIds: readonly string[]) => refreshPersonMatchKeys(db, personIds) },
    idempotency: { stored: <T>(actorId: string, key: string) => stored<T>(db, actorId, key) },
    auth: authRepository(db),
    accounts: accountRepository(db),
    alerts: alertRepository(db),
    register: registerRepository(db),
    notificationDrafts: notificationDraftRepository(db),
    governance: governanceRepository(db),
    risk: riskRepository(db),
    schedule: scheduleRepository(db),
    visits: visitRepository(db),
    workload: workloadRepository(db),
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
  idempotent<T>(actorId: string, key: string | undefined, at: Date, work: (repos: Repositories) => Promise<T>): Promise<T>
}

export function createDataAccess(database: Database): DataAccess {
  return {
    engine: database.engine,
    repos: createRepositories(database.db),
    transaction: work => database.db.transaction().execute(tx => work(createRepositories(tx))),
    idempotent: (actorId, key, at, work) =>
      withIdempotency(database.db, actorId, key, at, tx => work(createRepositories(tx))),
  }
}
