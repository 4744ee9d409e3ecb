import { Temporal } from 'temporal-polyfill'
import { z } from 'zod'
import { ValidationError, type FieldError } from '../errors.ts'
import { parseIsoDate } from '../people/dateInput.ts'
import { normalisePostcode } from '../people/postcode.ts'
import { PERSON_NAME, personNameMessage } from '../people/registration.ts'
import { QUALIFYING_PERIOD_DAYS } from './qualifying-period.ts'
import { DEFAULT_REGISTER_SETTINGS } from './settings.ts'

/**
 * What each kind of notification carries, as the API's JSON and the service's input. The web journeys build the
 * same object from their form fields, so one set of GOV.UK messages serves both. Dates are 'YYYY-MM-DD' London days;
 * times 'HH:MM' London wall-clock time.
 */
export const RECORDED_KINDS = [
  'initial',
  'change-of-name',
  'change-of-home-address',
  'other-address',
  'child-household',
  'release-from-custody',
  'periodic',
  'identity-documents',
  'bank-details',
  'foreign-travel',
  'association',
] as const
export type RecordedKind = (typeof RECORDED_KINDS)[number]

export const KIND_LABELS: Record<RecordedKind, string> = {
  initial: 'Initial notification',
  'change-of-name': 'Change of name',
  'change-of-home-address': 'Change of home address',
  'other-address': 'Other address (qualifying period)',
  'child-household': 'Staying with a child',
  'release-from-custody': 'Release from custody',
  periodic: 'Periodic notification',
  'identity-documents': 'Identity documents',
  'bank-details': 'Bank and card details',
  'foreign-travel': 'Foreign travel',
  association: 'New associate',
}

const blank = (value: unknown): unknown => {
  if (typeof value !== 'string') return value
  const trimmed = value.trim()
  return trimmed === '' ? undefined : trimmed
}

const requiredText = (message: string, max = 200, label = 'This') =>
  z.preprocess(blank, z.string({ error: message }).max(max, `${label} must be ${max} characters or fewer`))
const optionalText = (max = 200, label = 'This') =>
  z.preprocess(blank, z.string().max(max, `${label} must be ${max} characters or fewer`).optional())

/** A name, by the registration rules (`PERSON_NAME`): letters of any script, spaces, hyphens, apostrophes. */
const personName = (message: string, what: string, max = 100) =>
  z.preprocess(
    blank,
    z
      .string({ error: message })
      .max(max, `The ${what} must be ${max} characters or fewer`)
      .regex(PERSON_NAME, personNameMessage(what)),
  )
const optionalPersonName = (what: string, max = 100) =>
  z.preprocess(
    blank,
    z
      .string()
      .max(max, `The ${what} must be ${max} characters or fewer`)
      .regex(PERSON_NAME, personNameMessage(what))
      .optional(),
  )

const isoDate = (label: string, required: string) =>
  z.preprocess(
    blank,
    z.string({ error: required }).refine(v => parseIso(v) !== null, `${label} must be a real date`),
  )
const optionalIsoDate = (label: string) =>
  z.preprocess(
    blank,
    z
      .string()
      .refine(v => parseIso(v) !== null, `${label} must be a real date`)
      .optional(),
  )

const time = (label: string, required: string) =>
  z.preprocess(
    blank,
    z.string({ error: required }).regex(/^([01]?\d|2[0-3]):[0-5]\d$/, `${label} must be a real time, like 14:30`),
  )

const yesNo = (message: string) => z.preprocess(blank, z.enum(['yes', 'no'], { error: message }))

/** A real date in the register's range (one rule for every date input: `parseIsoDate`), or null. */
export function parseIso(value: string): Temporal.PlainDate | null {
  const parsed = parseIsoDate('Date', value)
  return parsed.ok ? parsed.date : null
}

const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/

const normalisedPostcode = (v: unknown) => {
  const value = blank(v)
  return typeof value === 'string' ? (normalisePostcode(value) ?? value) : undefined
}

const postcode = (noun: string) =>
  z.preprocess(
    normalisedPostcode,
    z.string({ error: `Enter the postcode of the ${noun}` }).regex(POSTCODE, 'Enter a real postcode, like M16 0RA'),
  )

// The optional is inside the preprocess: a blank field becomes undefined there, which the outer schema must accept.
const optionalPostcode = () =>
  z.preprocess(normalisedPostcode, z.string().regex(POSTCODE, 'Enter a real postcode, like M16 0RA').optional())

