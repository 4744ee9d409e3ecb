import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ValidationError } from '../../domain/errors.ts'
import type { Services } from '../../app/composition.ts'
import { AUDIT_OPERATIONS, type AuditFilters } from '../../services/audit/auditSearch.ts'
import { auditFilterQuery } from '../../http/filters.ts'
import { checked } from '../../http/forms.ts'
import { parseInput } from '../../http/query.ts'
import { ACCOUNT_ACTIONS, type AccountAction } from '../../services/admin/accountAdminService.ts'
import { CAPABILITIES, DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS } from '../../domain/auth/scopes.ts'
import { webActor } from '../context.ts'
import type { Render } from '../render.ts'

/** The audit filters that were given (blank ones left out), parsed by the one schema the audit list uses. */
function filtersFrom(query: unknown): { filters: AuditFilters; page: number } {
  const { page, ...given } = parseInput(auditFilterQuery, query)
  const filters: AuditFilters = {}
  for (const [key, value] of Object.entries(given) as [keyof AuditFilters, string | undefined][]) {
    if (value) filters[key] = value
  }
  return { filters, page }
}

/** What the search form shows back after a refused search: the text of each field as typed. */
function typedFilters(query: unknown): Record<string, string> {
  const typed: Record<string, string> = {}
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>))
    if (typeof value === 'string') typed[key] = value
  return typed
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

  // Personal API tokens (issue 10): made here and shown once; listed and revoked by their owner.
  const tokenPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    data: Record<string, unknown>,
    status = 200,
  ) => {
    const tokens = await services.apiTokens.listOwn(webActor(request))
    reply.header('cache-control', 'no-store')
    return render(
      request,
      reply,
      'pages/account/tokens.njk',
      { tokens, capabilities: CAPABILITIES, defaultDays: DEFAULT_TOKEN_DAYS, maxDays: MAX_TOKEN_DAYS, ...data },
      status,
    )
  }

  app.get('/account/tokens', async (request, reply) => tokenPage(request, reply, {}))

  app.post('/account/tokens', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    const input = { name: body.name, scopes: body.scopes, days: body.days }
    try {
      const issued = await services.apiTokens.create(webActor(request), input)
      return await tokenPage(request, reply, { issued })
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return await tokenPage(request, reply, { errors: error.errors, values: input }, 400)
    }
  })

  app.post<{ Params: { id: string } }>('/account/tokens/:id/revoke', async (request, reply) => {
    await services.apiTokens.revoke(webActor(request), request.params.id)
    return reply.redirect('/account/tokens', 303)
  })

  app.get('/admin/tokens', async (request, reply) => {
    const tokens = await services.apiTokens.listAll(webActor(request))
    return render(request, reply, 'pages/admin/tokens.njk', { tokens })
  })

  app.post<{ Params: { id: string } }>('/admin/tokens/:id/revoke', async (request, reply) => {
    await services.apiTokens.revoke(webActor(request), request.params.id)
    return reply.redirect('/admin/tokens', 303)
  })

  app.get('/admin/users', async (request, reply) => {
    const accounts = await services.accounts.list(webActor(request))
    return render(request, reply, 'pages/admin/users.njk', { accounts })
  })

  app.post<{ Params: { id: string; action: string } }>('/admin/users/:id/:action', async (request, reply) => {
    const actor = webActor(request)
    const action = request.params.action
    if (!(ACCOUNT_ACTIONS as readonly string[]).includes(action)) {
      throw new ValidationError([
        { field: 'action', message: 'Choose unlock, reset the authenticator, end sessions, disable or enable' },
      ])
    }
    await services.accounts.act(actor, request.params.id, action as AccountAction)
    return reply.redirect('/admin/users', 303)
  })

  // Audit search filters are in the query string: usernames and references are not personal data
  // about subjects, and an auditor needs shareable, bookmarkable searches.
  app.get('/audit', async (request, reply) => {
    const actor = webActor(request)
    const outcome = await checked(async () => {
      const { filters, page } = filtersFrom(request.query)
      return { filters, results: await services.auditSearch.search(actor, filters, page) }
    })
    if (!outcome.ok) {
      return render(
        request,
        reply,
        'pages/audit/search.njk',
        { filters: typedFilters(request.query), errors: outcome.errors, operations: AUDIT_OPERATIONS },
        400,
      )
    }
    const { filters, results } = outcome.value
    const qs = new URLSearchParams(filters as Record<string, string>).toString()
    return render(request, reply, 'pages/audit/search.njk', { filters, results, operations: AUDIT_OPERATIONS, qs })
  })

  app.get('/audit/export.csv', async (request, reply) => {
    const actor = webActor(request)
    const csv = await services.auditSearch.exportCsv(actor, filtersFrom(request.query).filters)
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
