import type { Temporal } from 'temporal-polyfill'
import { ValidationError } from '../errors.ts'
import { anniversary, compareDates, isUnderEighteenOn, laterOf } from './dates.ts'
import type { RegisterSettings } from './settings.ts'
import { DEFAULT_REGISTER_SETTINGS } from './settings.ts'

/** s.91B(2)(a): 15 years for an offender aged 18 or over on the relevant date. */
export const ADULT_QUALIFYING_MONTHS = 15 * 12
/** s.91B(2)(b): 8 years for an offender under 18 on the relevant date. */
export const JUVENILE_QUALIFYING_MONTHS = 8 * 12
/** s.91B(3): after a determination to keep the requirements, 8 years unless a longer period is set (s.91B(4)–(6)). */
export const FURTHER_REVIEW_MONTHS = 8 * 12

/** A chief officer's s.91C determination that the offender stays subject to the indefinite requirements. */
export interface ReviewDetermination {
  madeOn: Temporal.PlainDate
  /** s.91B(4)–(6): a longer further review period set by the chief officer, in months. */
  furtherReviewMonths?: number
}

export interface ReviewInput {
  dateOfBirth: Temporal.PlainDate
  relevantDate: Temporal.PlainDate
  /** The "relevant notification": the first notification after release (or after the relevant date if not jailed). */
  relevantNotificationDate: Temporal.PlainDate
  determinations?: readonly ReviewDetermination[]
  /** s.91A(2)(b): no application while subject to a SHPO, interim SHPO, SOPO or interim SOPO. */
  subjectToPreventionOrder?: boolean
}

export interface ReviewEligibility {
  /** s.91B(2): the qualifying date. */
  qualifyingDate: Temporal.PlainDate
  /** The first day an application may be made: the qualifying date or, after a refusal, the further qualifying date. */
  mayApplyFrom: Temporal.PlainDate
  /** s.91A(2)(b): an order currently bars any application. */
  barredByOrder: boolean
}

/**
 * s.91A–91F: when an offender subject to indefinite notification requirements may apply for a review.
 * The qualifying date is "the day after the end of the 15 year period beginning with the day on which [the offender]
 * gives the relevant notification" (8 years if under 18 on the relevant date) — i.e. the anniversary: relevant
 * notification 1 January 2010 → qualifying date 1 January 2025. After a determination to keep the requirements,
 * the further qualifying date is the day after the end of the 8 years (or the longer period set) beginning with the
 * day of the determination.
 */
export function reviewEligibility(
  input: ReviewInput,
  settings: RegisterSettings = DEFAULT_REGISTER_SETTINGS,
): ReviewEligibility {
  const months = isUnderEighteenOn(input.dateOfBirth, input.relevantDate)
    ? JUVENILE_QUALIFYING_MONTHS
    : ADULT_QUALIFYING_MONTHS
  const qualifyingDate = anniversary(input.relevantNotificationDate, months)
  const latest = [...(input.determinations ?? [])].sort((a, b) => compareDates(a.madeOn, b.madeOn)).at(-1)
  const mayApplyFrom = latest ? laterOf(qualifyingDate, furtherQualifyingDate(latest, settings)) : qualifyingDate
  return { qualifyingDate, mayApplyFrom, barredByOrder: input.subjectToPreventionOrder ?? false }
}

/** s.91B(3)–(6): the further qualifying date after a determination. */
export function furtherQualifyingDate(
  determination: ReviewDetermination,
  settings: RegisterSettings = DEFAULT_REGISTER_SETTINGS,
): Temporal.PlainDate {
  const months = determination.furtherReviewMonths ?? FURTHER_REVIEW_MONTHS
  if (!Number.isInteger(months) || months < FURTHER_REVIEW_MONTHS || months > settings.maxFurtherReviewMonths) {
    const range = `${FURTHER_REVIEW_MONTHS} to ${settings.maxFurtherReviewMonths}`
    const message = `The further review period must be a whole number of months from ${range}`
    throw new ValidationError([{ field: 'furtherReviewMonths', message }])
  }
  return anniversary(determination.madeOn, months)
}

/** Whether an application for review may be made on `asOf`. */
export function mayApplyForReview(
  input: ReviewInput,
  asOf: Temporal.PlainDate,
  settings: RegisterSettings = DEFAULT_REGISTER_SETTINGS,
): boolean {
  const eligibility = reviewEligibility(input, settings)
  return !eligibility.barredByOrder && compareDates(asOf, eligibility.mayApplyFrom) >= 0
}

/**
 * The "relevant notification" for s.91B(2): the first notification given on or after release from custody
 * (or on or after the relevant date when the offender was not in custody). Null if none has been given yet.
 */
export function relevantNotificationDate(
  notifiedOn: readonly Temporal.PlainDate[],
  releasedOrRelevantDate: Temporal.PlainDate,
): Temporal.PlainDate | null {
  const after = notifiedOn.filter(d => compareDates(d, releasedOrRelevantDate) >= 0).sort(compareDates)
  return after[0] ?? null
}
