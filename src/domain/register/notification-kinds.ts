/**
 * The kinds of notification a relevant offender gives, each with the provision that requires it.
 * Identity documents and bank/card details (SI 2012/1876) are given *at* every notification rather than
 * being separate kinds with their own deadline.
 */
export const NOTIFICATION_KINDS = [
  'initial',
  'change-of-name',
  'change-of-home-address',
  'other-address',
  'release-from-custody',
  'child-household',
  'periodic',
  'foreign-travel',
] as const

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]

/** Kinds due within the period of 3 days beginning with an event (s.83(1), s.84(1), reg 10 SI 2012/1876). */
export type EventNotificationKind = Exclude<NotificationKind, 'periodic' | 'foreign-travel'>

export const STATUTORY_BASIS: Readonly<Record<NotificationKind, string>> = Object.freeze({
  initial: 's.83(1)',
  'change-of-name': 's.84(1)(a)',
  'change-of-home-address': 's.84(1)(b)',
  'other-address': 's.84(1)(c)',
  'release-from-custody': 's.84(1)(d)',
  'child-household': 'reg 10 SI 2012/1876',
  periodic: 's.85(1)',
  'foreign-travel': 's.86',
})

/**
 * s.85(2): the periodic clock restarts after the initial notification (s.83(1)), any s.84(1) change and any
 * periodic notification (s.85(1)). Information about staying with a child is given under s.83(5)(h) and,
 * per the Home Office FAQ, "does not alter the annual notification date"; foreign travel is under s.86.
 */
export const resetsPeriodicNotification = (kind: NotificationKind): boolean =>
  kind !== 'child-household' && kind !== 'foreign-travel'

export const isEventNotificationKind = (kind: NotificationKind): kind is EventNotificationKind =>
  kind !== 'periodic' && kind !== 'foreign-travel'
