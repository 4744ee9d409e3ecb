import { Temporal } from 'temporal-polyfill'
import { z } from 'zod'
import { ValidationError, type FieldError } from '../errors.ts'
import { parseIsoDate } from './dateInput.ts'
import { normaliseNiNumber, normalisePncId } from './identifiers.ts'
import { normalisePostcode } from './postcode.ts'

/**
 * Registering a subject: the person's details, their home address and how they come to be
 * managed. The same rules serve the web form and the API; every message is written for the
 * officer at the front desk.
 */
/**
 * What a person's name may contain: letters and marks of any script, spaces, hyphens, apostrophes and full stops.
 * Every name the register takes (registration, a change of name, a child or an associate notified) follows it, so
 * no name can start a spreadsheet formula.
 */
export const PERSON_NAME = /^[\p{L}\p{M}' .-]+$/u
export const personNameMessage = (what: string) =>
  `The ${what} must only include letters, spaces, hyphens and apostrophes`

const name = (what: string, max = 100) =>
  z
    .string({ error: `Enter the ${what}` })
    .trim()
    .min(1, `Enter the ${what}`)
    .max(max, `The ${what} must be ${max} characters or fewer`)
    .regex(PERSON_NAME, personNameMessage(what))

const optionalText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `The ${what} must be ${max} characters or fewer`)
    .optional()
    .transform(v => (v ? v : null))

export const registrationSchema = z.object({
  givenName: name('first name'),
  middleNames: optionalText(100, 'middle names'),
  familyName: name('last name'),
  dateOfBirth: z.string({ error: 'Enter a date of birth' }).trim().min(1, 'Enter a date of birth'),
  gender: z.enum(['male', 'female', 'other', 'unknown'], { error: 'Select a gender' }),
  pncId: optionalText(20, 'PNC ID'),
  niNumber: optionalText(13, 'National Insurance number'),
  category: z.enum(['rso', 'rasso_suspect'], {
    error: 'Select whether this is a registered sex offender or a suspect',
  }),
  address: z.object(
    {
      line1: z
        .string({ error: 'Enter address line 1' })
        .trim()
        .min(1, 'Enter address line 1')
        .max(200, 'Address line 1 must be 200 characters or fewer'),
      line2: optionalText(200, 'address line 2'),
      town: z
        .string({ error: 'Enter a town or city' })
        .trim()
        .min(1, 'Enter a town or city')
        .max(100, 'The town or city must be 100 characters or fewer'),
      postcode: z.string({ error: 'Enter a postcode' }).trim().min(1, 'Enter a postcode'),
    },
    { error: 'Enter the home address' },
  ),
  teamId: z
    .string()
    .trim()
    .optional()
    .transform(v => (v ? v : null)),
})

const FORM_ORDER = [
  'givenName',
  'middleNames',
  'familyName',
  'dateOfBirth',
  'gender',
  'pncId',
  'niNumber',
  'category',
  'address',
  'address.line1',
  'address.line2',
  'address.town',
  'address.postcode',
  'teamId',
]

export type RegistrationInput = z.input<typeof registrationSchema>

export interface Registration {
  givenName: string
  middleNames: string | null
  familyName: string
  dateOfBirth: Temporal.PlainDate
  gender: 'male' | 'female' | 'other' | 'unknown'
  pncId: string | null
  niNumber: string | null
  category: 'rso' | 'rasso_suspect'
  address: { line1: string; line2: string | null; town: string; postcode: string }
  teamId: string | null
}

/** Field names as the form and the API know them: "address.postcode" is the form's "postcode". */
export function fieldErrorsFromZod(error: z.ZodError): FieldError[] {
  const seen = new Set<string>()
  const out: FieldError[] = []
  for (const issue of error.issues) {
    const field = issue.path.join('.') || 'form'
    if (seen.has(field)) continue
    seen.add(field)
    out.push({ field, message: issue.message })
  }
  return out
}

export function validateRegistration(input: unknown, today: Temporal.PlainDate): Registration {
  const parsed = registrationSchema.safeParse(input)
  const errors: FieldError[] = parsed.success ? [] : fieldErrorsFromZod(parsed.error)
  const has = (f: string) => errors.some(e => e.field === f)
  const value = parsed.success ? parsed.data : null
  const raw = (input ?? {}) as Record<string, unknown>

  let dateOfBirth: Temporal.PlainDate | null = null
  if (!has('dateOfBirth') && typeof raw.dateOfBirth === 'string') {
    const result = parseIsoDate('Date of birth', raw.dateOfBirth.trim())
    if (!result.ok) errors.push({ field: 'dateOfBirth', message: result.message })
    else if (Temporal.PlainDate.compare(result.date, today) > 0) {
      errors.push({ field: 'dateOfBirth', message: 'Date of birth must be today or in the past' })
    } else if (Temporal.PlainDate.compare(result.date, today.subtract({ years: 120 })) < 0) {
      errors.push({
        field: 'dateOfBirth',
        message: `Date of birth must be after ${String(today.subtract({ years: 120 }).year)}`,
      })
    } else dateOfBirth = result.date
  }
  let postcode: string | null = null
  const rawAddress = raw.address as Record<string, unknown> | undefined
  if (!has('address.postcode') && typeof rawAddress?.postcode === 'string') {
    postcode = normalisePostcode(rawAddress.postcode)
    if (!postcode) errors.push({ field: 'address.postcode', message: 'Enter a real postcode, like M14 5AB' })
  }
  // Identifiers are checked from the raw input, so their errors show alongside every other error.
  const rawText = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null)
  let pncId: string | null = null
  const rawPnc = has('pncId') ? null : rawText(raw.pncId)
  if (rawPnc) {
    pncId = normalisePncId(rawPnc)
    if (!pncId)
      errors.push({
        field: 'pncId',
        message: 'Enter a PNC ID in the correct format, like 19/0123456X, with the right check letter',
      })
  }
  let niNumber: string | null = null
  const rawNi = has('niNumber') ? null : rawText(raw.niNumber)
  if (rawNi) {
    niNumber = normaliseNiNumber(rawNi)
    if (!niNumber)
      errors.push({
        field: 'niNumber',
        message: 'Enter a National Insurance number in the correct format, like QQ 12 34 56 C',
      })
  }
  if (errors.length > 0 || !value || !dateOfBirth || !postcode) {
    // The error summary lists problems in the order the fields appear on the form.
    const rank = (f: string) => (FORM_ORDER.indexOf(f) + FORM_ORDER.length + 1) % (FORM_ORDER.length + 1)
    throw new ValidationError(errors.sort((a, b) => rank(a.field) - rank(b.field)))
  }
  return {
    givenName: value.givenName,
    middleNames: value.middleNames,
    familyName: value.familyName,
    dateOfBirth,
    gender: value.gender,
    pncId,
    niNumber,
    category: value.category,
    address: { line1: value.address.line1, line2: value.address.line2, town: value.address.town, postcode },
    teamId: value.teamId,
  }
}
