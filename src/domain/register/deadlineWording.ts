import { NOTIFICATION_DAYS } from './change-deadline.ts'
import type { RecordedKind } from './notificationInput.ts'
import { QUALIFYING_PERIOD_DAYS, QUALIFYING_WINDOW_MONTHS } from './qualifying-period.ts'
import { DEFAULT_REGISTER_SETTINGS, type RegisterSettings } from './settings.ts'

/** Reg 10 SI 2012/1876: staying at a household with a child for at least 12 hours is notifiable. */
export const CHILD_HOUSEHOLD_HOURS = 12

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/** "weekly" for 7 days, else "every N days": how the no-fixed-abode periodic rule is said to an officer. */
export const noFixedAbodeFrequency = (days: number): string => (days === 7 ? 'weekly' : `every ${count(days, 'day')}`)

/**
 * What each notification requires and by when, as the journeys tell the officer. Every number comes from the rule
 * that applies it (the 3-day period, the qualifying period, the register settings), so a corrected rule corrects the
 * wording with it.
 */
export function deadlineWording(settings: RegisterSettings = DEFAULT_REGISTER_SETTINGS): Record<RecordedKind, string> {
  const within = `within ${count(NOTIFICATION_DAYS, 'day')}`
  const qualifying = count(QUALIFYING_PERIOD_DAYS, 'day')
  const notice = count(settings.foreignTravelNoticeDays, 'day')
  return {
    initial: `Section 83(1): ${within} of the relevant date or release.`,
    'change-of-name': `Section 84(1)(a): ${within} of using the name.`,
    'change-of-home-address': `Section 84(1)(b): ${within} of the change.`,
    'other-address': `Section 84(1)(c): ${within} of completing a qualifying period (${qualifying}, or ${qualifying} in total in ${count(QUALIFYING_WINDOW_MONTHS, 'month')}).`,
    'child-household': `Regulation 10 of SI 2012/1876: ${within} of staying ${count(CHILD_HOUSEHOLD_HOURS, 'hour')} or more at a household with a child.`,
    'release-from-custody': `Section 84(1)(d): ${within} of release.`,
    periodic: `Section 85(1): within one year of the last notification, or ${noFixedAbodeFrequency(settings.noFixedAbodePeriodDays)} with no fixed abode.`,
    'identity-documents': 'Given at every notification (SI 2012/1876).',
    'bank-details': 'Given at every notification (SI 2012/1876). Only the last 4 digits of a card number are kept.',
    'foreign-travel': `Section 86: at least ${notice} before departure, or at least ${count(settings.foreignTravelShortNoticeHours, 'hour')} before if the details were not known ${notice} ahead.`,
    association: 'Information about associates helps manage risk; it has no statutory deadline.',
  }
}

export const DEADLINE_WORDING: Readonly<Record<RecordedKind, string>> = Object.freeze(deadlineWording())
