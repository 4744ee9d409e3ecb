// Runs every *.test.ts file under src/ and test/ with node's test runner through tsx.
// Node 20's --test does not expand globs itself, so we collect the files here.
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

function collect(dir, out) {
  let entries
  try {
    entries = readdirSync(dir)
  } catch {
    return out
  }
  for (const name of entries) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) collect(path, out)
    else if (name.endsWith('.test.ts')) out.push(path)
  }
  return out
}

const filters = process.argv.slice(2)
const roots = ['src', 'test']
let files = roots.flatMap(r => collect(r, [])).sort()
if (filters.length > 0) files = files.filter(f => filters.some(x => f.includes(x)))
if (files.length === 0) {
  console.error('No test files matched', filters.join(' '))
  process.exit(1)
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2'
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'test' } },
)
process.exit(result.status ?? 1)
