import { Temporal } from 'temporal-polyfill'
import { z } from 'zod'
import { ValidationError } from '../errors.ts'
import type { FieldError } from '../errors.ts'

/**
 * Turns zod issues into the FieldErrors the GOV.UK error summary and problem+json use.
 * Only the first message per field is kept: GOV.UK pattern shows one error per field.
 */
export function fieldErrorsFrom(error: z.ZodError): FieldError[] {
  const seen = new Set<string>()
  const errors: FieldError[] = []
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.')
    if (seen.has(field)) continue
    seen.add(field)
    errors.push({ field, message: issue.message })
  }
  return errors
}

/** Parses input with a schema, throwing ValidationError (never a ZodError) so adapters map one error type. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input)
  if (!result.success) throw new ValidationError(fieldErrorsFrom(result.error))
  return result.data
}

/** Messages for one date field, written for the GOV.UK error summary ("Enter the date of the assessment"). */
export interface DateMessages {
  required: string
  invalid: string
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/** An ISO calendar date (YYYY-MM-DD) parsed to a Temporal.PlainDate; impossible dates such as 30 February fail. */
export function plainDateField(messages: DateMessages) {
  return z.string({ error: messages.required }).transform((value, ctx) => {
    const text = value.trim()
    if (text === '') {
      ctx.issues.push({ code: 'custom', message: messages.required, input: value })
      return z.NEVER
    }
    if (!ISO_DATE.test(text)) {
      ctx.issues.push({ code: 'custom', message: messages.invalid, input: value })
      return z.NEVER
    }
    try {
      return Temporal.PlainDate.from(text, { overflow: 'reject' })
    } catch {
      ctx.issues.push({ code: 'custom', message: messages.invalid, input: value })
      return z.NEVER
    }
  })
}

/** A required free-text field, trimmed, with a GOV.UK "Enter…" message and a length limit. */
export function requiredText(required: string, max = 5000, tooLong = `Must be ${max} characters or fewer`) {
  return z.string({ error: required }).trim().min(1, { error: required }).max(max, { error: tooLong })
}