const address = (noun: string) =>
  z.object({
    line1: requiredText(`Enter the first line of the ${noun}`, 120, 'Address line 1'),
    line2: optionalText(120, 'Address line 2'),
    town: requiredText(`Enter the town or city of the ${noun}`, 80, 'Town or city'),
    postcode: postcode(noun),
  })

/** s.83(7)/s.85(6): with no fixed abode the "home address" is a place where they can regularly be found. */
const homeAddress = (noun: string) =>
  z.object({
    line1: requiredText(`Enter the first line of the ${noun}`, 120, 'Address line 1'),
    line2: optionalText(120, 'Address line 2'),
    town: requiredText(`Enter the town or city of the ${noun}`, 80, 'Town or city'),
    postcode: optionalPostcode(),
  })

const common = {
  notifiedOn: isoDate('Date notified', 'Enter the date the notification was given'),
  notifiedTime: time('Time notified', 'Enter the time the notification was given'),
  policeStation: requiredText('Select the police station where the notification was given', 120, 'Police station'),
}

const person = (noun: string) => ({
  givenName: personName(`Enter the ${noun}'s first name`, `${noun}'s first name`),
  familyName: personName(`Enter the ${noun}'s last name`, `${noun}'s last name`),
})

const schemas = {
  initial: z.object({
    ...common,
    eventDate: isoDate('Date the requirement started', 'Enter the date the notification requirement started'),
    noFixedAbode: yesNo('Select yes if the subject has no fixed abode'),
    address: homeAddress('home address'),
  }),
  'change-of-name': z.object({
    ...common,
    eventDate: isoDate('Date they started using the name', 'Enter the date they started using the new name'),
    givenName: personName('Enter the new first name', 'first name'),
    middleNames: optionalPersonName('middle names'),
    familyName: personName('Enter the new last name', 'last name'),
  }),
  'change-of-home-address': z.object({
    ...common,
    eventDate: isoDate('Date they moved', 'Enter the date they moved to the new address'),
    noFixedAbode: yesNo('Select yes if the subject has no fixed abode'),
    address: homeAddress('new home address'),
  }),
  'other-address': z.object({
    ...common,
    eventDate: isoDate(
      'Date the qualifying period was completed',
      `Enter the date the qualifying period of ${QUALIFYING_PERIOD_DAYS} days was completed`,
    ),
    fromDate: isoDate('Date they first stayed', 'Enter the date they first stayed at the address'),
    address: address('address'),
  }),
  'child-household': z.object({
    ...common,
    eventDate: isoDate('Date they started staying', 'Enter the date they started staying at the household'),
    address: address('household address'),
    child: z.object({
      ...person('child'),
      dateOfBirth: isoDate("Child's date of birth", "Enter the child's date of birth"),
    }),
    relationship: requiredText('Enter how the subject knows the household', 100, 'Relationship'),
  }),
  'release-from-custody': z.object({
    ...common,
    eventDate: isoDate('Date of release', 'Enter the date of release'),
    establishment: requiredText('Enter the prison or hospital they were released from', 120, 'Establishment'),
  }),
  periodic: z.object({
    ...common,
    noFixedAbode: yesNo('Select yes if the subject has no fixed abode'),
  }),
  'identity-documents': z.object({
    ...common,
    documentKind: z.preprocess(
      blank,
      z.enum(['passport', 'driving-licence', 'identity-card', 'other'], { error: 'Select the type of document' }),
    ),
    documentNumber: z.preprocess(
      blank,
      z
        .string({ error: 'Enter the document number' })
        .regex(/^[A-Za-z0-9 -]{4,30}$/, 'Document number must be 4 to 30 letters, numbers, spaces or hyphens'),
    ),
    issuingCountry: requiredText('Enter the country that issued the document', 80, 'Issuing country'),
    nameOnDocument: requiredText('Enter the name on the document', 200, 'Name on document'),
    issuedOn: optionalIsoDate('Date of issue'),
    expiresOn: optionalIsoDate('Expiry date'),
  }),
  'bank-details': z.object({
    ...common,
    accountKind: z.preprocess(
      blank,
      z.enum(['bank-account', 'debit-card', 'credit-card'], { error: 'Select the type of account or card' }),
    ),
    provider: requiredText('Enter the name of the bank or card provider', 80, 'Provider'),
    nameOnAccount: requiredText('Enter the name on the account or card', 120, 'Name on the account'),
    sortCode: optionalText(20),
    accountNumber: optionalText(20),
    cardNumber: optionalText(30),
    cardLast4: optionalText(4),
    cardExpiry: optionalText(10),
  }),
  'foreign-travel': z.object({
    ...common,
    departureDate: isoDate('Date of departure', 'Enter the date of departure'),
    departureTime: time('Time of departure', 'Enter the time of departure'),
    departurePoint: requiredText('Enter the port or airport they will leave from', 120, 'Point of departure'),
    carrier: requiredText('Enter the carrier, like the airline and flight number', 120, 'Carrier'),
    destinations: z
      .array(
        z.object({
          country: requiredText('Enter the country they are travelling to', 80, 'Country'),
          arrivalPoint: requiredText('Enter the point of arrival in the country', 120, 'Point of arrival'),
          accommodation: requiredText('Enter where they will stay in the country', 200, 'Accommodation'),
        }),
        { error: 'Enter at least one destination' },
      )
      .min(1, 'Enter at least one destination'),
    returnDate: optionalIsoDate('Date of return'),
    returnPoint: optionalText(120, 'Point of return'),
    detailsKnownSevenDaysAhead: yesNo(
      `Select yes if the details were known ${DEFAULT_REGISTER_SETTINGS.foreignTravelNoticeDays} days before departure`,
    ),
    reasonableExcuse: z.preprocess(blank, z.enum(['yes', 'no']).optional()),
  }),
  association: z.object({
    ...common,
    eventDate: isoDate('Date the association began', 'Enter the date the association began'),
    associate: z.object({
      ...person('associate'),
      dateOfBirth: optionalIsoDate("Associate's date of birth"),
    }),
    relationship: requiredText('Enter the relationship to the subject', 100, 'Relationship'),
    address: address("associate's address").optional(),
  }),
} satisfies Record<RecordedKind, z.ZodType>

