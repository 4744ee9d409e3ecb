import type { FastifyReply } from 'fastify'
import {
  BreakGlassRequired,
  Conflict,
  Forbidden,
  NotFound,
  ServiceUnavailable,
  StaleVersion,
  Unauthorised,
  ValidationError,
  IdempotencyKeyReused,
  VersionRequired,
  type FieldError,
} from '../domain/errors.ts'

/** RFC 9457 problem details. `errors` carries field-level messages for validation failures. */
export interface Problem {
  type?: string
  title: string
  status: number
  detail?: string
  instance?: string
  errors?: { field: string; message: string; pointer: string }[]
  /** Optimistic concurrency (412): the version the change was based on, the stored one and what is stored now. */
  expectedVersion?: number
  currentVersion?: number
  current?: Readonly<Record<string, unknown>>
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply
    .status(problem.status)
    .header('cache-control', 'no-store')
    .type('application/problem+json')
    .send({ type: problem.type ?? 'about:blank', ...problem })
}

export function validationProblem(errors: FieldError[], instance?: string): Problem {
  return {
    type: 'https://vigil.example/problems/validation',
    title: 'Your request has errors',
    status: 400,
    detail: errors.map(e => e.message).join('. '),
    ...(instance ? { instance } : {}),
    errors: errors.map(e => ({ ...e, pointer: `/${e.field.replace(/\./g, '/')}` })),
  }
}

/**
 * The one mapping of the domain's errors to problem details (RFC 9457), or null for anything that is not a domain
 * error (the caller decides: framework client errors keep their status, the rest are 500s that are logged).
 */
export function problemForDomainError(error: unknown, instance?: string): Problem | null {
  if (error instanceof ValidationError) return validationProblem(error.errors, instance)
  if (error instanceof Unauthorised) return { title: 'Unauthorised', status: 401, detail: error.message }
  if (error instanceof BreakGlassRequired) {
    return {
      type: 'https://vigil.example/problems/break-glass-required',
      title: 'Break-glass required',
      status: 403,
      detail: `${error.message} POST a reason to /api/v1/subjects/${error.subjectId}/break-glass.`,
    }
  }
  if (error instanceof Forbidden) return { title: 'Forbidden', status: 403, detail: error.message }
  if (error instanceof NotFound) return { title: 'Not found', status: 404, detail: error.message }
  // If-Match names a version that is no longer current (RFC 9110 §13.1.1): nothing was written.
  if (error instanceof StaleVersion) {
    return {
      type: 'https://vigil.example/problems/stale-version',
      title: 'Precondition failed',
      status: 412,
      detail: error.message,
      expectedVersion: error.expectedVersion,
      currentVersion: error.currentVersion,
      current: error.current,
    }
  }
  if (error instanceof VersionRequired) {
    return {
      type: 'https://vigil.example/problems/version-required',
      title: 'Precondition required',
      status: 428,
      detail: `${error.message}. GET the record and send its ETag in If-Match.`,
    }
  }
  if (error instanceof Conflict) return { title: 'Conflict', status: 409, detail: error.message }
  if (error instanceof IdempotencyKeyReused) {
    return {
      type: 'https://vigil.example/problems/idempotency-key-reused',
      title: 'Idempotency-Key reused',
      status: 422,
      detail: error.message,
    }
  }
  // The caller adds Retry-After (error.retryAfterSeconds).
  if (error instanceof ServiceUnavailable) {
    return {
      type: 'https://vigil.example/problems/service-unavailable',
      title: 'Service unavailable',
      status: 503,
      detail: error.message,
    }
  }
  return null
}
