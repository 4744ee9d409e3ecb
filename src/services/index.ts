import type { Clock } from '../domain/clock.ts'
import type { Database } from '../data/database.ts'
import { AuthService } from './auth/authService.ts'
import { SubjectService } from './subjects/subjectService.ts'

/** The composition root for use cases: the web app, the API, the CLI and the tests all build services here. */
export function createServices(database: Database, clock: Clock) {
  return {
    database,
    clock,
    auth: new AuthService(database, clock),
    subjects: new SubjectService(database, clock),
  }
}

export type Services = ReturnType<typeof createServices>
