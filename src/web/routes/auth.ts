import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import QRCode from 'qrcode'
import type { Config } from '../../config.ts'
import type { Services } from '../../app/composition.ts'
import { clearSessionCookie, issueSignInCsrf, setSessionCookie } from '../plugins/session.ts'
import type { Render } from '../render.ts'

/** One message for every failure, so the page never reveals whether a username exists or is locked. */
export const SIGN_IN_FAILED = 'Enter a correct username and password'

const meta = (request: FastifyRequest) => ({ ip: request.ip, userAgent: request.headers['user-agent'] })
const field = (request: FastifyRequest, name: string) => {
  const value = ((request.body ?? {}) as Record<string, unknown>)[name]
  return typeof value === 'string' ? value : ''
}

export function registerAuthRoutes(app: FastifyInstance, services: Services, render: Render, config: Config): void {
  const settings = services.auth.settings
  const renderSignIn = (request: FastifyRequest, reply: FastifyReply, data: Record<string, unknown>, status = 200) => {
    ;(reply as unknown as { signInCsrf: string }).signInCsrf = issueSignInCsrf(reply, config.https)
    return render(request, reply, 'pages/sign-in.njk', { ...data, lockout: settings }, status)
  }
  // Per IP address, on top of the per-account lockout (ASVS 6.3.1): slows password spraying across accounts.
  const limit = { preHandler: app.rateLimit({ max: config.signInRateLimit, timeWindow: '1 minute' }) }

  app.get('/sign-in', async (request, reply) => {
    if (request.session?.mfaVerified) return reply.redirect('/')
    return renderSignIn(request, reply, {})
  })

  app.post('/sign-in', limit, async (request, reply) => {
    const username = field(request, 'username').trim()
    const password = field(request, 'password')
    const errors = []
    if (!username) errors.push({ field: 'username', message: 'Enter your username' })
    if (!password) errors.push({ field: 'password', message: 'Enter your password' })
    if (errors.length > 0) return renderSignIn(request, reply, { errors, username }, 400)
    const outcome = await services.auth.checkPassword(username, password, request.id)
    if (!outcome.ok)
      return renderSignIn(request, reply, { errors: [{ field: 'username', message: SIGN_IN_FAILED }], username }, 401)
    const token = await services.auth.startSession(outcome.user, meta(request), false)
    setSessionCookie(reply, token, config.https)
    return reply.redirect(outcome.mfaEnrolled ? '/sign-in/code' : '/sign-in/set-up', 303)
  })

  app.get('/sign-in/code', async (request, reply) => {
    const session = request.session
    if (!session) return reply.redirect('/sign-in')
    if (session.mfaVerified) return reply.redirect('/')
    if (!session.mfaEnrolled) return reply.redirect('/sign-in/set-up')
    return render(request, reply, 'pages/sign-in-code.njk', {})
  })

  app.post('/sign-in/code', limit, async (request, reply) => {
    const session = request.session
    if (!session || session.mfaVerified) return reply.redirect('/sign-in', 303)
    const code = field(request, 'code').trim()
    if (!code)
      return render(
        request,
        reply,
        'pages/sign-in-code.njk',
        { errors: [{ field: 'code', message: 'Enter the 6-digit code from your authenticator app' }] },
        400,
      )
    const result = await services.auth.completeSecondFactor(session, code, meta(request), request.id)
    if (result.ok) {
      setSessionCookie(reply, result.token, config.https)
      return reply.redirect('/', 303)
    }
    if (result.locked) {
      clearSessionCookie(reply, config.https)
      return renderSignIn(request, reply, { errors: [{ field: 'username', message: SIGN_IN_FAILED }] }, 401)
    }
    return render(
      request,
      reply,
      'pages/sign-in-code.njk',
      {
        errors: [
          { field: 'code', message: 'Enter the current 6-digit code from your authenticator app, or a recovery code' },
        ],
      },
      401,
    )
  })

  const renderSetUp = async (
    request: FastifyRequest,
    reply: FastifyReply,
    data: Record<string, unknown> = {},
    status = 200,
  ) => {
    const session = request.session
    if (!session) return reply.redirect('/sign-in')
    const { secret, uri } = await services.auth.beginEnrolment(session)
    const svg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
    const qr = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`
    return render(
      request,
      reply,
      'pages/sign-in-set-up.njk',
      { qr, secret: secret.replace(/(.{4})/g, '$1 ').trim(), ...data },
      status,
    )
  }

  app.get('/sign-in/set-up', async (request, reply) => {
    const session = request.session
    if (!session) return reply.redirect('/sign-in')
    if (session.mfaVerified || session.mfaEnrolled) return reply.redirect('/')
    return renderSetUp(request, reply)
  })

  app.post('/sign-in/set-up', limit, async (request, reply) => {
    const session = request.session
    if (!session || session.mfaVerified || session.mfaEnrolled) return reply.redirect('/sign-in', 303)
    const code = field(request, 'code').trim()
    if (!/^\d{6}$/.test(code.replace(/\s/g, ''))) {
      return renderSetUp(
        request,
        reply,
        { errors: [{ field: 'code', message: 'Enter the 6-digit code your authenticator app shows' }] },
        400,
      )
    }
    const result = await services.auth.finishEnrolment(session, code, meta(request), request.id)
    if (!result.ok)
      return renderSetUp(
        request,
        reply,
        { errors: [{ field: 'code', message: 'That code is not right. Enter the code your app shows now' }] },
        401,
      )
    setSessionCookie(reply, result.token, config.https)
    return render(request, reply, 'pages/sign-in-recovery-codes.njk', {
      recoveryCodes: result.recoveryCodes,
      user: session.user,
    })
  })

  app.post('/sign-out', async (request, reply) => {
    if (request.session) await services.auth.endSession(request.session, request.id)
    clearSessionCookie(reply, config.https)
    return reply.redirect('/sign-in', 303)
  })
}
