import { readFileSync } from 'node:fs'
import { userInfo } from 'node:os'
import type { Command } from 'commander'
import { loadConfig } from '../config.ts'
import { systemClock, todayIn } from '../domain/clock.ts'
import { ALL_SCOPES, DEFAULT_TOKEN_DAYS } from '../domain/auth/scopes.ts'
import type { Database } from '../data/database.ts'
import type { DataAccess } from '../data/index.ts'
import { openMigratedDatabase } from '../app/bootstrap.ts'
import { migrateConfiguredDatabase } from '../app/commandLine.ts'
import { hashPassword } from '../services/auth/passwords.ts'
import { SecretBox } from '../services/auth/secretBox.ts'
import { createServices } from '../app/composition.ts'
import {
  auditCheckpoint,
  checkCheckpoint,
  verifyAuditLog,
  type Checkpoint,
} from '../services/audit/auditVerification.ts'
import { RegisterNotEmpty, seedDatabase, wipeRegister } from '../seed/seed.ts'

async function withDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const config = loadConfig()
  const database = await openMigratedDatabase(config)
  try {
    return await fn(database)
  } finally {
    await database.close()
  }
}

/** Repositories and transactions for the audit and stats commands, made by the composition root. */
const dataOf = (database: Database): DataAccess => createServices(database, systemClock, loadConfig()).data

function fail(message: string, code = 2): never {
  console.error(message)
  process.exit(code)
}

const positiveInt = (name: string) => (value: string) => {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) fail(`${name} must be a whole number, got "${value}"`)
  return n
}

