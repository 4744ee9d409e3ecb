import { resolve } from 'node:path'
import { z } from 'zod'
import { alertSettingsFrom, type AlertSettings } from './domain/alerts/settings.ts'

/**
 * Every environment variable Vigil reads, in one place, typed and checked at start-up.
 * Development gets working defaults; production refuses to start without the secrets it needs
 * (HMPPS `requireInProduction`), so a misconfigured server fails loudly instead of running insecurely.
 * Each variable is documented in README.md and .env.example.
 */
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform(v => v === 'true' || v === '1' || v === 'yes')

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().optional(),
  PGLITE_DIR: z.string().default('./data/pglite'),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  AUDIT_SIGNING_KEY: z.string().min(32, 'AUDIT_SIGNING_KEY must be at least 32 characters').optional(),
  HTTPS: bool.optional(),
  TRUST_PROXY: bool.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEED_ON_START: bool.optional(),
  SEED_SUBJECTS: z.coerce.number().int().min(0).max(1_000_000).default(4400),
  SEED: z.coerce.number().int().default(2026),
  DEMO_PASSWORD: z.string().min(12, 'DEMO_PASSWORD must be at least 12 characters').optional(),
  FORCE_NAME: z.string().default('Greater Manchester Police'),
  SHARED_DATA_DIR: z.string().default('../shared/data'),
  SIGN_IN_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
})

export interface Config {
  env: 'development' | 'test' | 'production'
  production: boolean
  port: number
  host: string
  database: { engine: 'postgres'; url: string } | { engine: 'pglite'; dir: string | null }
  sessionSecret: string
  auditSigningKey: string
  https: boolean
  trustProxy: boolean
  logLevel: string
  seed: { onStart: boolean; subjects: number; seed: number; demoPassword: string }
  forceName: string
  sharedDataDir: string
  /** Sign-in attempts (password or code) allowed per IP address per minute. */
  signInRateLimit: number
  /** ALERT_ESCALATION_MINUTES, ALERT_SWEEP_INTERVAL_MS, ALERT_POLL_MS (see src/domain/alerts/settings.ts). */
  alerts: AlertSettings
}

export class ConfigError extends Error {}

const DEV_ONLY_SECRET = 'development-only-secret-do-not-use-in-production-000'
export const DEFAULT_DEMO_PASSWORD = 'vigil-demo-password'

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map(i => `  ${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`Vigil cannot start: invalid configuration\n${lines.join('\n')}`)
  }
  const e = parsed.data
  let alerts: AlertSettings
  try {
    alerts = alertSettingsFrom(env)
  } catch (error) {
    const issues =
      error instanceof z.ZodError
        ? error.issues.map(i => `  ${i.path.join('.')}: ${i.message}`).join('\n')
        : String(error)
    throw new ConfigError(`Vigil cannot start: invalid configuration\n${issues}`)
  }
  const production = e.NODE_ENV === 'production'
  const missing: string[] = []
  const requireInProduction = (name: string, value: string | undefined, fallback: string): string => {
    if (value) return value
    if (production) missing.push(name)
    return fallback
  }
  const sessionSecret = requireInProduction('SESSION_SECRET', e.SESSION_SECRET, DEV_ONLY_SECRET)
  const auditSigningKey = requireInProduction('AUDIT_SIGNING_KEY', e.AUDIT_SIGNING_KEY, DEV_ONLY_SECRET)
  if (production && !e.DATABASE_URL) missing.push('DATABASE_URL (PostgreSQL is the system of record in production)')
  if (missing.length > 0) {
    throw new ConfigError(`Vigil cannot start in production: missing ${missing.join(', ')}. See .env.example.`)
  }
  const url = e.DATABASE_URL
  if (url && !/^postgres(ql)?:\/\//.test(url)) {
    throw new ConfigError('Vigil cannot start: DATABASE_URL must start with postgres:// or postgresql://')
  }
  return {
    env: e.NODE_ENV,
    production,
    port: e.PORT,
    host: e.HOST,
    database: url ? { engine: 'postgres', url } : { engine: 'pglite', dir: resolve(e.PGLITE_DIR) },
    sessionSecret,
    auditSigningKey,
    https: e.HTTPS ?? production,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    // Synthetic demo data is for laptops and demos only: never seeded in production unless asked for.
    seed: {
      onStart: e.SEED_ON_START ?? !production,
      subjects: e.SEED_SUBJECTS,
      seed: e.SEED,
      demoPassword: e.DEMO_PASSWORD ?? DEFAULT_DEMO_PASSWORD,
    },
    forceName: e.FORCE_NAME,
    sharedDataDir: resolve(e.SHARED_DATA_DIR),
    signInRateLimit: e.SIGN_IN_RATE_LIMIT,
    alerts,
  }
}
