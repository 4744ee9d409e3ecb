import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const cli = fileURLToPath(new URL('./index.ts', import.meta.url))
const folder = mkdtempSync(join(tmpdir(), 'vigil-matching-cli-'))
const input = join(folder, 'people.csv')
writeFileSync(
  input,
  [
    'id,first,last,dob,town',
    '1,Ann,Smith,1980-01-01,Leeds',
    '2,Ann,Smith,-0050-01-0,Leeds',
    '3,Bob,Jones,1990-02-03,York',
    '4,Bob,Jones,1990-02-03,York',
  ].join('\n') + '\n',
)

function dedupe(...extra: string[]) {
  const out = join(folder, `out${extra.join('')}.csv`)
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      cli,
      'dedupe',
      '--in',
      input,
      '--id',
      'id',
      '--fields',
      'first_name=first,surname=last,dob=dob,locality=town',
      '--out',
      out,
      ...extra,
    ],
    { encoding: 'utf8' },
  )
  return { ...run, out }
}

test('dedupe runs a file with an unreadable date to the end and reports the cell', () => {
  const run = dedupe()
  assert.equal(run.status, 0, run.stderr)
  assert.match(run.stderr, /people\.csv: 1 unreadable dob value read as missing \(line 3 "-0050-01-0"\)/)
  const written = readFileSync(run.out, 'utf8').trim().split('\n')
  assert.equal(written.length, 5, 'every record gets a cluster, including the one with the unreadable date')
})

test('dedupe --strict stops at the first unreadable cell with exit code 2', () => {
  const run = dedupe('--strict')
  assert.equal(run.status, 2)
  assert.match(run.stderr, /error: people\.csv line 3: "-0050-01-0" in dob is not a date/)
})
