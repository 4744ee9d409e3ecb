import type { Command } from 'commander'
import { loadConfig } from '../config.ts'
import { systemClock } from '../domain/clock.ts'
import { openDatabase } from '../data/database.ts'
import { migrateToLatest } from '../data/migrate.ts'
import { insertMatchKeys, loadPeople } from '../data/identity/identityRepository.ts'
import { personMatchKeys } from '../domain/identity/personRecord.ts'
import { IdentityService } from '../services/identity/identityService.ts'
import type { Database } from '../data/database.ts'

async function withIdentity<T>(fn: (identity: IdentityService, database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(loadConfig().database)
  try {
    await migrateToLatest(database)
    return await fn(new IdentityService(database, systemClock), database)
  } finally {
    await database.close()
  }
}

/** `identity train | scan | reindex`: batch identity resolution over the register's own person index. */
export function registerIdentityCommands(program: Command): void {
  const identity = program.command('identity').description('find people recorded more than once in the person index')
  identity
    .command('train')
    .description('train the match model on the person index, without labels, and store it for every later check')
    .action(() =>
      withIdentity(async service => {
        const result = await service.train(`cli:${process.env.USER ?? 'unknown'}`)
        console.log(
          `model ${result.modelId} trained on ${result.people} people (${result.candidatePairs} candidate pairs, ` +
            `EM ${result.converged ? 'converged' : 'stopped at its iteration limit'}) in ${result.seconds.toFixed(1)} s`,
        )
      }),
    )
  identity
    .command('scan')
    .description('score every candidate pair in the person index and queue possible duplicates for review')
    .action(() =>
      withIdentity(async service => {
        const started = performance.now()
        const result = await service.scan()
        console.log(
          `${result.people} people, ${result.candidatePairs} candidate pairs, ${result.queued} new possible duplicates queued ` +
            `(${result.skippedIdentifiers} left out: different PNC ID or NI number) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
        )
      }),
    )
  identity
    .command('reindex')
    .description('rebuild every person’s blocking keys (after a bulk import that bypassed the services)')
    .action(() =>
      withIdentity(async (_service, database) => {
        const people = await loadPeople(database.db)
        await database.db.deleteFrom('person_match_key').execute()
        const rows = people.flatMap(p => personMatchKeys(p).map(key => ({ key, person_id: p.id })))
        await insertMatchKeys(database.db, rows)
        console.log(`${rows.length} keys for ${people.length} people`)
      }),
    )
}
