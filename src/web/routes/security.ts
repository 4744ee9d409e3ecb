import type { FastifyInstance } from 'fastify'
import { ValidationError } from '../../domain/errors.ts'
import type { Services } from '../../app/composition.ts'
import { AUDIT_OPERATIONS, type AuditFilters } from '../../services/audit/auditSearch.ts'
import { webActor } from '../context.ts'
import type { Render } from '../render.ts'

type Query = Record<string, string | undefined>

function filtersFrom(query: Query): AuditFilters {
  const pick = (k: string) => (query[k] ?? '').trim() || undefined
  const filters: AuditFilters = {}
  for (const key of ['username', 'reference', 'operation', 'outcome', 'from', 'to'] as const) {
    const value = pick(key)
    if (value) filters[key] = value
  }
  return filters
}

/** Account, administration, audit and analysis pages (issue 3). */
export function registerSecurityRoutes(app: FastifyInstance, services: Services, render: Render): void {
  app.get('/account/sessions', async (request, reply) => {
    const actor = webActor(request)
    const sessions = await services.auth.liveSessions(actor.id)
    return render(request, reply, 'pages/account/sessions.njk', {
      sessions,
      currentSessionId: request.session?.sessionId,
    })
  })

  app.post<{ Params: { id: string } }>('/account/sessions/:id/end', async (request, reply) => {
    const actor = webActor(request)
    await services.auth.revokeSession(actor, request.params.id)
    return reply.redirect('/account/sessions', 303)
  })

  app.get('/admin/users', async (request, reply) => {
    const accounts = await services.accounts.list(webActor(request))
    return render(request, reply, 'pages/admin/users.njk', { accounts })
  })

  app.post<{ Params: { id: string; action: string } }>('/admin/users/:id/:action', async (request, reply) => {
    const actor = webActor(request)
    const action = request.params.action
    if (action !== 'unlock' && action !== 'reset-mfa' && action !== 'end-sessions') {
      throw new ValidationError([
        { field: 'action', message: 'Choose unlock, reset the authenticator or end sessions' },
      ])
    }
    await services.accounts.act(actor, request.params.id, action)
    return reply.redirect('/admin/users', 303)
  })

  // Audit search filters are in the query string: usernames and references are not personal data
  // about subjects, and an auditor needs shareable, bookmarkable searches.
  app.get<{ Querystring: Query }>('/audit', async (request, reply) => {
    const actor = webActor(request)
    const filters = filtersFrom(request.query)
    const page = Math.max(1, Number(request.query.page ?? '1') || 1)
    try {
      const results = await services.auditSearch.search(actor, filters, page)
      const qs = new URLSearchParams(filters as Record<string, string>).toString()
      return render(request, reply, 'pages/audit/search.njk', { filters, results, operations: AUDIT_OPERATIONS, qs })
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return render(
        request,
        reply,
        'pages/audit/search.njk',
        { filters, errors: error.errors, operations: AUDIT_OPERATIONS },
        400,
      )
    }
  })

  app.get<{ Querystring: Query }>('/audit/export.csv', async (request, reply) => {
    const csv = await services.auditSearch.exportCsv(webActor(request), filtersFrom(request.query))
    return reply
      .header('cache-control', 'no-store')
      .header('content-disposition', 'attachment; filename="vigil-audit.csv"')
      .type('text/csv; charset=utf-8')
      .send(csv)
  })

  app.get('/analysis', async (request, reply) => {
    const overview = await services.analysis.overview(webActor(request))
    return render(request, reply, 'pages/analysis/overview.njk', { overview })
  })
}
