import type { FastifyReply } from 'fastify'
import type { FieldError } from '../domain/errors.ts'

/** RFC 9457 problem details. `errors` carries field-level messages for validation failures. */
export interface Problem {
  type?: string
  title: string
  status: number
  detail?: string
  instance?: string
  errors?: Array<{ field: string; message: string; pointer: string }>
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
