import type { FastifyInstance } from 'fastify'
import { NotFound, ValidationError } from '../../domain/errors.ts'
import { DISPOSALS, calculateNotificationPeriod } from '../../domain/register/index.ts'
import { alertJson } from '../../services/alerts/alertService.ts'
import type { Services } from '../../app/composition.ts'
import { RECORDED_KINDS } from '../../domain/register/notificationInput.ts'
import { apiActor } from '../../http/actor.ts'
import { alertFilterQuery } from '../../http/filters.ts'
import { parseInput } from '../../http/query.ts'

const SEQ = /^\d{1,15}$/

/** The register's API (issue 4): the notification-period calculator, notifications, the register record, alerts. */
export function registerRegisterApi(api: FastifyInstance, services: Services): void {
  // s.82 calculator. It holds no personal data (no subject is named), so it needs a token but writes no audit row.
  api.get('/rules/notification-period', { config: { capability: 'register' } }, (request, reply) => {
    apiActor(request)
    return reply.send(calculateNotificationPeriod(request.query as Record<string, unknown>))
  })

  api.post<{ Params: { id: string } }>(
    '/subjects/:id/notifications',
    { config: { capability: 'register' } },
    async (request, reply) => {
      const actor = apiActor(request)
      const key = request.headers['idempotency-key']
      if (key !== undefined && (typeof key !== 'string' || key.length === 0 || key.length > 100)) {
        throw new ValidationError([
          { field: 'Idempotency-Key', message: 'Idempotency-Key must be 1 to 100 characters' },
        ])
      }
      const result = await services.notifications.record(
        actor,
        request.params.id,
        request.body,
        key ? `api:${key}` : undefined,
      )
      return reply
        .status(201)
        .header('location', `/api/v1/subjects/${request.params.id}/notifications/${result.notificationId}`)
        .send({
          id: result.notificationId,
          kind: result.kind,
          deadline: result.deadline,
          late: result.late,
          daysLate: result.daysLate,
          alerts: result.alerts,
        })
    },
  )

  api.get<{ Params: { id: string } }>('/subjects/:id/register', { config: { capability: 'register' } }, async request =>
    services.registerRecord.view(apiActor(request), request.params.id),
  )

  api.get('/alerts', { config: { capability: 'alerts' } }, async request => {
    const { status, priority, kind } = parseInput(alertFilterQuery, request.query)
    const items = await services.alerts.inbox(apiActor(request), {
      status,
      ...(priority ? { priority } : {}),
      ...(kind ? { kind } : {}),
    })
    return { items: items.map(alertJson) }
  })

  api.post<{ Params: { seq: string } }>(
    '/alerts/:seq/acknowledge',
    { config: { capability: 'alerts' } },
    async request => {
      if (!SEQ.test(request.params.seq)) throw new NotFound('No such alert')
      const body = (request.body ?? {}) as Record<string, unknown>
      return alertJson(await services.alerts.acknowledge(apiActor(request), Number(request.params.seq), body.note))
    },
  )
}

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
})
const subjectId = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }

/** The register's paths for the OpenAPI document. */
export function registerOpenApiPaths(): Record<string, unknown> {
  const date = { type: 'string', format: 'date' }
  return {
    '/rules/notification-period': {
      get: {
        summary: 'The notification period (SOA 2003 s.82) for one conviction, finding or caution',
        parameters: [
          { name: 'disposal', in: 'query', required: true, schema: { type: 'string', enum: [...DISPOSALS] } },
          {
            name: 'custodialMonths',
            in: 'query',
            required: false,
            description: 'Required for imprisonment',
            schema: { type: 'number', exclusiveMinimum: 0 },
          },
          {
            name: 'dischargeMonths',
            in: 'query',
            required: false,
            description: 'Required for a conditional discharge',
            schema: { type: 'integer', minimum: 1, maximum: 36 },
          },
          { name: 'dateOfBirth', in: 'query', required: true, schema: date },
          { name: 'relevantDate', in: 'query', required: true, schema: date },
        ],
        responses: {
          200: {
            description: 'The period',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    indefinite: { type: 'boolean' },
                    periodMonths: { type: ['number', 'null'] },
                    lastDay: { type: ['string', 'null'], format: 'date' },
                  },
                  required: ['indefinite', 'periodMonths', 'lastDay'],
                },
              },
            },
          },
          400: problem('Impossible input; `errors` names each field'),
          401: problem('No or bad token'),
        },
      },
    },
    '/subjects/{id}/notifications': {
      post: {
        summary:
          'Record a notification (updates the record, timeline, audit and alerts in one transaction). Send Idempotency-Key to make retries safe.',
        parameters: [
          subjectId,
          { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 100 } },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                description:
                  'Every kind needs notifiedOn (YYYY-MM-DD), notifiedTime (HH:MM, London) and policeStation, plus the fields of its kind (see the web journey of the same kind). Card numbers are cut to their last 4 digits and never stored.',
                properties: { kind: { type: 'string', enum: [...RECORDED_KINDS] } },
                required: ['kind', 'notifiedOn', 'notifiedTime', 'policeStation'],
              },
            },
          },
        },
        responses: {
          201: { description: 'Recorded: the deadline, whether it was late, and the alerts raised' },
          400: problem('Validation failed; `errors` names each field'),
          403: problem('Not a subject your team manages'),
          404: problem('No such subject'),
        },
      },
    },
    '/subjects/{id}/register': {
      get: {
        summary:
          'The register record: requirement, convictions, notifications, documents, masked bank details, travel, associations, timeline (audited)',
        parameters: [subjectId],
        responses: {
          200: { description: 'The record' },
          403: problem('No need-to-know access'),
          404: problem('No such subject'),
        },
      },
    },
    '/alerts': {
      get: {
        summary: "The token owner's alerts",
        parameters: [
          {
            name: 'status',
            in: 'query',
            schema: { type: 'string', enum: ['open', 'acknowledged', 'all'], default: 'open' },
          },
          { name: 'priority', in: 'query', schema: { type: 'string', enum: ['high', 'normal'] } },
          { name: 'kind', in: 'query', schema: { type: 'string' } },
        ],
        responses: { 200: { description: 'Alerts, newest first' }, 401: problem('No or bad token') },
      },
    },
    '/alerts/{seq}/acknowledge': {
      post: {
        summary: 'Acknowledge an alert with a note',
        parameters: [{ name: 'seq', in: 'path', required: true, schema: { type: 'integer' } }],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { note: { type: 'string', minLength: 1, maxLength: 1000 } },
                required: ['note'],
              },
            },
          },
        },
        responses: { 200: { description: 'Acknowledged' }, 400: problem('No note'), 404: problem('No such alert') },
      },
    },
  }
}
