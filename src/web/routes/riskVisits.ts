import type { FastifyInstance } from 'fastify'
import type { Services } from '../../app/composition.ts'
import type { Render } from '../render.ts'
import { registerGovernanceRoutes } from './governance/index.ts'
import { registerRiskRoutes } from './risk/index.ts'
import { registerVisitRoutes } from './visits/index.ts'
import { registerWorkloadRoutes } from './workload/index.ts'

/** Issue 5's pages: risk assessment, home visits, governance dashboards and workload. */
export function registerRiskVisitRoutes(app: FastifyInstance, services: Services, render: Render): void {
  registerGovernanceRoutes(app, services, render)
  registerVisitRoutes(app, services, render)
  registerRiskRoutes(app, services, render)
  registerWorkloadRoutes(app, services, render)
}
