import type { Command } from 'commander'
import { withServices } from '../app/commandLine.ts'
import type { IdentityService } from '../services/identity/identityService.ts'

async function withIdentity<T>(fn: (identity: IdentityService) => Promise<T>): Promise<T> {
  return withServices(({ services }) => fn(services.identity))
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
      withIdentity(async service => {
        const result = await service.reindex(`cli:${process.env.USER ?? 'unknown'}`)
        console.log(`${result.keys} keys for ${result.people} people`)
      }),
    )
}
