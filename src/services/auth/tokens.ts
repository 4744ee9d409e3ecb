import { createHash, randomBytes } from 'node:crypto'

/** A secret for the user (cookie or bearer token); only its SHA-256 is stored, so a database leak reveals no live session. */
export function newSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url')
}

export function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}
