import { ValidationError } from '../errors.ts'
import type { Disposal } from './disposal.ts'

/** A row of the s.82(1) table before the s.82(2) halving for under-18s. */
export type TablePeriod =
  | { indefinite: true }
  | {
      indefinite: false
      months: number
      /** s.82(2) halves only the 10-, 7-, 5- and 2-year periods, not the period of a conditional discharge. */
      halvedWhenUnder18: boolean
    }

const INDEFINITE: TablePeriod = { indefinite: true }
const years = (n: number): TablePeriod => ({ indefinite: false, months: n * 12, halvedWhenUnder18: true })

/** s.82(1): imprisonment of 30 months or more is indefinite. */
export const INDEFINITE_CUSTODY_THRESHOLD_MONTHS = 30
/** s.82(1): more than 6 months (but less than 30) is 10 years; 6 months or less is 7 years. */
export const SHORT_CUSTODY_THRESHOLD_MONTHS = 6

/**
 * s.82(1) table: the notification period for one disposal. Months may be fractional (a sentence in weeks);
 * the table's thresholds are compared exactly ("30 months or more", "more than 6 months", "6 months or less").
 */
export function tablePeriod(
  disposal: Disposal,
  custodialMonths?: number | null,
  dischargeMonths?: number | null,
): TablePeriod {
  switch (disposal) {
    // s.82(1): imprisonment for life, IPP, or admitted to hospital subject to a restriction order → indefinite.
    case 'life':
    case 'ipp':
    case 'hospital-order-restricted':
      return INDEFINITE
    case 'imprisonment':
      return imprisonmentPeriod(requireMonths(custodialMonths, 'custodialMonths', 'custodial sentence'))
    // s.82(1): admitted to hospital without a restriction order → 7 years.
    case 'hospital-order':
      return years(7)
    // s.82(1), s.80(1)(d): cautioned → 2 years.
    case 'caution':
      return years(2)
    // s.82(1): conditionally discharged → the period of the conditional discharge (not halved, see s.82(2)).
    case 'conditional-discharge':
      return {
        indefinite: false,
        months: requireMonths(dischargeMonths, 'dischargeMonths', 'period of the conditional discharge', true),
        halvedWhenUnder18: false,
      }
    // s.82(1): a person within s.80(1)(a)–(c) in any other description (community order, fine, …) → 5 years.
    case 'other':
      return years(5)
  }
}

function imprisonmentPeriod(custodialMonths: number): TablePeriod {
  if (custodialMonths >= INDEFINITE_CUSTODY_THRESHOLD_MONTHS) return INDEFINITE
  if (custodialMonths > SHORT_CUSTODY_THRESHOLD_MONTHS) return years(10)
  return years(7)
}

/** Exported so the calculator's schema and the engine word the same fields the same way. */
export const monthsMessages = (label: string) => ({
  missing: `Enter the ${label} in months`,
  notPositive: `The ${label} must be more than 0 months`,
})

function requireMonths(months: number | null | undefined, field: string, label: string, whole = false): number {
  const messages = monthsMessages(label)
  if (months === null || months === undefined || !Number.isFinite(months)) {
    throw new ValidationError([{ field, message: messages.missing }])
  }
  if (months <= 0) throw new ValidationError([{ field, message: messages.notPositive }])
  // Calendar arithmetic needs whole months; the calculator asks for them.
  if (whole && !Number.isInteger(months)) {
    throw new ValidationError([{ field, message: `The ${label} must be a whole number of months` }])
  }
  return months
}
