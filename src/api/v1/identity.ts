import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { matchQuerySchema } from '../../domain/identity/matchQuery.ts'
import type { Services } from '../../app/composition.ts'
import type { LikelyMatch } from '../../services/identity/identityService.ts'
import { apiActor } from '../../http/actor.ts'

/** A likely match as the API returns it: the existing person, the probability and each field's evidence. */
function matchJson(m: LikelyMatch) {
  return {
    personId: m.personId,
    subjectId: m.subjectId,
    subjectReference: m.subjectReference,
    givenName: m.givenName,
    middleNames: m.middleNames,
    familyName: m.familyName,
    dateOfBirth: m.dateOfBirth,
    aliases: m.aliases,
    matchProbability: Number(m.matchProbability.toFixed(6)),
    outcome: m.outcome,
    explanation: {
      matchWeight: Number(m.explanation.matchWeight.toFixed(3)),
      priorWeight: Number(m.explanation.priorWeight.toFixed(3)),
      viaAlias: m.explanation.viaAlias ?? null,
      heldBackBecause: m.explanation.heldBackBecause ?? null,
      fields: m.explanation.rows.map(r => ({
        field: r.field,
        left: r.left,
        right: r.right,
        level: r.level,
        bits: Number(r.bits.toFixed(3)),
      })),
    },
  }
}

/**
 * Identity resolution over the API: "is this person already known?" and the repeat-suspect check later capabilities
 * (crime reports, associates) call before creating a person. A POST for the first, so names stay out of URLs.
 */
export function registerIdentityApi(api: FastifyInstance, services: Services): void {
  api.post('/people/matches', { config: { capability: 'identity' } }, async request => {
    const matches = await services.identity.findLikelyMatches(apiActor(request), request.body ?? {})
    return { items: matches.map(matchJson) }
  })

  api.get<{ Params: { id: string } }>(
    '/people/:id/repeat-suspect-check',
    { config: { capability: 'identity' } },
    async request => {
      const result = await services.identity.repeatSuspectCheck(apiActor(request), request.params.id)
      return { personId: result.personId, items: result.matches.map(matchJson) }
    },
  )
}

export function identityOpenApiPaths(problemResponse: (description: string) => unknown): Record<string, unknown> {
  const query = z.toJSONSchema(matchQuerySchema, { io: 'input', unrepresentable: 'any' })
  const matches = {
    description: 'Likely matches, most probable first (at most 10); each with the evidence of every field in bits',
    content: {
      'application/json': {
        schema: {
          type: 'object',
          properties: {
            items: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  personId: { type: 'string', format: 'uuid' },
                  subjectId: { type: ['string', 'null'], format: 'uuid' },
                  subjectReference: { type: ['string', 'null'] },
                  givenName: { type: 'string' },
                  familyName: { type: 'string' },
                  dateOfBirth: { type: ['string', 'null'], format: 'date' },
                  matchProbability: { type: 'number', minimum: 0, maximum: 1 },
                  outcome: { type: 'string', enum: ['link', 'possible link'] },
                  explanation: {
                    type: 'object',
                    properties: {
                      matchWeight: { type: 'number' },
                      priorWeight: { type: 'number' },
                      viaAlias: { type: ['string', 'null'] },
                      heldBackBecause: { type: ['string', 'null'] },
                      fields: {
                        type: 'array',
                        items: {
                          type: 'object',
                          properties: {
                            field: { type: 'string' },
                            left: { type: 'string' },
                            right: { type: 'string' },
                            level: { type: 'string' },
                            bits: { type: 'number' },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  }
  return {
    '/people/matches': {
      post: {
        summary: 'People already in the person index who are probably the person described (audited as a consultation)',
        requestBody: { required: true, content: { 'application/json': { schema: query } } },
        responses: {
          200: matches,
          400: problemResponse('Validation failed; `errors` names each field'),
          401: problemResponse('No or bad token'),
          403: problemResponse('Role may not check the person index'),
        },
      },
    },
    '/people/{id}/repeat-suspect-check': {
      get: {
        summary: 'Other records that are probably the same person as this one (repeat-suspect check; audited)',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        responses: {
          200: matches,
          401: problemResponse('No or bad token'),
          403: problemResponse('Role may not check the person index'),
          404: problemResponse('No such person'),
        },
      },
    },
  }
}
