import type { Clock } from '../domain/clock.ts'
import type { Database } from '../data/database.ts'
import { createAlertBus } from '../data/alerts/alertBus.ts'
import { createDataAccess } from '../data/index.ts'
import { AccessGate } from '../services/access/gate.ts'
import { AccountAdminService } from '../services/admin/accountAdminService.ts'
import { AnalysisService } from '../services/analysis/analysisService.ts'
import { AuditSearchService } from '../services/audit/auditSearch.ts'
import { createAlertServices } from '../services/alerts/index.ts'
import { alertSettingsFromEnv, type AlertSettings } from '../services/alerts/settings.ts'
import { AuthService } from '../services/auth/authService.ts'
import { ApiTokenService } from '../services/auth/apiTokenService.ts'
import { SecretBox } from '../services/auth/secretBox.ts'
import { GovernanceService } from '../services/governance/governanceService.ts'
import { RiskService } from '../services/risk/riskService.ts'
import { SubjectService } from '../services/subjects/subjectService.ts'
import { VisitService } from '../services/visits/visitService.ts'
import { WorkloadService } from '../services/workload/workloadService.ts'
import { createIdentityServices } from '../services/identity/index.ts'
import { createRegisterServices } from '../services/register/index.ts'
import { createOcaitServices } from '../services/ocait/index.ts'

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
  const subjects = new SubjectService(data, clock, gate)
  const visits = new VisitService(data, gate, clock)
  // The subject page's home-visits and risk section (shown to viewers who may read the risk part).
  subjects.addPageSection({
    name: 'riskVisits',
    part: 'risk',
    load: (repos, access) => visits.sectionFor(repos, access),
  })
  return {
    data,
    gate,
    secretBox,
    database,
    clock,
    auth: new AuthService(data, clock, secretBox),
    apiTokens: new ApiTokenService(data, clock),
    accounts: new AccountAdminService(data, clock),
    auditSearch: new AuditSearchService(data, clock),
    analysis: new AnalysisService(data, clock, secrets.sessionSecret),
    subjects,
    ...createRegisterServices(data, gate, clock),
    ...createAlertServices(data, clock, createAlertBus(database), secrets.alerts ?? alertSettingsFromEnv()),
    risk: new RiskService(data, gate, clock),
    visits,
    workload: new WorkloadService(data, gate, clock),
    governance: new GovernanceService(data, clock),
    ...createIdentityServices(data, gate, clock),
    ...createOcaitServices(data, gate, clock),
  }
}

export type Services = ReturnType<typeof createServices>
