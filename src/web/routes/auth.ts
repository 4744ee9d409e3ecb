import type { FastifyInstance } from 'fastify'
import type { Config } from '../../config.ts'
import type { Services } from '../../services/index.ts'
import { clearSessionCookie, issueSignInCsrf, setSessionCookie } from '../plugins/session.ts'
import type { Render } from '../render.ts'

const SIGN_IN_FAILED = 'Enter a correct username and password'

export function registerAuthRoutes(app: FastifyInstance, services: Services, render: Render, config: Config): void {
  const renderSignIn = (request: Parameters<Render>[0], reply: Parameters<Render>[1], data: Record<string, unknown>, status = 200) => {
    ;(reply as unknown as { signInCsrf: string }).signInCsrf = issueSignInCsrf(reply, config.https)
    return render(request, reply, 'pages/sign-in.njk', data, status)
  }

  app.get('/sign-in', async (request, reply) => {
    if (request.session) return reply.redirect('/')
    return renderSignIn(request, reply, {})
  })

  app.post(
    '/sign-in',
    { config: { rateLimit: { max: 20, timeWindow: '1 minute' } }, preHandler: app.rateLimit({ max: 20, timeWindow: '1 minute' }) },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>
      const username = typeof body.username === 'string' ? body.username.trim() : ''
      const password = typeof body.password === 'string' ? body.password : ''
      const errors = []
      if (!username) errors.push({ field: 'username', message: 'Enter your username' })
      if (!password) errors.push({ field: 'password', message: 'Enter your password' })
      if (errors.length > 0) return renderSignIn(request, reply, { errors, username }, 400)
      const user = await services.auth.checkPassword(username, password, request.id)
      if (!user) {
        return renderSignIn(request, reply, { errors: [{ field: 'username', message: SIGN_IN_FAILED }], username }, 401)
      }
      const token = await services.auth.startSession(user, { ip: request.ip, userAgent: request.headers['user-agent'] })
      setSessionCookie(reply, token, config.https)
      return reply.redirect('/', 303)
    },
  )

  app.post('/sign-out', async (request, reply) => {
    if (request.session) await services.auth.endSession(request.session, request.id)
    clearSessionCookie(reply, config.https)
    return reply.redirect('/sign-in', 303)
  })
}
