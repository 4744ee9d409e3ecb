import rateLimit from '@fastify/rate-limit'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import {
  BreakGlassRequired,
  Conflict,
  Forbidden,
  NotFound,
  ServiceUnavailable,
  StaleVersion,
  Unauthorised,
  ValidationError,
  VersionRequired,
} from '../../domain/errors.ts'
import { problemForDomainError, sendProblem } from '../../http/problem.ts'
import type { Render } from '../render.ts'
import { CsrfRejected } from './session.ts'

const isApi = (request: FastifyRequest) => request.url.startsWith('/api/')

/**
 * One place maps errors to what a user sees: GOV.UK error pages on the web, RFC 9457 problem+json
 * on the API. 5xx details never reach the user (they are logged with the correlation id).
 */
export async function setUpErrorHandling(app: FastifyInstance, render: Render): Promise<void> {
  await app.register(rateLimit, { global: false })

  app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const api = isApi(request)
    if (error instanceof ServiceUnavailable) {
      // The database connection was lost mid-request (logged by the pool); the process lives and the next request
      // gets a fresh connection. Nothing was confirmed to the user, so trying again is safe.
      request.log.warn({ correlationId: request.id }, 'database unavailable')
      reply.header('retry-after', String(error.retryAfterSeconds))
      if (!api) return render(request, reply, 'pages/errors/unavailable.njk', { reference: request.id }, 503)
    }
    if (api) {
      const problem = problemForDomainError(error, request.url)
      if (problem) {
        if (problem.status === 401) reply.header('www-authenticate', 'Bearer')
        return sendProblem(reply, problem)
      }
    }
    if (error instanceof ValidationError) {
      return render(request, reply, 'pages/errors/bad-request.njk', { errors: error.errors }, 400)
    }
    if (error instanceof Unauthorised) return reply.redirect('/sign-in')
    if (error instanceof BreakGlassRequired) {
      return render(
        request,
        reply,
        'pages/subjects/break-glass.njk',
        { subjectId: error.subjectId, message: error.message },
        403,
      )
    }
    if (error instanceof Forbidden) {
      return render(request, reply, 'pages/errors/forbidden.njk', { message: error.message }, 403)
    }
    if (error instanceof NotFound) return render(request, reply, 'pages/errors/not-found.njk', {}, 404)
    if (error instanceof StaleVersion) {
      // Both versions side by side; the stored one was left untouched. The form's own page shows the latest.
      const { attempted, current } = error
      const fields = Object.keys({ ...current, ...attempted }).map(label => ({
        label,
        yours: attempted[label],
        current: current[label],
      }))
      return render(
        request,
        reply,
        'pages/errors/stale-version.njk',
        { error, fields, returnTo: request.url.split('?')[0] ?? '/' },
        409,
      )
    }
    if (error instanceof VersionRequired) {
      return render(
        request,
        reply,
        'pages/errors/bad-request.njk',
        { errors: [{ field: 'form', message: 'Open the page again and make your change there' }] },
        428,
      )
    }
    if (error instanceof Conflict) {
      return render(
        request,
        reply,
        'pages/errors/bad-request.njk',
        { errors: [{ field: 'form', message: error.message }] },
        409,
      )
    }
    if (error instanceof CsrfRejected) {
      return render(request, reply, 'pages/errors/csrf.njk', {}, 403)
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500
    if (status === 429) {
      if (api) return sendProblem(reply, { title: 'Too many requests', status, detail: 'Try again later' })
      return render(request, reply, 'pages/errors/too-many.njk', {}, 429)
    }
    if (status < 500) {
      // Framework-level client errors: malformed JSON, a body too large, a bad content type.
      if (api) return sendProblem(reply, { title: 'Bad request', status, detail: error.message })
      return render(
        request,
        reply,
        'pages/errors/bad-request.njk',
        { errors: [{ field: 'form', message: 'The request could not be understood' }] },
        status,
      )
    }
    request.log.error({ err: error, correlationId: request.id }, 'unhandled error')
    if (api)
      return sendProblem(reply, {
        title: 'Internal server error',
        status: 500,
        detail: `Quote reference ${request.id}`,
      })
    return render(request, reply, 'pages/errors/server-error.njk', { reference: request.id }, 500)
  })

  // Rate-limited so that probing for URLs is slow and noisy (fastify/demo).
  app.setNotFoundHandler({ preHandler: app.rateLimit({ max: 60, timeWindow: '1 minute' }) }, async (request, reply) => {
    if (isApi(request)) return sendProblem(reply, { title: 'Not found', status: 404, detail: 'No such resource' })
    return render(request, reply, 'pages/errors/not-found.njk', {}, 404)
  })
}
