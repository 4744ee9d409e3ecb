import { Command } from 'commander'
import { registerAdminCommands } from './admin.ts'
import { registerIdentityCommands } from './identity.ts'
import { registerMatchingCommands } from './matching.ts'
import { registerGovernanceCommands } from './governance.ts'

/** The `vigil` command line: `npm run vigil -- <command> …`. Each capability registers its own commands. */
const program = new Command('vigil').description('Vigil public-protection register: batch and admin tasks')
registerAdminCommands(program)
registerMatchingCommands(program)
registerIdentityCommands(program)
registerGovernanceCommands(program)
await program.parseAsync(process.argv)
