import { randomUUID } from 'node:crypto'
import Fastify, { type FastifyInstance } from 'fastify'
import type { Config } from '../config.ts'
import { loggerOptions } from '../logger.ts'
import { registerApi } from '../api/v1/index.ts'
import { refuseNulBytes } from '../http/forms.ts'
import { registerWeb } from '../web/app.ts'
import type { Services } from './composition.ts'

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
 * The one HTTP server: the web adapter and the JSON API side by side over the same services. It lives in the
 * composition root so that neither adapter imports the other. The order reads like a checklist (HMPPS app.ts):
 * correlation id, route table, health, then each adapter (which adds its own security, parsing and errors).
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

  // The web adapter sets the security headers, session, CSRF and error pages the API relies on too (the API's
  // routes opt out of the session and CSRF by their prefix), so it is registered first.
  await registerWeb(app, services, config)
  await registerApi(app, services)
  return app
}
