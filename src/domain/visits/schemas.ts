import { Temporal } from 'temporal-polyfill'
import { z } from 'zod'
import { LONDON } from '../clock.ts'
import { requiredText } from '../risk/index.ts'
import { VISIT_CHECKS, VISIT_FOLLOW_UPS, VISIT_KINDS, VISIT_OUTCOMES } from './visit.ts'
import type { VisitFollowUpType } from './visit.ts'

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/

const MESSAGES = {
  required: 'Enter the date and time of the visit',
  invalid: 'Date and time of the visit must be a real date and time',
  skipped: 'Date and time of the visit must be a real time. Clocks went forward at 1am that day',
  future: 'Date and time of the visit must be now or in the past',
}

/**
 * A visit time as London wall-clock time (form: "2026-03-29T19:30") or an instant with an offset (API).
 * A wall-clock time in the repeated hour when clocks go back is read as the first (BST) occurrence; a time in
 * the hour skipped when clocks go forward does not exist and is refused rather than silently moved.
 */
export function visitDateTimeField(now: Temporal.Instant) {
  return z.string({ error: MESSAGES.required }).transform((value, ctx) => {
    const text = value.trim()
    const fail = (message: string) => {
      ctx.issues.push({ code: 'custom', message, input: value })
      return z.NEVER
    }
    if (text === '') return fail(MESSAGES.required)
    let at: Temporal.ZonedDateTime
    try {
      if (WITH_OFFSET.test(text)) at = Temporal.Instant.from(text).toZonedDateTimeISO(LONDON)
      else if (LOCAL_DATE_TIME.test(text)) {
        const local = Temporal.PlainDateTime.from(text, { overflow: 'reject' })
        at = local.toZonedDateTime(LONDON, { disambiguation: 'compatible' })
        if (!at.toPlainDateTime().equals(local)) return fail(MESSAGES.skipped)
      } else return fail(MESSAGES.invalid)
    } catch {
      return fail(MESSAGES.invalid)
    }
    if (Temporal.Instant.compare(at.toInstant(), now) > 0) return fail(MESSAGES.future)
    return at
  })
}

const FOLLOW_UP_LABELS: Record<VisitFollowUpType, string> = {
  'intelligence note': 'the intelligence note',
  'possible breach': 'the possible breach',
  'risk review': 'why a risk review is needed',
  'safeguarding referral': 'the safeguarding referral',
}

const followUpSchema = z
  .object({
    type: z.enum(VISIT_FOLLOW_UPS, { error: 'Select the type of follow-up' }),
    details: z.string().trim().max(5000, { error: 'Follow-up details must be 5000 characters or fewer' }),
  })
  .superRefine((value, ctx) => {
    if (value.details === '') {
      ctx.addIssue({ code: 'custom', path: ['details'], message: `Enter details of ${FOLLOW_UP_LABELS[value.type]}` })
    }
  })

/**
 * "Record a visit", shared by the later form and API. `now` comes from the Clock so "not in the future" is
 * testable. Two attending officers: home visits are made by trained staff, and Vigil records a pair.
 */
export function recordVisitSchema(now: Temporal.Instant) {
  return z.object({
    subjectId: requiredText('Select the subject', 100),
    kind: z.enum(VISIT_KINDS, { error: 'Select whether the visit was planned or unannounced' }),
    at: visitDateTimeField(now),
    officerIds: z
      .array(z.string().trim(), { error: 'Select 2 attending officers' })
      .refine(ids => ids.length === 2 && ids.every(id => id !== ''), { error: 'Select 2 attending officers' })
      .refine(ids => new Set(ids).size === ids.length, { error: 'Select 2 different attending officers' })
      .transform(ids => ids as unknown as readonly [string, string]),
    outcome: z.enum(VISIT_OUTCOMES, { error: 'Select the outcome of the visit' }),
    checks: z
      .array(z.enum(VISIT_CHECKS, { error: 'Select a check from the list' }))
      .default([])
      .transform(checks => [...new Set(checks)]),
    findings: requiredText('Enter what you found at the visit'),
    followUps: z.array(followUpSchema).default([]),
  })
}

export type RecordVisitInput = z.output<ReturnType<typeof recordVisitSchema>>
