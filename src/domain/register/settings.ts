/**
 * Register rules that DOMAIN.md §1.1 marks unverified ([U]) or only partly verified ([P]). They are settings,
 * not constants, so a force can correct them once the legislation text is confirmed without touching the rules.
 * Every default below is documented with its status and source.
 */
export interface RegisterSettings {
  /**
   * s.85(5)(a) + SI 2012/1876: the "applicable period" for periodic notification when the last home address
   * notified was a place where the offender can regularly be found (no fixed abode). Default 7 days ("weekly").
   * [P]: the E&W regulation was not retrieved verbatim; 7 days is the Sentencing Council card and the Scottish text.
   */
  noFixedAbodePeriodDays: number
  /**
   * Travel Notification Requirements Regulations 2004 (as amended 2012): foreign travel must be notified at least
   * this many days before departure. Default 7. [P]
   */
  foreignTravelNoticeDays: number
  /**
   * When the details were not known that far ahead: notify as soon as reasonably practicable and not less than this
   * many hours before departure. Default 12 (the NI and Scottish amendments; E&W text not retrieved) [P].
   */
  foreignTravelShortNoticeHours: number
  /**
   * The NI rule that late notice may not be given less than 24 hours before departure unless the offender has a
   * reasonable excuse. Whether E&W has it is unverified [U], so the default is `null` (rule off). Set 24 to apply it.
   */
  foreignTravelShortNoticeWithoutExcuseHours: number | null
  /**
   * s.91B(4)–(6): the chief officer may set a further review period longer than 8 years; the maximum is believed to
   * be 15 years but was not retrieved [U]. Default 180 months.
   */
  maxFurtherReviewMonths: number
  /**
   * s.84(5) applies the s.83(6) disregard (custody, hospital, abroad) to the 6-day period for notifying that an
   * advance-notified change did not happen, as well as to the 3-day period. This is from the enacted text as
   * remembered, not from DOMAIN.md [U]. Default true.
   */
  disregardInNonOccurrencePeriod: boolean
}

export const DEFAULT_REGISTER_SETTINGS: Readonly<RegisterSettings> = Object.freeze({
  noFixedAbodePeriodDays: 7,
  foreignTravelNoticeDays: 7,
  foreignTravelShortNoticeHours: 12,
  foreignTravelShortNoticeWithoutExcuseHours: null,
  maxFurtherReviewMonths: 180,
  disregardInNonOccurrencePeriod: true,
})

/** Fills in the defaults for any setting a caller leaves out. */
export const registerSettings = (overrides: Partial<RegisterSettings> = {}): RegisterSettings => ({
  ...DEFAULT_REGISTER_SETTINGS,
  ...overrides,
})
