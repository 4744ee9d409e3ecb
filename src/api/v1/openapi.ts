import { z } from 'zod'
import { registrationSchema } from '../../domain/people/registration.ts'
import { registerOpenApiPaths } from './register.ts'
import { governanceOpenApiPaths } from './governance.ts'
import { identityOpenApiPaths } from './identity.ts'

const problem = {
  type: 'object',
  description: 'RFC 9457 problem details',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, message: { type: 'string' }, pointer: { type: 'string' } },
        required: ['field', 'message'],
      },
    },
  },
  required: ['title', 'status'],
}

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
})

/** The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json. Schemas come from the same zod rules the API enforces. */
export function openApiDocument(): Record<string, unknown> {
  const registration = z.toJSONSchema(registrationSchema, { io: 'input', unrepresentable: 'any' })
  return {
    openapi: '3.1.0',
    info: {
      title: 'Vigil API',
      version: '1.0.0',
      description:
        "The public-protection register. Every call needs a personal API token (`npm run vigil -- create-token --user <username>`) sent as `Authorization: Bearer <token>`. Every read and write is audited against the token's owner. Errors are RFC 9457 problem+json.",
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Problem: problem,
        Registration: registration,
        SubjectSummary: {
          type: 'object',
          properties: {
            id: { type: 'string', format: 'uuid' },
            reference: { type: 'string' },
            givenName: { type: 'string' },
            familyName: { type: 'string' },
            dateOfBirth: { type: ['string', 'null'], format: 'date' },
            category: { type: 'string', enum: ['rso', 'rasso_suspect'] },
            riskLevel: { type: ['string', 'null'] },
            district: { type: ['string', 'null'] },
            matchedAlias: { type: ['string', 'null'] },
          },
        },
      },
    },
    paths: {
      ...registerOpenApiPaths(),
      ...governanceOpenApiPaths,
      ...identityOpenApiPaths(problemResponse),
      '/me': {
        get: {
          summary: 'The token owner',
          responses: { 200: { description: 'The signed-in user' }, 401: problemResponse('No or bad token') },
        },
      },
      '/subjects/search': {
        post: {
          summary: 'Search subjects by name or alias (a POST so names stay out of URLs and logs)',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    query: { type: 'string', minLength: 1 },
                    page: { type: 'integer', minimum: 1, default: 1 },
                  },
                  required: ['query'],
                },
              },
            },
          },
          responses: {
            200: { description: 'A page of matching subjects' },
            400: problemResponse('Invalid query'),
            401: problemResponse('No or bad token'),
            403: problemResponse('Role may not search'),
          },
        },
      },
      '/subjects': {
        post: {
          summary: 'Register a subject (person, home address, category). Send Idempotency-Key to make retries safe.',
          parameters: [
            { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 100 } },
          ],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Registration' } } },
          },
          responses: {
            201: { description: 'Registered' },
            400: problemResponse('Validation failed; `errors` names each field'),
            401: problemResponse('No or bad token'),
            403: problemResponse('Role may not register'),
          },
        },
      },
      '/subjects/{id}/break-glass': {
        post: {
          summary:
            'Record why you need a record managed by another team (audited; alerts its manager and your supervisor)',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { reason: { type: 'string', minLength: 10, maxLength: 500 } },
                  required: ['reason'],
                },
              },
            },
          },
          responses: {
            204: { description: 'Access granted for a few hours' },
            400: problemResponse('No or short reason'),
            403: problemResponse('Role cannot use break-glass'),
          },
        },
      },
      '/subjects/{id}': {
        get: {
          summary: 'A subject record (audited as a consultation)',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          responses: {
            200: { description: 'The subject' },
            401: problemResponse('No or bad token'),
            403: problemResponse('No need-to-know access'),
            404: problemResponse('No such subject'),
          },
        },
      },
    },
  }
}
