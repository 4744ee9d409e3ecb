import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import formbody from '@fastify/formbody'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../config.ts'
import type { Services } from '../app/composition.ts'
import { createNunjucks, govukDist, mojRoot } from './nunjucks.ts'
import { setUpErrorHandling } from './plugins/errors.ts'
import { setUpWebSecurity } from './plugins/security.ts'
import { setUpCsrf, setUpWebSession } from './plugins/session.ts'
import { createRenderer } from './render.ts'
import { registerAuthRoutes } from './routes/auth.ts'
import { registerHomeRoutes } from './routes/home.ts'
import { registerIdentityRoutes } from './routes/identity.ts'
import { registerSecurityRoutes } from './routes/security.ts'
import { registerStaticPages } from './routes/staticPages.ts'
import { registerSubjectRoutes } from './routes/subjects.ts'
import { registerGovernanceRoutes } from './routes/governance/index.ts'
import { registerRiskRoutes } from './routes/risk/index.ts'
import { registerVisitRoutes } from './routes/visits/index.ts'
import { registerWorkloadRoutes } from './routes/workload/index.ts'
import { registerRegisterRoutes } from './routes/register/index.ts'
import { registerOcaitRoutes } from './routes/ocait/index.ts'

const here = dirname(fileURLToPath(import.meta.url))

/**
 * The web adapter: security headers, form parsing, static assets, session, CSRF, error pages, then the pages of each
 * capability. Registered on the server that src/app/httpApp.ts builds.
 */
export async function registerWeb(app: FastifyInstance, services: Services, config: Config): Promise<void> {
  await setUpWebSecurity(app, { https: config.https })
  await app.register(formbody)
  await app.register(fastifyStatic, {
    root: join(govukDist, 'govuk', 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    maxAge: '1d',
  })
  await app.register(fastifyStatic, {
    root: join(govukDist, 'govuk'),
    prefix: '/assets/govuk/',
    decorateReply: false,
    allowedPath: p => /\.(css|js|mjs|map)$/.test(p),
  })
  await app.register(fastifyStatic, {
    root: join(mojRoot, 'moj'),
    prefix: '/assets/moj/',
    decorateReply: false,
    allowedPath: p => /\.(css|js|mjs|map|png|svg)$/.test(p),
  })
  await app.register(fastifyStatic, { root: join(here, 'assets'), prefix: '/assets/app/', decorateReply: false })
  await setUpWebSession(app, services, { https: config.https })
  setUpCsrf(app)

  const render = createRenderer(createNunjucks(), config)
  await setUpErrorHandling(app, render)
  registerAuthRoutes(app, services, render, config)
  registerHomeRoutes(app, services, render)
  registerSubjectRoutes(app, services, render)
  registerIdentityRoutes(app, services, render)
  registerGovernanceRoutes(app, services, render)
  registerVisitRoutes(app, services, render)
  registerRiskRoutes(app, services, render)
  registerWorkloadRoutes(app, services, render)
  registerRegisterRoutes(app, services, render)
  registerOcaitRoutes(app, services, render)
  registerSecurityRoutes(app, services, render)
  registerStaticPages(app, render)
}
