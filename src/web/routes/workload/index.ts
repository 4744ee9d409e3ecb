import type { FastifyInstance } from 'fastify'
import { ValidationError } from '../../../domain/errors.ts'
import type { Services } from '../../../app/composition.ts'
import { webActor } from '../../context.ts'
import type { Render } from '../../render.ts'

type Form = Record<string, unknown>

export function registerWorkloadRoutes(app: FastifyInstance, services: Services, render: Render): void {
  app.get<{ Querystring: { teamId?: string } }>('/workload', async (request, reply) => {
    const actor = webActor(request)
    const teams = await services.workload.teams()
    if ((actor.role === 'unit_head' || actor.role === 'analyst') && !request.query.teamId) {
      return render(request, reply, 'pages/workload/team.njk', { teams, workload: null })
    }
    const workload = await services.workload.team(actor, request.query.teamId)
    return render(request, reply, 'pages/workload/team.njk', { teams, workload })
  })

  const allocatePage = async (
    request: Parameters<Render>[0],
    reply: Parameters<Render>[1],
    id: string,
    values: Form,
    errors?: unknown,
  ) => {
    const result = await services.workload.recommend(webActor(request), id)
    return render(request, reply, 'pages/workload/allocate.njk', { ...result, values, errors }, errors ? 400 : 200)
  }

  app.get<{ Params: { id: string } }>('/subjects/:id/allocate', async (request, reply) =>
    allocatePage(request, reply, request.params.id, {}),
  )

  app.post<{ Params: { id: string } }>('/subjects/:id/allocate', async (request, reply) => {
    const form = (request.body ?? {}) as Form
    try {
      await services.workload.allocate(webActor(request), request.params.id, {
        officerId: form.officerId,
        reason: form.reason,
      })
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return allocatePage(request, reply, request.params.id, form, error.errors)
    }
    return reply.redirect(`/subjects/${request.params.id}`, 303)
  })
}
