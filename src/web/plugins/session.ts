import { timingSafeEqual } from 'node:crypto'
import cookie from '@fastify/cookie'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Services } from '../../app/composition.ts'
import { newSecret } from '../../services/auth/tokens.ts'

/**
 * Server-side sessions: the cookie carries a random token, the database holds only its hash, so
 * signing out or an administrator's revocation ends the session everywhere at once.
 * The `__Host-` prefix (HTTPS only) pins the cookie to this host and path.
 */
export function sessionCookieName(https: boolean): string {
  return https ? '__Host-vigil-session' : 'vigil-session'
}

const SIGN_IN_CSRF = 'vigil-sign-in-csrf'
const PENDING_ALLOWED = ['/sign-in', '/sign-in/code', '/sign-in/set-up', '/sign-out', '/accessibility']

export async function setUpWebSession(
  app: FastifyInstance,
  services: Services,
  options: { https: boolean },
): Promise<void> {
  await app.register(cookie)
  const name = sessionCookieName(options.https)
  app.decorateRequest('session', null)
  app.decorateRequest('apiUser', null)
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/api/') || request.url.startsWith('/assets/') || request.url === '/health') return
    request.session = await services.auth.resumeSession(request.cookies[name])
    // Between password and code, a session can only finish signing in (or sign out).
    if (
      request.session &&
      !request.session.mfaVerified &&
      !PENDING_ALLOWED.some(p => request.url.split('?')[0] === p)
    ) {
      return reply.redirect(request.session.mfaEnrolled ? '/sign-in/code' : '/sign-in/set-up')
    }
  })
}

export function setSessionCookie(reply: FastifyReply, token: string, https: boolean): void {
  reply.setCookie(sessionCookieName(https), token, { path: '/', httpOnly: true, secure: https, sameSite: 'lax' })
}

export function clearSessionCookie(reply: FastifyReply, https: boolean): void {
  reply.clearCookie(sessionCookieName(https), { path: '/', httpOnly: true, secure: https, sameSite: 'lax' })
}

/** The sign-in form has no session yet: a double-submit cookie guards it against login CSRF. */
export function issueSignInCsrf(reply: FastifyReply, https: boolean): string {
  const token = newSecret()
  reply.setCookie(SIGN_IN_CSRF, token, { path: '/sign-in', httpOnly: true, secure: https, sameSite: 'strict' })
  return token
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y)
}

export class CsrfRejected extends Error {}

/** Every state-changing web form carries `_csrf`; a missing or wrong token is refused before any handler runs. */
export function setUpCsrf(app: FastifyInstance): void {
  // Async so Fastify takes the thrown CsrfRejected as the hook's failure (a sync hook must call done instead).
  // eslint-disable-next-line @typescript-eslint/require-await -- the hook contract needs the promise
  app.addHook('preHandler', async (request: FastifyRequest) => {
    if (request.method !== 'POST' || request.url.startsWith('/api/')) return
    const body = (request.body ?? {}) as Record<string, unknown>
    const sent = typeof body._csrf === 'string' ? body._csrf : ''
    const signInForm = request.url === '/sign-in' && !request.session?.mfaVerified
    const expected = signInForm ? (request.cookies[SIGN_IN_CSRF] ?? '') : (request.session?.csrfToken ?? '')
    if (!same(sent, expected)) throw new CsrfRejected('The form could not be accepted')
  })
}
