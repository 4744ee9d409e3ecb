import { randomUUID } from 'node:crypto'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import formbody from '@fastify/formbody'
import fastifyStatic from '@fastify/static'
import Fastify, { type FastifyInstance } from 'fastify'
import type { Config } from '../config.ts'
import { loggerOptions } from '../logger.ts'
import type { Services } from '../app/composition.ts'
import { registerApi } from '../api/v1/index.ts'
import { refuseNulBytes } from '../http/forms.ts'
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

const here = dirname(fileURLToPath(import.meta.url))

export interface RouteEntry {
  method: string
  url: string
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteEntry[]
  }
}

/**
 * Builds the web app and API. The order reads like a checklist (HMPPS app.ts): health, security
 * headers, parsing, static assets, session, CSRF, routes, errors.
 */
export async function createApp(
  services: Services,
  config: Config,
  options: { logger?: boolean } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger === false ? false : loggerOptions(config),
    trustProxy: config.trustProxy,
    // Correlation id: reuse an upstream X-Request-Id when it looks like one, else a fresh UUID.
    genReqId: request => {
      const incoming = request.headers['x-request-id']
      return typeof incoming === 'string' && /^[A-Za-z0-9-]{8,64}$/.test(incoming) ? incoming : randomUUID()
    },
    bodyLimit: 1_048_576,
  })
  // The route table, for the test that every route is access-checked and audited (test/security).
  const routeTable: RouteEntry[] = []
  app.decorate('routeTable', routeTable)
  app.addHook('onRoute', route => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    for (const method of methods) if (method !== 'HEAD') routeTable.push({ method, url: route.url })
  })
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id)
  })

  refuseNulBytes(app)
  app.get('/health', () => ({ status: 'ok', database: services.database.engine }))

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
  registerSecurityRoutes(app, services, render)
  registerStaticPages(app, render)
  await registerApi(app, services)
  return app
}
