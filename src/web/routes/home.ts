import type { FastifyInstance } from 'fastify'
import type { Services } from '../../app/composition.ts'
import { webActor } from '../context.ts'
import type { Render } from '../render.ts'

export function registerHomeRoutes(app: FastifyInstance, services: Services, render: Render): void {
  app.get('/', async (request, reply) => {
    const actor = webActor(request)
    const caseload = await services.subjects.caseload(actor)
    // A partner's home lists what police have shared with their agency.
    const shared = actor.role === 'partner' ? await services.subjects.sharedWithMyAgency(actor) : null
    return render(request, reply, 'pages/home.njk', { caseload, shared })
  })
}
