import type { FastifyInstance } from 'fastify'
import type { Services } from '../../../app/composition.ts'
import {
  CELLS,
  CELL_LABELS,
  MEASURES,
  MEASURE_LABELS,
  drillScope,
  isCell,
  isGroupBy,
  isMeasure,
  parseScope,
  scopeParam,
  trendChart,
  type GroupBy,
  type Scope,
} from '../../../services/governance/governanceService.ts'
import { NotFound } from '../../../domain/errors.ts'
import { webActor } from '../../context.ts'
import type { Render } from '../../render.ts'

type Query = Record<string, string | undefined>

const NEXT_GROUP: Record<GroupBy, GroupBy | null> = {
  force: 'district',
  district: 'team',
  team: 'officer',
  officer: null,
}

function requested(query: Query): { scope?: Scope; groupBy?: GroupBy } {
  const scope = parseScope(query.scope)
  if (query.scope !== undefined && !scope) throw new NotFound('No such scope')
  if (query.groupBy !== undefined && !isGroupBy(query.groupBy)) throw new NotFound('No such grouping')
  return { ...(scope ? { scope } : {}), ...(isGroupBy(query.groupBy) ? { groupBy: query.groupBy } : {}) }
}

export function registerGovernanceRoutes(app: FastifyInstance, services: Services, render: Render): void {
  app.get<{ Querystring: Query }>('/governance', async (request, reply) => {
    const actor = webActor(request)
    const dashboard = await services.governance.dashboard(actor, requested(request.query))
    const next = NEXT_GROUP[dashboard.groupBy]
    return render(request, reply, 'pages/governance/dashboard.njk', {
      d: dashboard,
      scopeParam: scopeParam(dashboard.scope),
      measures: MEASURES.map(m => ({ key: m, label: MEASURE_LABELS[m] })),
      cells: CELLS.map(c => ({ key: c, label: CELL_LABELS[c] })),
      groups: dashboard.groups.map(g => ({
        ...g,
        drill: next
          ? `/governance?scope=${scopeParam(drillScope(dashboard.scope, dashboard.groupBy, g.key))}&groupBy=${next}`
          : null,
        listScope: scopeParam(drillScope(dashboard.scope, dashboard.groupBy, g.key)),
      })),
    })
  })

  app.get<{ Querystring: Query }>('/governance/export.csv', async (request, reply) => {
    const csv = await services.governance.dashboardCsv(webActor(request), requested(request.query))
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="overdue-governance.csv"')
      .header('cache-control', 'no-store')
      .send(csv)
  })

  const listRequest = (query: Query) => {
    if (!isMeasure(query.measure) || !isCell(query.cell)) throw new NotFound('No such list')
    const { scope } = requested(query)
    return { measure: query.measure, cell: query.cell, ...(scope ? { scope } : {}) }
  }

  app.get<{ Querystring: Query }>('/governance/subjects', async (request, reply) => {
    const actor = webActor(request)
    const req = listRequest(request.query)
    const page = Number(request.query.page ?? '1')
    const list = await services.governance.list(actor, { ...req, page })
    const pages = Math.max(1, Math.ceil(list.total / list.pageSize))
    const base = `/governance/subjects?scope=${scopeParam(list.scope)}&measure=${req.measure}&cell=${req.cell}`
    return render(request, reply, 'pages/governance/list.njk', {
      list,
      title: `${MEASURE_LABELS[req.measure]}: ${CELL_LABELS[req.cell].toLowerCase()}`,
      measure: req.measure,
      scopeParam: scopeParam(list.scope),
      csvHref: `/governance/subjects.csv?scope=${scopeParam(list.scope)}&measure=${req.measure}&cell=${req.cell}`,
      returnTo: `${base}&page=${list.page}`,
      pagination: {
        ...(list.page > 1 ? { previous: { href: `${base}&page=${list.page - 1}` } } : {}),
        ...(list.page < pages ? { next: { href: `${base}&page=${list.page + 1}` } } : {}),
      },
    })
  })

  app.get<{ Querystring: Query }>('/governance/subjects.csv', async (request, reply) => {
    const csv = await services.governance.listCsv(webActor(request), listRequest(request.query))
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="overdue-subjects.csv"')
      .header('cache-control', 'no-store')
      .send(csv)
  })

  app.get<{ Querystring: Query }>('/governance/trend', async (request, reply) => {
    const actor = webActor(request)
    const measure = isMeasure(request.query.measure) ? request.query.measure : 'visits'
    const { scope } = requested(request.query)
    const trend = await services.governance.trend(actor, { measure, ...(scope ? { scope } : {}) })
    return render(request, reply, 'pages/governance/trend.njk', {
      trend,
      chart: trendChart(trend.points),
      measureLabel: MEASURE_LABELS[measure],
      measures: MEASURES.map(m => ({ key: m, label: MEASURE_LABELS[m] })),
      scopeParam: scopeParam(trend.scope),
    })
  })
}
