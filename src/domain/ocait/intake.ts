import { Temporal } from 'temporal-polyfill'
import { z } from 'zod'
import { LONDON } from '../clock.ts'
import { ValidationError, type FieldError } from '../errors.ts'
import { parseIsoDate } from '../people/dateInput.ts'
import { fieldErrorsFromZod, PERSON_NAME, personNameMessage } from '../people/registration.ts'
import { normalisePostcode } from '../people/postcode.ts'

/**
 * Referral intake (issue 14 item 1; DOMAIN-RASSO.md §4.1): industry reports reach forces through NCMEC's
 * CyberTipline and the NCA's referral bureau (a "national" referral), other forces refer cases, and the team works
 * proactively. A referral carries the platform and account identifiers, the upload IP addresses and times as the
 * platform reported them (in its own time zone, converted here), the image category counts and free text.
 */
export const REFERRAL_SOURCES = ['national', 'other-force', 'proactive', 'other'] as const
export type ReferralSource = (typeof REFERRAL_SOURCES)[number]
export const REFERRAL_SOURCE_LABELS: Readonly<Record<ReferralSource, string>> = {
  national: 'National referral (industry report via the NCA)',
  'other-force': 'Another force',
  proactive: 'Proactive',
  other: 'Other',
}

export const ACCOUNT_KINDS = ['username', 'email', 'phone', 'account-id', 'other'] as const
export type AccountKind = (typeof ACCOUNT_KINDS)[number]
export const ACCOUNT_KIND_LABELS: Readonly<Record<AccountKind, string>> = {
  username: 'Username',
  email: 'Email address',
  phone: 'Phone number',
  'account-id': 'Account ID',
  other: 'Other identifier',
}

/** At most this many accounts and uploads on one referral (a bigger report is attached, not typed). */
export const MAX_ACCOUNTS = 20
export const MAX_UPLOADS = 50

export interface ReferralAccount {
  platform: string
  kind: AccountKind
  value: string
}

export interface ReferralUpload {
  ip: string
  /** The time as the platform reported it, and the zone it was given in. */
  reportedTime: string
  reportedZone: string
  /** The same moment as an instant (stored UTC, shown in UTC and London time). */
  at: Temporal.Instant
}

export interface ReferralIntake {
  source: ReferralSource
  sourceReference: string | null
  otherForce: string | null
  receivedAt: Temporal.Instant
  platform: string | null
  accounts: ReferralAccount[]
  uploads: ReferralUpload[]
  images: { a: number; b: number; c: number }
  suspect: { givenName: string | null; familyName: string | null; dateOfBirth: string | null; postcode: string | null }
  summary: string
}

const text = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `The ${what} must be ${String(max)} characters or fewer`)
    .optional()
    .nullable()
    .transform(v => (v ? v : null))

const count = (category: string) =>
  z.union([z.number(), z.string().trim()]).transform((v, ctx) => {
    if (v === '') return 0
    const n = typeof v === 'number' ? v : /^\d{1,7}$/.test(v) ? Number(v) : NaN
    if (!Number.isSafeInteger(n) || n < 0 || n > 1_000_000) {
      ctx.addIssue({ code: 'custom', message: `Enter the number of category ${category} images as a whole number` })
      return z.NEVER
    }
    return n
  })

const personName = (what: string) =>
  text(100, what).refine(v => v === null || PERSON_NAME.test(v), personNameMessage(what))

