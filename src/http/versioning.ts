import type { FastifyReply, FastifyRequest } from 'fastify'

/**
 * Optimistic concurrency over HTTP (RFC 9110 §8.8.3, §13.1.1): a GET of an editable record carries its version as a
 * strong ETag; a PUT or PATCH must send it back in If-Match. Missing → 428, stale → 412 (see problemForDomainError).
 */
export function setETag(reply: FastifyReply, version: number): FastifyReply {
  return reply.header('etag', `"${String(version)}"`)
}

/** The version named by If-Match (`"3"` or `W/"3"`), undefined when absent; anything else is passed on to be refused. */
export function ifMatchVersion(request: FastifyRequest): string | undefined {
  const header = request.headers['if-match']
  if (header === undefined || header === '') return undefined
  const match = /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(header)
  return match?.[1] ?? 'invalid'
}
