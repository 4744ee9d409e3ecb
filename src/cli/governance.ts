import type { Command } from 'commander'
import { Temporal } from 'temporal-polyfill'
import { withServices } from '../app/commandLine.ts'

/** `vigil governance snapshot`: store today's overdue counts (run daily, e.g. from cron) for the trend pages. */
export function registerGovernanceCommands(program: Command): void {
  const governance = program.command('governance').description('overdue governance: daily snapshots')
  governance
    .command('snapshot')
    .description("store today's overdue and due-soon counts at force, district, team and officer level")
    .option('--on <date>', 'take the snapshot as of this date (YYYY-MM-DD), e.g. to back-fill a missed day')
    .action(async (options: { on?: string }) => {
      let on: Temporal.PlainDate | undefined
      if (options.on) {
        try {
          on = Temporal.PlainDate.from(options.on, { overflow: 'reject' })
        } catch {
          console.error(`--on must be a real date as YYYY-MM-DD, got "${options.on}"`)
          process.exit(2)
        }
      }
      const result = await withServices(({ services }) => services.governance.takeSnapshot(on))
      console.log(`Stored ${result.rows} snapshot rows for ${result.takenOn}.`)
    })
}