/** Administration commands: schema, synthetic data, tokens, audit. */
export function registerAdminCommands(program: Command): void {
  program
    .command('migrate')
    .description('bring the database schema up to date')
    .action(async () => {
      const applied = await migrateConfiguredDatabase()
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The schema is up to date.')
    })

  program
    .command('seed')
    .description('fill an empty register with deterministic synthetic Greater Manchester data (never real people)')
    .option('--subjects <n>', 'number of subjects', positiveInt('--subjects'), 4400)
    .option('--seed <s>', 'random seed (same seed, same data)', positiveInt('--seed'), 2026)
    .option('--reset', 'wipe the register first (not the audit log)')
    .action(async (options: { subjects: number; seed: number; reset?: boolean }) => {
      const config = loadConfig()
      if (config.production && options.reset) fail('Refusing to wipe a production register.')
      await withDatabase(async database => {
        if (options.reset) await wipeRegister(database)
        const started = performance.now()
        const box = new SecretBox(config.sessionSecret)
        try {
          const result = await seedDatabase(database, {
            subjects: options.subjects,
            seed: options.seed,
            today: todayIn(systemClock),
            passwordHash: await hashPassword(config.seed.demoPassword),
            sealSecret: secret => box.seal(secret),
            sharedDataDir: config.sharedDataDir,
            onProgress: (done, total) => process.stderr.write(`\r${done}/${total} subjects`),
          })
          const seconds = (performance.now() - started) / 1000
          process.stderr.write('\n')
          console.log(
            `Seeded ${result.subjects} subjects and ${result.staff} staff on ${database.engine} in ${seconds.toFixed(1)} s (${Math.round(result.subjects / seconds)} subjects/s).`,
          )
        } catch (error) {
          if (error instanceof RegisterNotEmpty) fail(error.message)
          throw error
        }
      })
    })

  // Personal API tokens (issue 10): scoped, expiring, shown once. The operator at the command line is recorded
  // in the audit log as `cli:<login name>`.
  const operator = () => ({ id: null, username: `cli:${userInfo().username}` })
  program
    .command('create-token')
    .description('print a new personal API token for a user (shown once; only its hash is kept)')
    .requiredOption('--user <username>', 'the user the token acts as')
    .option('--name <name>', 'a label for the token', 'API token')
    .requiredOption('--scopes <list>', `comma-separated scopes, from: ${ALL_SCOPES.join(', ')}`)
    .option('--days <n>', 'days until it expires', String(DEFAULT_TOKEN_DAYS))
    .action(async (options: { user: string; name: string; scopes: string; days: string }) => {
      await withDatabase(async database => {
        const services = createServices(database, systemClock, loadConfig())
        try {
          const issued = await services.apiTokens.issue(
            options.user,
            { name: options.name, scopes: options.scopes, days: options.days },
            operator(),
          )
          console.error(
            `Token ${issued.id} "${issued.name}" for ${options.user}: ${issued.scopes.join(' ')}; expires ${issued.expiresAt.toISOString()}`,
          )
          console.log(issued.token)
        } catch (error) {
          fail(error instanceof Error ? error.message : String(error))
        }
      })
    })

  program
    .command('list-tokens')
    .description('list live API tokens (not their secrets), of one user or everyone')
    .option('--user <username>', 'only this user’s tokens')
    .action(async (options: { user?: string }) => {
      await withDatabase(async database => {
        const services = createServices(database, systemClock, loadConfig())
        try {
          const tokens = await services.apiTokens.listForOperator(options.user)
          for (const t of tokens)
            console.log(
              [
                t.id,
                t.owner,
                JSON.stringify(t.name),
                t.scopes.join(','),
                `expires ${t.expiresAt.toISOString()}`,
                `last used ${t.lastUsedAt?.toISOString() ?? 'never'}`,
              ].join('  '),
            )
          if (tokens.length === 0) console.log('No live tokens.')
        } catch (error) {
          fail(error instanceof Error ? error.message : String(error))
        }
      })
    })

  program
    .command('revoke-token')
    .description('revoke an API token by its id (from list-tokens)')
    .requiredOption('--id <id>', 'the token id')
    .action(async (options: { id: string }) => {
      await withDatabase(async database => {
        const services = createServices(database, systemClock, loadConfig())
        try {
          await services.apiTokens.revokeAsOperator(options.id, operator())
          console.log(`Token ${options.id} revoked.`)
        } catch (error) {
          fail(error instanceof Error ? error.message : String(error))
        }
      })
    })

  program
    .command('totp')
    .description("print an account's current 6-digit sign-in code (for the synthetic demo accounts on a laptop)")
    .requiredOption('--user <username>', 'the account')
    .action(async (options: { user: string }) => {
      const config = loadConfig()
      if (config.production) fail('Refusing to print sign-in codes in production.')
      await withDatabase(async database => {
        try {
          console.log(await createServices(database, systemClock, config).auth.currentCode(options.user))
        } catch (error) {
          fail(error instanceof Error ? error.message : String(error))
        }
      })
    })

  const audit = program.command('audit').description('check and export the tamper-evident audit log')
  audit
    .command('verify')
    .description('re-compute the hash chain and name the first broken row')
    .option('--checkpoint <file>', 'also check a checkpoint exported earlier')
    .action(async (options: { checkpoint?: string }) => {
      const config = loadConfig()
      await withDatabase(async database => {
        const started = performance.now()
        const result = await verifyAuditLog(dataOf(database))
        const seconds = ((performance.now() - started) / 1000).toFixed(1)
        if (!result.ok)
          fail(`Audit log BROKEN at row ${result.seq}: ${result.reason}. ${result.count} rows before it verified.`, 1)
        console.log(`Audit log intact: ${result.count} rows verified in ${seconds} s. Head ${result.lastHash}.`)
        if (options.checkpoint) {
          const checkpoint = JSON.parse(readFileSync(options.checkpoint, 'utf8')) as Checkpoint
          const check = await checkCheckpoint(dataOf(database), config.auditSigningKey, checkpoint)
          if (!check.ok) fail(`Checkpoint does not match: ${check.reason}`, 1)
          console.log(`Checkpoint at row ${checkpoint.seq} (${checkpoint.at}) matches.`)
        }
      })
    })
  audit
    .command('checkpoint')
    .description('print a signed checkpoint (row count and latest hash) to store outside the database')
    .action(async () => {
      const config = loadConfig()
      await withDatabase(async database => {
        console.log(JSON.stringify(await auditCheckpoint(dataOf(database), systemClock, config.auditSigningKey)))
      })
    })

  program
    .command('stats')
    .description('row counts, to check a seed or a migration')
    .action(async () => {
      await withDatabase(async database => {
        const counts = await dataOf(database).repos.accounts.rowCounts()
        for (const row of counts) console.log(`${row.table.padEnd(12)} ${row.n}`)
      })
    })
}
