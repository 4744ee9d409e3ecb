import type { FastifyInstance, FastifyRequest } from 'fastify'
import { accessFor, allows, type Capability, type Scope, type ScopeAccess } from '../../domain/auth/scopes.ts'
import { Forbidden, Unauthorised } from '../../domain/errors.ts'
import type { Services } from '../../app/composition.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** The scopes of the API token the request came with (null on the web). */
    apiScopes: Scope[] | null
  }
  interface FastifyContextConfig {
    /** No token needed (the OpenAPI document). */
    public?: boolean
    /**
     * The capability an API route belongs to: a token needs `<capability>:read` for GET and
     * `<capability>:write` for POST, PUT, PATCH and DELETE. `any` is for routes about the caller
     * (`/me`). A non-public route that declares nothing is refused to every token (fail closed).
     */
    capability?: Capability | 'any'
  }
}

/** Refuses the request unless its token carries `capability:access` (by default, what the method needs). */
export function requireScope(
  request: FastifyRequest,
  capability: Capability,
  access: ScopeAccess = accessFor(request.method),
): void {
  // A safe method may be declared as a write (never the other way round): POST always needs write.
  const needed = accessFor(request.method) === 'write' ? 'write' : access
  if (!request.apiScopes || !allows(request.apiScopes, capability, needed))
    throw new Forbidden(`This API token does not have the ${capability}:${needed} scope`)
}

/**
 * Bearer-token authentication for every API route, then the route's scope: a token is checked once
 * per request, before validation or the handler runs, so a token without the scope learns nothing.
 */
export function authenticateApi(api: FastifyInstance, services: Services): void {
  api.decorateRequest('apiScopes', null)
  api.addHook('onRequest', async request => {
    const config = request.routeOptions.config
    if (config.public) return
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')
    if (!match?.[1]) throw new Unauthorised('Send a personal API token as "Authorization: Bearer <token>"')
    const caller = await services.apiTokens.authenticate(match[1])
    if (!caller) throw new Unauthorised('The API token is not valid, has expired or has been revoked')
    request.apiUser = caller.user
    request.apiScopes = caller.scopes
    if (config.capability === 'any') return
    if (!config.capability) throw new Forbidden('This API route declares no scope, so no token may call it')
    requireScope(request, config.capability)
  })
}
