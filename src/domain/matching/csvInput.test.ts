import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
// The CSV adapter lives in src/cli; its messages are part of the matching contract, so they are tested with it here.
import { InputProblem, parseFieldMappings, readRecordsCsv } from '../../cli/matchingCsv.ts'

const folder = mkdtempSync(join(tmpdir(), 'vigil-matching-'))
const mappings = parseFieldMappings('first_name=name,dob=dob')

function csv(name: string, text: string): string {
  const path = join(folder, name)
  writeFileSync(path, text)
  return path
}

function problem(run: () => unknown): string {
  try {
    run()
  } catch (error) {
    assert.ok(error instanceof InputProblem, `expected an InputProblem, got ${String(error)}`)
    return error.message
  }
  assert.fail('expected an input problem')
}

test('a row with the wrong number of columns is reported with its line', () => {
  const path = csv('short.csv', 'id,name,dob\n1,Ann,1980-01-01\n2,Bob\n')
  assert.equal(
    problem(() => readRecordsCsv(path, 'id', mappings)),
    'short.csv line 3: has 2 columns but the header row has 3',
  )
})

test('a date in no accepted shape is reported with its line and the accepted formats', () => {
  const path = csv('date.csv', 'id,name,dob\n1,Ann,1980-01-01\n2,Bob,31-1-80\n')
  assert.match(
    problem(() => readRecordsCsv(path, 'id', mappings)),
    /^date\.csv line 3: "31-1-80" in dob is not a date; use YYYY-MM-DD/,
  )
})

test('an empty file, or a header with no records, is reported', () => {
  assert.match(
    problem(() => readRecordsCsv(csv('empty.csv', ''), 'id', mappings)),
    /empty\.csv is empty/,
  )
  assert.match(
    problem(() => readRecordsCsv(csv('header.csv', 'id,name,dob\n'), 'id', mappings)),
    /no records/,
  )
})

test('a mapped column missing from the header is named, with the columns that exist', () => {
  const path = csv('columns.csv', 'id,given,dob\n1,Ann,1980-01-01\n')
  assert.equal(
    problem(() => readRecordsCsv(path, 'id', mappings)),
    'columns.csv line 1: no column named "name" (columns are: id, given, dob)',
  )
})

test('an unknown field kind in --fields is explained', () => {
  assert.match(
    problem(() => parseFieldMappings('forename=name')),
    /"forename" is not a field kind/,
  )
})

test('spaces around values are ignored, blanks are missing and columns can be joined', () => {
  const path = csv('ok.csv', 'id, name, dob, house, street\n1, Ann , 07/03/1980, 12, High St\n2,,,,\n')
  const joined = parseFieldMappings('first_name=name,dob=dob,address=house+street')
  const records = readRecordsCsv(path, 'id', joined)
  assert.deepEqual(records.ids, ['1', '2'])
  assert.deepEqual(records.rows, [
    ['Ann', '07/03/1980', '12 High St'],
    [undefined, undefined, undefined],
  ])
})
