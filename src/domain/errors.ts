/**
 * Errors as types. Services throw these; the web layer maps them to GOV.UK error pages and
 * summaries, the API to RFC 9457 problem+json. Nothing else is allowed to leak to a user.
 */
export interface FieldError {
  /** The form field / JSON property the message is about, e.g. "dateOfBirth" or "addresses.0.postcode". */
  field: string
  /** A GOV.UK-style message written for the user, e.g. "Enter a date of birth". */
  message: string
}

export class DomainError extends Error {
  constructor(message: string) {
    super(message)
    this.name = new.target.name
  }
}

export class ValidationError extends DomainError {
  constructor(readonly errors: FieldError[]) {
    super(errors.map(e => `${e.field}: ${e.message}`).join('; ') || 'Invalid input')
  }
}

export class NotFound extends DomainError {}

export class Forbidden extends DomainError {}

export class Conflict extends DomainError {}

/**
 * The record was changed by someone else since the editor loaded it (optimistic concurrency): nothing was
 * written. Carries both versions so the user can see what changed before deciding what to do.
 */
export class StaleVersion extends Conflict {
  constructor(
    /** What kind of record, in words a user reads ("health and victim notes"). */
    readonly record: string,
    /** The version the editor started from. */
    readonly expectedVersion: number,
    /** The version stored now. */
    readonly currentVersion: number,
    /** What the editor tried to save. */
    readonly attempted: Readonly<Record<string, unknown>>,
    /** What is stored now (left untouched). */
    readonly current: Readonly<Record<string, unknown>>,
  ) {
    super(
      `Someone changed the ${record} while you were editing (you started from version ${String(expectedVersion)}, it is now version ${String(currentVersion)}). Nothing you entered has been saved.`,
    )
  }
}

/** A change needs the version it was based on (If-Match on the API, a hidden field on forms), and none came. */
export class VersionRequired extends DomainError {}

/**
 * The database could not be reached or the connection was lost mid-request (a failover, an administrator ending
 * sessions). Nothing the request did was confirmed; it is safe to try again shortly.
 */
export class ServiceUnavailable extends DomainError {
  constructor(
    message = 'The service is briefly unavailable. Try again in a few seconds.',
    readonly retryAfterSeconds = 5,
  ) {
    super(message)
  }
}

export class Unauthorised extends DomainError {}

/**
 * An Idempotency-Key was reused with a different request: replaying the first result would hide the second
 * request's intent, and carrying it out would break the key's promise (answered 422, as Stripe does).
 */
export class IdempotencyKeyReused extends DomainError {
  constructor() {
    super('This Idempotency-Key was already used for a different request. Use a new key for a new request.')
  }
}

/** The record can be opened, but only after the viewer records a reason (break-glass). */
export class BreakGlassRequired extends Forbidden {
  constructor(readonly subjectId: string) {
    super('This subject is managed by another team. To view the record you must record why you need it.')
  }
}