export const intakeSchema = z.object({
  source: z.enum(REFERRAL_SOURCES, { error: 'Select where the referral came from' }),
  sourceReference: text(100, 'source reference'),
  otherForce: text(100, 'referring force'),
  receivedAt: z.string({ error: 'Enter when the referral was received' }).trim(),
  platform: text(100, 'platform'),
  accounts: z
    .array(
      z.object({
        platform: z.string().trim().min(1, 'Enter the platform of the account').max(100),
        kind: z.enum(ACCOUNT_KINDS, { error: 'Select the kind of identifier' }),
        value: z
          .string()
          .trim()
          .min(1, 'Enter the identifier')
          .max(200, 'The identifier must be 200 characters or fewer'),
      }),
    )
    .max(MAX_ACCOUNTS, `Send at most ${String(MAX_ACCOUNTS)} accounts`)
    .default([]),
  uploads: z
    .array(
      z.object({
        ip: z.string().trim().min(1, 'Enter the upload IP address'),
        time: z.string().trim().min(1, 'Enter the upload time'),
        zone: z.string().trim().min(1, 'Enter the time zone the upload time was given in'),
      }),
    )
    .max(MAX_UPLOADS, `Send at most ${String(MAX_UPLOADS)} uploads`)
    .default([]),
  images: z.object({ a: count('A'), b: count('B'), c: count('C') }).default({ a: 0, b: 0, c: 0 }),
  suspect: z
    .object({
      givenName: personName('suspect’s first name'),
      familyName: personName('suspect’s last name'),
      dateOfBirth: text(10, 'date of birth'),
      postcode: text(10, 'postcode'),
    })
    .default({ givenName: null, familyName: null, dateOfBirth: null, postcode: null }),
  summary: z
    .string({ error: 'Enter a summary of the referral' })
    .trim()
    .min(10, 'Enter a summary of the referral, in at least 10 characters')
    .max(5000, 'The summary must be 5,000 characters or fewer'),
})

/** IPv4 dotted quad, or IPv6 as a URL host accepts it; the address is kept as written (lower-cased). */
export function isIpAddress(value: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(value)
  if (v4) return v4.slice(1).every(part => Number(part) <= 255 && String(Number(part)) === part)
  if (!value.includes(':') || !/^[0-9a-fA-F:.]+$/.test(value)) return false
  try {
    return new URL(`http://[${value}]/`).hostname.length > 2
  } catch {
    return false
  }
}

const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$/
const OFFSET = /^(UTC|GMT|Z|[+-]\d{2}:\d{2})$/i

/**
 * A reported local time in a zone as an instant. Platforms report upload times in their own zone (often US Pacific
 * or UTC), and the pre-warrant research must show "checked time conversions" (§4.3 [P]). A zone is an IANA name
 * ("America/Los_Angeles") or a fixed offset ("-08:00", "UTC"). A time that does not exist in the zone (the hour
 * skipped when clocks go forward) or happens twice (when they go back) is refused: the officer must give the offset,
 * because guessing would put the upload at the wrong address holder's hour.
 */
export function reportedTimeToInstant(
  time: string,
  zone: string,
): { ok: true; at: Temporal.Instant } | { ok: false; message: string } {
  const t = time.trim().replace(' ', 'T')
  if (!LOCAL_TIME.test(t))
    return { ok: false, message: 'Enter the upload time as YYYY-MM-DD HH:MM, for example 2026-11-20 23:15' }
  let local: Temporal.PlainDateTime
  try {
    local = Temporal.PlainDateTime.from(t, { overflow: 'reject' })
  } catch {
    return { ok: false, message: 'The upload time must be a real date and time' }
  }
  const z = zone.trim()
  const offset = OFFSET.exec(z)
  const timeZone = offset ? (/^[+-]/.test(z) ? z : 'UTC') : z
  try {
    return { ok: true, at: local.toZonedDateTime(timeZone, { disambiguation: 'reject' }).toInstant() }
  } catch {
    if (!validZone(timeZone))
      return {
        ok: false,
        message: `${z || 'That'} is not a time zone: use a name such as America/Los_Angeles, or an offset such as -08:00`,
      }
    return {
      ok: false,
      message: `${t.replace('T', ' ')} does not happen exactly once in ${z} (the clocks change): give the UTC offset instead`,
    }
  }
}

function validZone(timeZone: string): boolean {
  try {
    Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(timeZone)
    return true
  } catch {
    return false
  }
}

