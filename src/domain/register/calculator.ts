import type { Temporal } from 'temporal-polyfill'
import { z } from 'zod'
import type { FieldError } from '../errors.ts'
import { ValidationError } from '../errors.ts'
import { isBefore, parseIsoDate } from './dates.ts'
import { DISPOSALS } from './disposal.ts'
import type { DisposalDetails } from './notification-period.ts'
import { notificationPeriod } from './notification-period.ts'
import { monthsMessages } from './period-table.ts'

/**
 * The notification-period calculator: the query of `GET /api/v1/rules/notification-period` and of the forms,
 * validated into `DisposalDetails`. Every message is written for the user, GOV.UK style, and names its field.
 */

/** Query strings and forms send empty fields as ''; treat blank as "not given". */
const blankToUndefined = (value: unknown): unknown => {
  if (typeof value !== 'string') return value
  const trimmed = value.trim()
  return trimmed === '' ? undefined : trimmed
}

const dateField = (label: string, required: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string({ error: issue => (issue.input === undefined ? required : `${label} must be a real date`) })
      .transform((value, ctx): Temporal.PlainDate => {
        const date = parseIsoDate(value)
        if (date === null) {
          ctx.addIssue({ code: 'custom', message: `${label} must be a real date in the format YYYY-MM-DD` })
          return z.NEVER
        }
        return date
      }),
  )

const NUMBER = /^-?\d+(\.\d+)?$/

const monthsField = (label: string, options: { wholeMonths: boolean; maxMonths?: number }) => {
  const sentenceCase = label.charAt(0).toUpperCase() + label.slice(1)
  return z.preprocess(
    blankToUndefined,
    z
      .string({ error: `${sentenceCase} must be a number of months` })
      .optional()
      .transform((value, ctx): number | undefined => {
        if (value === undefined) return undefined
        const months = NUMBER.test(value) ? Number(value) : Number.NaN
        const problem = !Number.isFinite(months)
          ? `${sentenceCase} must be a number of months, like 18`
          : months <= 0
            ? monthsMessages(label).notPositive
            : options.wholeMonths && !Number.isInteger(months)
              ? `${sentenceCase} must be a whole number of months`
              : options.maxMonths !== undefined && months > options.maxMonths
                ? `${sentenceCase} must be ${options.maxMonths} months or less`
                : null
        if (problem !== null) {
          ctx.addIssue({ code: 'custom', message: problem })
          return z.NEVER
        }
        return months
      }),
  )
}

const fields = {
  disposal: z.preprocess(blankToUndefined, z.enum(DISPOSALS, { error: 'Select how the offender was dealt with' })),
  custodialMonths: monthsField('custodial sentence', { wholeMonths: false }),
  // Sentencing Act 2020 s.80(4): a conditional discharge lasts at most 3 years. Whole months keep the calendar
  // arithmetic exact.
  dischargeMonths: monthsField('period of the conditional discharge', { wholeMonths: true, maxMonths: 36 }),
  dateOfBirth: dateField('Date of birth', 'Enter a date of birth'),
  relevantDate: dateField('Relevant date', 'Enter the relevant date (the date of conviction, finding or caution)'),
}

type FieldName = keyof typeof fields
type ParsedQuery = { [K in FieldName]: z.output<(typeof fields)[K]> }

/** Rules across fields, checked on whichever fields parsed so every problem is reported at once. */
function crossFieldErrors(query: Partial<ParsedQuery>): FieldError[] {
  const errors: FieldError[] = []
  if (query.disposal === 'imprisonment' && query.custodialMonths === undefined) {
    errors.push({ field: 'custodialMonths', message: monthsMessages('custodial sentence').missing })
  }
  if (query.disposal === 'conditional-discharge' && query.dischargeMonths === undefined) {
    errors.push({ field: 'dischargeMonths', message: monthsMessages('period of the conditional discharge').missing })
  }
  if (query.relevantDate && query.dateOfBirth && isBefore(query.relevantDate, query.dateOfBirth)) {
    errors.push({ field: 'relevantDate', message: 'Relevant date must be the same as or after the date of birth' })
  }
  return errors
}

/** The calculator's query as one zod schema (for route schemas and documentation). */
export const notificationPeriodQuerySchema = z.object(fields).superRefine((query, ctx) => {
  for (const error of crossFieldErrors(query)) {
    ctx.addIssue({ code: 'custom', path: [error.field], message: error.message })
  }
})

/**
 * Validates the calculator's query (strings, as from a query string or form) into engine input.
 * Throws `ValidationError` with one message per bad field, in form order, as a GOV.UK error summary expects.
 */
export function parseNotificationPeriodQuery(query: Record<string, unknown>): DisposalDetails {
  const parsed: Partial<ParsedQuery> = {}
  const errors: FieldError[] = []
  for (const name of Object.keys(fields) as FieldName[]) {
    const result = fields[name].safeParse(query[name])
    if (result.success) Object.assign(parsed, { [name]: result.data })
    else errors.push({ field: name, message: result.error.issues[0]?.message ?? 'Enter a valid value' })
  }
  for (const error of crossFieldErrors(parsed)) {
    if (!errors.some(e => e.field === error.field)) errors.push(error)
  }
  if (errors.length > 0) throw new ValidationError(sortByForm(errors))
  return notificationPeriodQuerySchema.parse(query)
}

const FORM_ORDER: readonly string[] = Object.keys(fields)
const sortByForm = (errors: FieldError[]): FieldError[] =>
  [...errors].sort((a, b) => FORM_ORDER.indexOf(a.field) - FORM_ORDER.indexOf(b.field))

/** The API's JSON body for `GET /api/v1/rules/notification-period`. */
export interface NotificationPeriodResponse {
  indefinite: boolean
  periodMonths: number | null
  lastDay: string | null
}

/**
 * The calculator: validates the query and answers in exactly the API's JSON shape.
 * Throws `ValidationError` (one `FieldError` per bad field) for impossible input.
 */
export function calculateNotificationPeriod(query: Record<string, unknown>): NotificationPeriodResponse {
  const period = notificationPeriod(parseNotificationPeriodQuery(query))
  return {
    indefinite: period.indefinite,
    periodMonths: period.periodMonths,
    lastDay: period.lastDay?.toString() ?? null,
  }
}
