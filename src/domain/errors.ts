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

export class Unauthorised extends DomainError {}

/** The record can be opened, but only after the viewer records a reason (break-glass). */
export class BreakGlassRequired extends Forbidden {
  constructor(readonly subjectId: string) {
    super('This subject is managed by another team. To view the record you must record why you need it.')
  }
}