export type NotificationInputOf<K extends RecordedKind> = z.output<(typeof schemas)[K]> & { kind: K }
export type NotificationInput = { [K in RecordedKind]: NotificationInputOf<K> }[RecordedKind]

const luhn = (digits: string): boolean => {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i])
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2
    sum += d
  }
  return sum % 10 === 0
}

/** Card numbers are cut to their last 4 digits here, before anything stores them (PCI DSS 3.4). */
export function truncateCardNumber(raw: string): { last4: string } | { error: string } {
  const digits = raw.replace(/[\s-]/g, '')
  if (!/^\d{12,19}$/.test(digits)) return { error: 'Card number must be between 12 and 19 digits' }
  if (!luhn(digits)) return { error: 'Enter a real card number' }
  return { last4: digits.slice(-4) }
}

function bankErrors(input: z.output<(typeof schemas)['bank-details']>): FieldError[] {
  const errors: FieldError[] = []
  if (input.accountKind === 'bank-account') {
    const sort = (input.sortCode ?? '').replace(/[\s-]/g, '')
    const account = (input.accountNumber ?? '').replace(/\s/g, '')
    if (!sort) errors.push({ field: 'sortCode', message: 'Enter a sort code' })
    else if (!/^\d{6}$/.test(sort)) errors.push({ field: 'sortCode', message: 'Enter a real sort code, like 30-94-57' })
    if (!account) errors.push({ field: 'accountNumber', message: 'Enter an account number' })
    else if (!/^\d{6,8}$/.test(account)) {
      errors.push({ field: 'accountNumber', message: 'Account number must be between 6 and 8 digits' })
    }
  } else {
    if (!input.cardLast4 && !input.cardNumber) errors.push({ field: 'cardNumber', message: 'Enter the card number' })
    else if (input.cardNumber) {
      const card = truncateCardNumber(input.cardNumber)
      if ('error' in card) errors.push({ field: 'cardNumber', message: card.error })
    } else if (!/^\d{4}$/.test(input.cardLast4 ?? '')) {
      errors.push({ field: 'cardNumber', message: 'Enter the card number' })
    }
    const expiry = /^(0[1-9]|1[0-2])\/(\d{2})$/.exec((input.cardExpiry ?? '').replace(/\s/g, ''))
    if (!input.cardExpiry) errors.push({ field: 'cardExpiry', message: 'Enter the expiry date of the card' })
    else if (!expiry)
      errors.push({ field: 'cardExpiry', message: 'Expiry date must be in the format MM/YY, like 04/28' })
  }
  return errors
}

