import type { Clock } from '../domain/clock.ts'
import type { Database } from '../data/database.ts'
import { GovernanceService } from './governance/governanceService.ts'
import { RiskService } from './risk/riskService.ts'
import { VisitService } from './visits/visitService.ts'
import { WorkloadService } from './workload/workloadService.ts'

/** Issue 5's use cases (risk, visits, governance, workload), composed into createServices with one line. */
export function createRiskVisitServices(database: Database, clock: Clock) {
  return {
    risk: new RiskService(database, clock),
    visits: new VisitService(database, clock),
    governance: new GovernanceService(database, clock),
    workload: new WorkloadService(database, clock),
  }
}
