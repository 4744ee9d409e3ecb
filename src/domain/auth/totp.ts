import { createHash } from 'node:crypto'
import { generateSecret, generateSync, generateURI, verifySync } from 'otplib'
import type { Temporal } from 'temporal-polyfill'

/**
 * Time-based one-time passwords (RFC 6238): 6 digits, 30-second steps, SHA-1 — what every
 * authenticator app speaks. One step either side is accepted for clock drift, and a code is
 * never accepted twice (the last used step is remembered).
 */
export const TOTP_PERIOD_SECONDS = 30

export function newTotpSecret(): string {
  return generateSecret()
}

/** A deterministic secret for a synthetic demo account, so `vigil totp --user demo.om` works on any clone. */
export function demoTotpSecret(seed: number, username: string): string {
  const bytes = createHash('sha256').update(`vigil-demo-totp:${seed}:${username}`).digest().subarray(0, 20)
  return base32(bytes)
}

function base32(bytes: Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += alphabet.charAt((value >>> (bits - 5)) & 31)
      bits -= 5
    }
  }
  if (bits > 0) out += alphabet.charAt((value << (5 - bits)) & 31)
  return out
}

const epochSeconds = (at: Temporal.Instant) => Math.floor(at.epochMilliseconds / 1000)

export function totpCode(secret: string, at: Temporal.Instant): string {
  return generateSync({ secret, epoch: epochSeconds(at), period: TOTP_PERIOD_SECONDS })
}

export function totpStep(at: Temporal.Instant): number {
  return Math.floor(epochSeconds(at) / TOTP_PERIOD_SECONDS)
}

/** The step the code belongs to, or null if it is wrong, too old, or already used. */
export function checkTotp(
  secret: string,
  code: string,
  at: Temporal.Instant,
  lastUsedStep: number | null,
): number | null {
  const token = code.replace(/\s+/g, '')
  if (!/^\d{6}$/.test(token)) return null
  const result = verifySync({
    secret,
    token,
    epoch: epochSeconds(at),
    period: TOTP_PERIOD_SECONDS,
    epochTolerance: TOTP_PERIOD_SECONDS,
    ...(lastUsedStep !== null ? { afterTimeStep: lastUsedStep } : {}),
  })
  if (!result.valid) return null
  const step = (result as { timeStep?: number }).timeStep ?? totpStep(at)
  return lastUsedStep !== null && step <= lastUsedStep ? null : step
}

export function totpUri(secret: string, username: string, issuer: string): string {
  return generateURI({ issuer, label: username, secret, period: TOTP_PERIOD_SECONDS })
}
