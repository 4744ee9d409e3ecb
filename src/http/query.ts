import { z } from 'zod'
import { ValidationError, type FieldError } from '../domain/errors.ts'
import { parseIsoDate } from '../domain/people/dateInput.ts'

/**
 * Paging and filter input, parsed by one set of schemas on every paged or filtered route (web and API), so odd
 * input (`page=1.3`, `1e300`, `Infinity`, a 20-digit page, a NUL byte, year 0000) is a 400 with a message, never a
 * database error. Query strings arrive as strings (or arrays, when a key repeats), form fields likewise, JSON bodies
 * as numbers: each schema accepts the shapes a well-behaved client sends and nothing else.
 */

/** The highest page any list offers: far beyond any real list, small enough that `(page - 1) * size` is exact. */
export const MAX_PAGE = 100_000

const PAGE_MESSAGE = `Page must be a whole number from 1 to ${MAX_PAGE}`

const blank = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value)

/** A page number: digits only in a query string or form (no `1.3`, `1e3`, `0x10`, `Infinity`), 1 to MAX_PAGE. */
export const pageSchema = z.preprocess(
  value => {
    if (typeof value !== 'string') return value
    const digits = value.trim()
    if (digits === '') return undefined
    return /^\d{1,9}$/.test(digits) ? Number(digits) : Number.NaN
  },
  z
    .int({ error: PAGE_MESSAGE })
    .min(1, PAGE_MESSAGE)
    .max(MAX_PAGE, PAGE_MESSAGE)
    .default(1)
    .meta({ description: 'Page number, from 1' }),
)

/**
 * Control characters are never part of a name, reference or filter, and PostgreSQL cannot store a NUL in text: a
 * NUL reaching a query is a 500 on PostgreSQL, so it is refused here with a 400.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

export function hasControlCharacters(value: string): boolean {
  return CONTROL.test(value)
}

/** Free text in a filter or search: trimmed, at most `max` characters, no control characters; blank means "any". */
export function filterText(label: string, max = 200) {
  return z.preprocess(
    value => (typeof value === 'string' ? blank(value.trim()) : value),
    z
      .string({ error: `${label} must be text` })
      .max(max, `${label} must be ${max} characters or fewer`)
      .refine(v => !hasControlCharacters(v), `${label} must not contain control characters`)
      .optional(),
  )
}

/** One of a fixed set of values; blank means "any". */
export function filterChoice<const T extends readonly [string, ...string[]]>(label: string, values: T) {
  return z.preprocess(
    value => (typeof value === 'string' ? blank(value.trim()) : value),
    z.enum(values, { error: `${label} must be one of ${values.join(', ')}` }).optional(),
  )
}

/** A real calendar date 'YYYY-MM-DD' in the range the register deals in (see `parseIsoDate`); blank means "any". */
export function filterDate(label: string) {
  return z.preprocess(
    value => (typeof value === 'string' ? blank(value.trim()) : value),
    z
      .string({ error: `${label} must be a date` })
      .superRefine((v, ctx) => {
        const parsed = parseIsoDate(label, v)
        if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message })
      })
      .optional()
      .meta({ format: 'date' }),
  )
}

/** A record id in a path or filter: a UUID (anything else cannot name a record). */
export const uuidSchema = z.uuid({ error: 'Must be a record id (a UUID)' })

/** The field errors of a failed parse, named by their path ("addresses.0.postcode"), as the domain reports them. */
export function fieldErrors(error: z.ZodError, prefix?: string): FieldError[] {
  return error.issues.map(issue => {
    const path = issue.path.map(String).join('.')
    return { field: [prefix, path].filter(Boolean).join('.') || (prefix ?? 'request'), message: issue.message }
  })
}

/** Parses input with a schema, or throws the ValidationError that web pages and problem+json both understand. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, prefix?: string): z.output<S> {
  const result = schema.safeParse(input ?? {})
  if (!result.success) throw new ValidationError(fieldErrors(result.error, prefix))
  return result.data
}

/** The usual paged list query: just a page. Routes with filters extend it. */
export const pagedQuery = z.object({ page: pageSchema })