/** Rules across fields and against today, reported with the fields' own messages. */
function crossFieldErrors(input: NotificationInput, today: Temporal.PlainDate): FieldError[] {
  const errors: FieldError[] = []
  const notPast = (field: string, value: string | undefined, label: string) => {
    const date = value ? parseIso(value) : null
    if (date && Temporal.PlainDate.compare(date, today) > 0) {
      errors.push({ field, message: `${label} must be today or in the past` })
    }
  }
  notPast('notifiedOn', input.notifiedOn, 'Date notified')
  if ('eventDate' in input) notPast('eventDate', input.eventDate, 'The date')
  const notified = parseIso(input.notifiedOn)
  switch (input.kind) {
    case 'initial':
    case 'change-of-home-address':
      if (input.noFixedAbode === 'no' && !input.address.postcode) {
        errors.push({ field: 'address.postcode', message: 'Enter the postcode of the home address' })
      }
      break
    case 'child-household': {
      const dob = parseIso(input.child.dateOfBirth)
      const started = parseIso(input.eventDate)
      if (dob && started && !isUnder18(dob, started)) {
        errors.push({
          field: 'child.dateOfBirth',
          message: 'The child must be under 18 on the date they started staying',
        })
      }
      break
    }
    case 'other-address': {
      const from = parseIso(input.fromDate)
      const completed = parseIso(input.eventDate)
      if (from && completed && Temporal.PlainDate.compare(from, completed) > 0) {
        errors.push({
          field: 'fromDate',
          message: 'Date they first stayed must be on or before the date the qualifying period was completed',
        })
      }
      break
    }
    case 'identity-documents': {
      const issued = input.issuedOn ? parseIso(input.issuedOn) : null
      const expires = input.expiresOn ? parseIso(input.expiresOn) : null
      if (issued && expires && Temporal.PlainDate.compare(expires, issued) <= 0) {
        errors.push({ field: 'expiresOn', message: 'Expiry date must be after the date of issue' })
      }
      break
    }
    case 'bank-details':
      errors.push(...bankErrors(input))
      break
    case 'foreign-travel': {
      const departure = parseIso(input.departureDate)
      const back = input.returnDate ? parseIso(input.returnDate) : null
      if (departure && notified && Temporal.PlainDate.compare(departure, notified) < 0) {
        errors.push({ field: 'departureDate', message: 'Date of departure must be on or after the date notified' })
      }
      if (departure && back && Temporal.PlainDate.compare(back, departure) < 0) {
        errors.push({ field: 'returnDate', message: 'Date of return must be on or after the date of departure' })
      }
      break
    }
    case 'association': {
      const dob = input.associate.dateOfBirth ? parseIso(input.associate.dateOfBirth) : null
      if (dob && Temporal.PlainDate.compare(dob, today) > 0) {
        errors.push({ field: 'associate.dateOfBirth', message: "Associate's date of birth must be in the past" })
      }
      break
    }
    default:
      break
  }
  return errors
}

const isUnder18 = (dob: Temporal.PlainDate, on: Temporal.PlainDate) =>
  Temporal.PlainDate.compare(on, dob.add({ years: 18 })) < 0

export const isRecordedKind = (value: unknown): value is RecordedKind =>
  typeof value === 'string' && (RECORDED_KINDS as readonly string[]).includes(value)

/**
 * Validates a notification of any kind. Throws `ValidationError` with every problem at once, each naming its field
 * as a dotted path ('address.postcode', 'destinations.0.country'), which the web journeys map to their inputs.
 */
export function parseNotification(raw: unknown, today: Temporal.PlainDate): NotificationInput {
  const body = (raw ?? {}) as Record<string, unknown>
  if (!isRecordedKind(body.kind)) {
    throw new ValidationError([{ field: 'kind', message: 'Select the kind of notification' }])
  }
  const kind = body.kind
  const result = schemas[kind].safeParse(body)
  const errors: FieldError[] = result.success
    ? []
    : result.error.issues.map(issue => ({ field: issue.path.join('.'), message: issue.message }))
  if (result.success) errors.push(...crossFieldErrors({ ...result.data, kind } as NotificationInput, today))
  if (errors.length > 0) throw new ValidationError(dedupe(errors))
  return { ...(result.data as object), kind } as NotificationInput
}

const dedupe = (errors: FieldError[]): FieldError[] => {
  const seen = new Set<string>()
  return errors.filter(e => (seen.has(e.field) ? false : (seen.add(e.field), true)))
}
