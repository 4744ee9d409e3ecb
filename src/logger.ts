import type { FastifyServerOptions } from 'fastify'
import type { Config } from './config.ts'

/**
 * pino with personal data redacted: request bodies are never logged, and any field that could
 * carry a name, date of birth, address or secret is censored wherever it appears.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.givenName',
  '*.familyName',
  '*.middleNames',
  '*.dateOfBirth',
  '*.postcode',
  '*.address',
  '*.pncId',
  '*.niNumber',
  '*.query',
  '*.token',
]

export function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      // Only method, path (no query string: it may hold search terms) and the correlation id.
      req: (req: { method: string; url: string; id: string }) => ({
        method: req.method,
        path: req.url.split('?')[0],
        id: req.id,
      }),
    },
  }
}
