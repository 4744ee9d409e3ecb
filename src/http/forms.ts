import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ValidationError, type FieldError } from '../domain/errors.ts'
import { parseDateParts } from '../domain/people/dateInput.ts'

/** A parsed urlencoded form (or JSON body): field name to value. */
export type Form = Record<string, unknown>

/** The request body as a form; anything that is not an object (no body, a JSON array) is an empty form. */
export function formOf(request: FastifyRequest): Form {
  const body = request.body
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Form) : {}
}

/** One text field of a form ('' when absent or not text, e.g. a repeated field). */
export function formText(form: Form, key: string): string {
  const value = form[key]
  return typeof value === 'string' ? value : ''
}

/**
 * A GOV.UK date input (`<name>-day`, `<name>-month`, `<name>-year`) as 'YYYY-MM-DD', or the message to show.
 * Blank parts are reported by `parseDateParts`, so a service that finds the date missing can use the same message.
 */
export function formDate(
  form: Form,
  name: string,
  label: string,
): { ok: true; value: string } | { ok: false; value: ''; message: string } {
  const parsed = parseDateParts(label, {
    day: formText(form, `${name}-day`),
    month: formText(form, `${name}-month`),
    year: formText(form, `${name}-year`),
  })
  return parsed.ok ? { ok: true, value: parsed.date.toString() } : { ok: false, value: '', message: parsed.message }
}

/** The first path (e.g. "address.line1") at which a string holds a NUL byte, or null. */
export function nulBytePath(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'request' : null
  if (value === null || typeof value !== 'object') return null
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const found = nulBytePath(item, path ? `${path}.${key}` : key)
    if (found) return found
  }
  return null
}

/**
 * No text Vigil stores or searches for can contain a NUL byte, and PostgreSQL refuses one in a text value (a 500
 * if it reached a query). So a NUL anywhere in the query string or body is refused before any handler runs: a 400
 * problem+json on the API, the GOV.UK error page on the web.
 */
export function refuseNulBytes(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    const field = nulBytePath(request.query) ?? nulBytePath(request.body) ?? nulBytePath(request.params)
    if (field) done(new ValidationError([{ field, message: 'Remove the control character (NUL) from this field' }]))
    else done()
  })
}

/** A service call's result, or the field errors a form page shows in its own error summary. */
export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] }

/**
 * Runs a service call whose ValidationError the page shows beside the form it came from (status 400) rather than
 * on the generic error page; any other error propagates to the error handler.
 */
export async function checked<T>(work: () => Promise<T>): Promise<Checked<T>> {
  try {
    return { ok: true, value: await work() }
  } catch (error) {
    if (error instanceof ValidationError) return { ok: false, errors: error.errors }
    throw error
  }
}
