import type { Clock } from '../domain/clock.ts'
import type { Database } from '../data/database.ts'
import { createDataAccess } from '../data/index.ts'
import { AccessGate } from '../services/access/gate.ts'
import { AccountAdminService } from '../services/admin/accountAdminService.ts'
import { AnalysisService } from '../services/analysis/analysisService.ts'
import { AuditSearchService } from '../services/audit/auditSearch.ts'
import type { AlertSettings } from '../services/alerts/settings.ts'
import { AuthService } from '../services/auth/authService.ts'
import { SecretBox } from '../services/auth/secretBox.ts'
import { SubjectService } from '../services/subjects/subjectService.ts'
import { createIdentityServices } from '../services/identity/index.ts'
import { createRegisterServices } from '../services/register/index.ts'
import { createRiskVisitServices } from '../services/riskVisitServices.ts'

/** The composition root for use cases: the web app, the API, the CLI and the tests all build services here. */
export function createServices(
  database: Database,
  clock: Clock,
  secrets: { sessionSecret: string; alerts?: AlertSettings },
) {
  const secretBox = new SecretBox(secrets.sessionSecret)
  // Services receive `data` (repositories and transactions) and the one need-to-know `gate`.
  const data = createDataAccess(database)
  const gate = new AccessGate(clock)
  return {
    data,
    gate,
    secretBox,
    database,
    clock,
    auth: new AuthService(data, clock, secretBox),
    accounts: new AccountAdminService(data, clock),
    auditSearch: new AuditSearchService(data, clock),
    analysis: new AnalysisService(database, clock, secrets.sessionSecret),
    subjects: new SubjectService(data, clock, gate),
    ...createRegisterServices(database, data, gate, clock, secrets.alerts),
    ...createRiskVisitServices(database, clock),
    ...createIdentityServices(database, clock),
  }
}

export type Services = ReturnType<typeof createServices>
