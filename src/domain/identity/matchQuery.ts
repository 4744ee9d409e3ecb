import { Temporal } from 'temporal-polyfill'
import { z } from 'zod'
import { ValidationError, type FieldError } from '../errors.ts'
import { parseIsoDate } from '../people/dateInput.ts'
import { fieldErrorsFromZod } from '../people/registration.ts'
import type { PersonForMatching } from './personRecord.ts'

const optional = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `The ${what} must be ${max} characters or fewer`)
    .optional()
    .nullable()
    .transform(v => (v ? v : null))

/** "Is this person already known?": the API's question, with whatever the caller knows beyond a name. */
export const matchQuerySchema = z.object({
  givenName: z
    .string({ error: 'Enter the first name' })
    .trim()
    .min(1, 'Enter the first name')
    .max(100, 'The first name must be 100 characters or fewer'),
  middleNames: optional(100, 'middle names'),
  familyName: z
    .string({ error: 'Enter the last name' })
    .trim()
    .min(1, 'Enter the last name')
    .max(100, 'The last name must be 100 characters or fewer'),
  dateOfBirth: optional(10, 'date of birth'),
  gender: z
    .enum(['male', 'female', 'other', 'unknown'], { error: 'Gender must be male, female, other or unknown' })
    .optional()
    .nullable(),
  pncId: optional(20, 'PNC ID'),
  niNumber: optional(13, 'National Insurance number'),
  address: z
    .object({ line1: optional(200, 'address line 1'), town: optional(100, 'town'), postcode: optional(10, 'postcode') })
    .optional()
    .nullable(),
  aliases: z
    .array(
      z.object({
        givenName: z.string().trim().min(1, 'Enter the alias first name').max(100),
        familyName: z.string().trim().min(1, 'Enter the alias last name').max(100),
      }),
    )
    .max(20, 'Send at most 20 aliases')
    .optional(),
})

export function validateMatchQuery(input: unknown, today: Temporal.PlainDate): PersonForMatching {
  const parsed = matchQuerySchema.safeParse(input)
  const errors: FieldError[] = parsed.success ? [] : fieldErrorsFromZod(parsed.error)
  if (parsed.success && parsed.data.dateOfBirth) {
    const date = parseIsoDate('Date of birth', parsed.data.dateOfBirth)
    if (!date.ok) errors.push({ field: 'dateOfBirth', message: date.message })
    else if (Temporal.PlainDate.compare(date.date, today) > 0)
      errors.push({ field: 'dateOfBirth', message: 'Date of birth must be today or in the past' })
  }
  if (!parsed.success || errors.length > 0) throw new ValidationError(errors)
  const q = parsed.data
  return {
    givenName: q.givenName,
    middleNames: q.middleNames,
    familyName: q.familyName,
    dateOfBirth: q.dateOfBirth,
    gender: q.gender ?? null,
    pncId: q.pncId,
    niNumber: q.niNumber,
    postcode: q.address?.postcode ?? null,
    addressLine: q.address?.line1 ?? null,
    town: q.address?.town ?? null,
    aliases: q.aliases ?? [],
  }
}
