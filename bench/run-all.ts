/**
 * `npm run bench`: every benchmark in turn (each `bench:*` script in package.json), at its
 * default size. Each prints its own p50/p95, throughput and peak memory. Pass a name filter to run
 * some: `npm run bench -- seed audit`.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

const scripts = Object.keys(
  (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts,
)
  .filter(name => name.startsWith('bench:'))
  .sort()
const filters = process.argv.slice(2)
const chosen = filters.length ? scripts.filter(s => filters.some(f => s.includes(f))) : scripts
let failed = 0
for (const script of chosen) {
  console.log(`\n=== npm run ${script}`)
  const result = spawnSync('npm', ['run', '--silent', script], { stdio: 'inherit' })
  if (result.status !== 0) failed++
}
process.exit(failed ? 1 : 0)
