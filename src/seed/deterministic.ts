import { createHash } from 'node:crypto'

/**
 * Fast, deterministic helpers for the large seeds: a seeded PRNG, stable ids derived from a key,
 * and calendar days as integers (Temporal would dominate the time of a 100,000-subject seed).
 */

/** mulberry32: a small seeded PRNG returning numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** FNV-1a: a stable 32-bit hash of a string, for per-subject seeds. */
export function hashString(text: string): number {
  let h = 2166136261
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619)
  return h >>> 0
}

/** A version-4-shaped UUID derived from a key, so the same seed gives the same ids. */
export function uuidFor(key: string): string {
  const hex = createHash('md5').update(key).digest('hex').split('')
  hex[12] = '4'
  hex[16] = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16)
  const h = hex.join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/** Days since 1970-01-01 for an ISO date (UTC arithmetic: calendar dates only). */
export function dayNumber(iso: string): number {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86_400_000)
}

export function dateString(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10)
}
