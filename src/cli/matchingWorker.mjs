// Worker threads do not inherit the `--import tsx` loader of the main thread on Node 20, so this plain-JS entry
// registers tsx in the worker and then loads the TypeScript worker module.
import { register } from 'tsx/esm/api'

register()
await import('./matchingWorker.ts')