/** A London date and time ('YYYY-MM-DDTHH:MM') as an instant: when the referral was received. */
export function londonTimeToInstant(value: string): Temporal.Instant | null {
  const r = reportedTimeToInstant(value, LONDON)
  if (r.ok) return r.at
  // The hour that happens twice in October: take the earlier, as a receipt time is not evidence.
  try {
    return Temporal.PlainDateTime.from(value.trim().replace(' ', 'T'), { overflow: 'reject' })
      .toZonedDateTime(LONDON, { disambiguation: 'earlier' })
      .toInstant()
  } catch {
    return null
  }
}

/** Validates a referral as taken at intake (web form and API alike); every problem is reported at once. */
export function validateIntake(input: unknown, now: Temporal.Instant): ReferralIntake {
  const parsed = intakeSchema.safeParse(input)
  const errors: FieldError[] = parsed.success ? [] : fieldErrorsFromZod(parsed.error)
  const reported = (field: string) => errors.some(e => e.field === field)
  const raw = (input !== null && typeof input === 'object' ? input : {}) as Record<string, unknown>
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '')
  const obj = (v: unknown) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {})

  const receivedText = str(raw.receivedAt)
  const receivedAt = receivedText ? londonTimeToInstant(receivedText) : null
  if (!receivedAt && !reported('receivedAt'))
    errors.push({ field: 'receivedAt', message: 'Enter when the referral was received, as a real date and time' })
  else if (receivedAt && Temporal.Instant.compare(receivedAt, now) > 0)
    errors.push({ field: 'receivedAt', message: 'The time received must be now or in the past' })
  if (raw.source === 'other-force' && !str(raw.otherForce) && !reported('otherForce'))
    errors.push({ field: 'otherForce', message: 'Enter the force that referred it' })

  const uploads: ReferralUpload[] = []
  const rawUploads = Array.isArray(raw.uploads) ? (raw.uploads as unknown[]).slice(0, MAX_UPLOADS) : []
  rawUploads.forEach((item, i) => {
    const u = obj(item)
    const [ip, time, zone] = [str(u.ip).toLowerCase(), str(u.time), str(u.zone)]
    const field = (name: string) => `uploads.${String(i)}.${name}`
    if (ip && !isIpAddress(ip) && !reported(field('ip')))
      errors.push({ field: field('ip'), message: 'Enter a real IPv4 or IPv6 address' })
    if (!time || !zone) return
    const at = reportedTimeToInstant(time, zone)
    if (!at.ok) {
      if (!reported(field('time'))) errors.push({ field: field('time'), message: at.message })
      return
    }
    if (Temporal.Instant.compare(at.at, now) > 0)
      errors.push({ field: field('time'), message: 'The upload time must be in the past' })
    uploads.push({ ip, reportedTime: time.replace(' ', 'T'), reportedZone: zone, at: at.at })
  })

  const suspect = obj(raw.suspect)
  let dateOfBirth: string | null = null
  if (str(suspect.dateOfBirth)) {
    const d = parseIsoDate('The date of birth', str(suspect.dateOfBirth))
    if (!d.ok) {
      if (!reported('suspect.dateOfBirth')) errors.push({ field: 'suspect.dateOfBirth', message: d.message })
    } else if (Temporal.PlainDate.compare(d.date, now.toZonedDateTimeISO(LONDON).toPlainDate()) > 0)
      errors.push({ field: 'suspect.dateOfBirth', message: 'The date of birth must be in the past' })
    else dateOfBirth = d.date.toString()
  }
  let postcode: string | null = null
  if (str(suspect.postcode)) {
    postcode = normalisePostcode(str(suspect.postcode))
    if (!postcode && !reported('suspect.postcode'))
      errors.push({ field: 'suspect.postcode', message: 'Enter a real postcode, like M33 7AA' })
  }
  if (!parsed.success || errors.length > 0 || !receivedAt) throw new ValidationError(errors)
  const v = parsed.data
  return {
    source: v.source,
    sourceReference: v.sourceReference,
    otherForce: v.source === 'other-force' ? v.otherForce : null,
    receivedAt,
    platform: v.platform,
    accounts: v.accounts,
    uploads,
    images: v.images,
    suspect: { givenName: v.suspect.givenName, familyName: v.suspect.familyName, dateOfBirth, postcode },
    summary: v.summary,
  }
}
