import type { FastifyInstance } from 'fastify'
import { ValidationError } from '../../domain/errors.ts'
import type { Services } from '../../app/composition.ts'
import {
  CELLS,
  GROUP_BYS,
  MEASURES,
  isCell,
  isGroupBy,
  isMeasure,
  parseScope,
  scopeParam,
} from '../../services/governance/governanceService.ts'
import { apiActor } from '../../http/actor.ts'

/**
 * Governance over the API: the same service (and so the same SQL) as the dashboard and its drill-down lists, so
 * the numbers always agree. Scope follows the caller's role, as on the web.
 */
export function registerGovernanceApi(api: FastifyInstance, services: Services): void {
  api.get<{ Querystring: { groupBy?: string; scope?: string } }>(
    '/governance/overdue',
    { config: { capability: 'governance' } },
    async request => {
      const actor = apiActor(request)
      const { groupBy = 'force', scope } = request.query
      if (!isGroupBy(groupBy)) {
        throw new ValidationError([{ field: 'groupBy', message: `groupBy must be one of ${GROUP_BYS.join(', ')}` }])
      }
      const requested = parseScope(scope)
      if (scope !== undefined && !requested) {
        throw new ValidationError([
          { field: 'scope', message: 'scope must be force, district:<code>, team:<id> or officer:<id>' },
        ])
      }
      const dashboard = await services.governance.dashboard(actor, {
        groupBy,
        ...(requested ? { scope: requested } : {}),
      })
      return {
        asOf: dashboard.today,
        scope: scopeParam(dashboard.scope),
        groupBy: dashboard.groupBy,
        bands: CELLS,
        groups: dashboard.groups.map(g => ({ key: g.key, label: g.label, ...g.measures })),
        totals: dashboard.totals,
      }
    },
  )

  api.get<{ Querystring: { scope?: string; measure?: string; cell?: string; page?: string } }>(
    '/governance/subjects',
    { config: { capability: 'governance' } },
    async request => {
      const actor = apiActor(request)
      const { measure, cell, scope, page } = request.query
      const errors = []
      if (!isMeasure(measure))
        errors.push({ field: 'measure', message: `measure must be one of ${MEASURES.join(', ')}` })
      if (!isCell(cell)) errors.push({ field: 'cell', message: `cell must be one of ${CELLS.join(', ')}` })
      const requested = parseScope(scope)
      if (scope !== undefined && !requested) errors.push({ field: 'scope', message: 'scope is not valid' })
      if (errors.length || !isMeasure(measure) || !isCell(cell)) throw new ValidationError(errors)
      const list = await services.governance.list(actor, {
        measure,
        cell,
        page: page === undefined ? 1 : Number(page),
        ...(requested ? { scope: requested } : {}),
      })
      return { total: list.total, page: list.page, pageSize: list.pageSize, items: list.rows }
    },
  )
}

/** OpenAPI paths for the governance API (merged into openapi.ts). */
export const governanceOpenApiPaths = {
  '/governance/overdue': {
    get: {
      summary:
        'Overdue and due-soon counts of home visits, risk assessments and periodic notifications per group and age band (the dashboard and its drill-down lists use the same query)',
      parameters: [
        {
          name: 'groupBy',
          in: 'query',
          required: false,
          schema: { type: 'string', enum: [...GROUP_BYS], default: 'force' },
        },
        {
          name: 'scope',
          in: 'query',
          required: false,
          description: 'force, district:<ONS code>, team:<uuid> or officer:<uuid|unallocated>; limited by role',
          schema: { type: 'string' },
        },
      ],
      responses: {
        200: {
          description:
            'Counts per group; cells: overdue_1_7, overdue_8_28, overdue_29_90, overdue_over_90, overdue, due_14, due_28',
        },
        400: { description: 'Invalid groupBy or scope' },
        401: { description: 'No or bad token' },
        403: { description: 'Role has no governance view, or scope outside it' },
      },
    },
  },
  '/governance/subjects': {
    get: {
      summary: 'The subjects behind one count (audited; not available to analysts)',
      parameters: [
        { name: 'measure', in: 'query', required: true, schema: { type: 'string', enum: [...MEASURES] } },
        { name: 'cell', in: 'query', required: true, schema: { type: 'string', enum: [...CELLS] } },
        { name: 'scope', in: 'query', required: false, schema: { type: 'string' } },
        { name: 'page', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } },
      ],
      responses: {
        200: { description: 'A page of subjects, most overdue first' },
        403: { description: 'Not allowed' },
      },
    },
  },
}
