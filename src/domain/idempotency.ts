import { createHash } from 'node:crypto'

/**
 * A digest of a request's content, the same however its JSON keys are ordered, so a retry of the same request
 * matches and a different request under the same Idempotency-Key does not.
 */
export function requestFingerprint(input: unknown): string {
  return createHash('sha256').update(canonicalJson(input)).digest('hex')
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  // JSON has no undefined (nor functions): they read as null, as JSON.stringify writes them inside arrays.
  if (value === undefined || typeof value === 'function') return 'null'
  return JSON.stringify(value)
}
