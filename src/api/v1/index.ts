import type { FastifyInstance } from 'fastify'
import { ValidationError } from '../../domain/errors.ts'
import type { Services } from '../../app/composition.ts'
import { apiActor } from '../../http/actor.ts'
import { sendProblem } from '../../http/problem.ts'
import { openApiDocument } from './openapi.ts'
import { authenticateApi } from './apiAuth.ts'
import { registerRegisterApi } from './register.ts'
import { registerGovernanceApi } from './governance.ts'
import { registerIdentityApi } from './identity.ts'

/** JSON API over the same services as the web pages: same rules, same access checks, same audit. */
export async function registerApi(app: FastifyInstance, services: Services): Promise<void> {
  const document = openApiDocument()
  await app.register(
    api => {
      api.get('/openapi.json', { config: { public: true } }, () => document)

      authenticateApi(api, services)

      api.addHook('preValidation', (request, reply) => {
        if (request.method === 'POST' && !(request.headers['content-type'] ?? '').startsWith('application/json')) {
          return Promise.resolve(
            sendProblem(reply, {
              title: 'Unsupported media type',
              status: 415,
              detail: 'Send JSON with Content-Type: application/json',
            }),
          )
        }
        return Promise.resolve()
      })

      registerGovernanceApi(api, services)
      registerRegisterApi(api, services)
      registerIdentityApi(api, services)

      // API answers carry personal data: never cached by browsers or proxies.
      api.addHook('onSend', async (_request, reply) => {
        reply.header('cache-control', 'no-store')
      })

      api.post<{ Params: { id: string } }>(
        '/subjects/:id/break-glass',
        { config: { capability: 'subjects' } },
        async (request, reply) => {
          const body = (request.body ?? {}) as Record<string, unknown>
          await services.subjects.breakGlass(apiActor(request), request.params.id, body.reason)
          return reply.status(204).send()
        },
      )

      api.get('/me', { config: { capability: 'any' } }, request => {
        const actor = apiActor(request)
        return {
          id: actor.id,
          username: actor.username,
          displayName: actor.displayName,
          role: actor.role,
          teamId: actor.teamId,
        }
      })

      api.post('/subjects/search', { config: { capability: 'subjects' } }, async request => {
        const actor = apiActor(request)
        const body = (request.body ?? {}) as Record<string, unknown>
        if (typeof body.query !== 'string')
          throw new ValidationError([{ field: 'query', message: 'Enter a name or alias to search for' }])
        const page = body.page === undefined ? 1 : Number(body.page)
        const result = await services.subjects.search(actor, body.query, page)
        return {
          page: result.page,
          pageSize: result.pageSize,
          total: result.total,
          items: result.rows.map(r => ({
            id: r.subjectId,
            reference: r.reference,
            givenName: r.givenName,
            familyName: r.familyName,
            dateOfBirth: r.dateOfBirth,
            category: r.category,
            status: r.status,
            riskLevel: r.riskLevel,
            district: r.districtName,
            matchedAlias: r.matchedAlias,
          })),
        }
      })

      api.post('/subjects', { config: { capability: 'subjects' } }, async (request, reply) => {
        const actor = apiActor(request)
        const key = request.headers['idempotency-key']
        if (key !== undefined && (typeof key !== 'string' || key.length === 0 || key.length > 100)) {
          throw new ValidationError([
            { field: 'Idempotency-Key', message: 'Idempotency-Key must be 1 to 100 characters' },
          ])
        }
        const result = await services.subjects.register(actor, request.body, key ? `api:${key}` : undefined)
        return reply
          .status(201)
          .header('location', `/api/v1/subjects/${result.subjectId}`)
          .send({ id: result.subjectId, reference: result.reference })
      })

      api.get<{ Params: { id: string } }>('/subjects/:id', { config: { capability: 'subjects' } }, async request => {
        const {
          subjectId,
          sections: _sections,
          version: _version,
          ...detail
        } = await services.subjects.view(apiActor(request), request.params.id)
        return { ...detail, id: subjectId }
      })
      return Promise.resolve()
    },
    { prefix: '/api/v1' },
  )
}
