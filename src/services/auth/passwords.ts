import { hash, verify } from '@node-rs/argon2'

/** argon2id with OWASP's minimum parameters (19 MiB memory, 2 iterations, 1 lane). */
const OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 }

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

/**
 * A hash of nothing anyone knows, verified when the username does not exist, so an unknown user
 * takes as long to reject as a wrong password (no user enumeration by timing).
 */
let decoy: Promise<string> | undefined
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(`decoy-${Math.random()}`)
  return decoy
}
