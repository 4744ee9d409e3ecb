import { ValidationError, VersionRequired } from './errors.ts'

/**
 * The version an edit started from (optimistic concurrency): a positive integer from a form's hidden field or an
 * API's If-Match. Missing means the client did not say what it is overwriting, which is refused, not guessed.
 */
export function expectedVersion(value: unknown): number {
  if (value === undefined || value === null || value === '') {
    throw new VersionRequired('Say which version of the record you are changing (If-Match, or the form’s version)')
  }
  const n =
    typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : NaN
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new ValidationError([{ field: 'version', message: 'The record version must be a whole number from 1' }])
  }
  return n
}
