import type { FastifyInstance } from 'fastify'
import type { Render } from '../render.ts'

export function registerStaticPages(app: FastifyInstance, render: Render): void {
  app.get('/accessibility', async (request, reply) => render(request, reply, 'pages/accessibility.njk'))
}
