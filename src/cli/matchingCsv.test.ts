import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
// The CSV adapter's messages are part of the matching contract: a mistyped file must be named, not silently skipped.
import { describeInputProblems, InputProblem, parseFieldMappings, readRecordsCsv } from './matchingCsv.ts'

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

const strict = { strict: true }

test('with --strict, a row with the wrong number of columns is reported with its line', () => {
  const path = csv('short.csv', 'id,name,dob\n1,Ann,1980-01-01\n2,Bob\n')
  assert.equal(
    problem(() => readRecordsCsv(path, 'id', mappings, undefined, strict)),
    'short.csv line 3: has 2 columns but the header row has 3',
  )
})

test('with --strict, a date in no accepted shape stops the run, naming its line and the accepted formats', () => {
  const path = csv('date.csv', 'id,name,dob\n1,Ann,1980-01-01\n2,Bob,31-1-80\n3,Cy,-0050-01-0\n')
  assert.match(
    problem(() => readRecordsCsv(path, 'id', mappings, undefined, strict)),
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

test('without --strict, unreadable dates become missing, are counted and the first few lines are named', () => {
  const lines = ['id,name,dob', '1,Ann,1980-01-01', '2,Bob,-0050-01-0', '3,Cy,31-1-80']
  for (let i = 4; i <= 10; i++) lines.push(`${i},P${i},not known`)
  const path = csv('messy.csv', lines.join('\n') + '\n')
  const records = readRecordsCsv(path, 'id', mappings)
  assert.equal(records.ids.length, 10)
  assert.deepEqual(records.rows.slice(0, 3), [
    ['Ann', '1980-01-01'],
    ['Bob', undefined],
    ['Cy', undefined],
  ])
  assert.deepEqual(records.unreadable, [
    {
      field: 'dob',
      count: 9,
      examples: [
        { line: 3, value: '-0050-01-0' },
        { line: 4, value: '31-1-80' },
        { line: 5, value: 'not known' },
        { line: 6, value: 'not known' },
        { line: 7, value: 'not known' },
      ],
    },
  ])
  assert.deepEqual(describeInputProblems('messy.csv', records), [
    'messy.csv: 9 unreadable dob values read as missing (line 3 "-0050-01-0", line 4 "31-1-80", line 5 "not known", ' +
      'line 6 "not known", line 7 "not known", …)',
  ])
})

test('without --strict, unreadable cells are counted per field, and lines short of columns are read as far as they go', () => {
  const twoDates = parseFieldMappings('first_name=name,dob=dob,dob=seen')
  const path = csv(
    'ragged.csv',
    'id,name,dob,seen\n1,Ann,1980-01-01,2001-02-03\n2,Bob,1980-13-45,yesterday\n3,Cy\n4,D\uFFFDn,1970-01-01,x\n',
  )
  const records = readRecordsCsv(path, 'id', twoDates)
  assert.deepEqual(records.rows, [
    ['Ann', '1980-01-01', '2001-02-03'],
    ['Bob', '1980-13-45', undefined],
    ['Cy', undefined, undefined],
    [undefined, '1970-01-01', undefined],
  ])
  assert.deepEqual(
    records.unreadable.map(u => [u.field, u.count, u.examples.map(e => e.line)]),
    [
      ['seen', 2, [3, 5]],
      ['name', 1, [5]],
    ],
  )
  assert.deepEqual(records.raggedLines, [4])
  assert.deepEqual(records.impossibleDates, ['line 3: 1980-13-45'])
  const report = describeInputProblems('ragged.csv', records)
  assert.equal(report.length, 4)
  assert.match(
    report[2] ?? '',
    /^ragged\.csv: 1 line has a different number of columns from the header, .*\(lines 4\)$/,
  )
})

test('with --strict, a cell that is not UTF-8 stops the run', () => {
  const path = csv('bytes.csv', 'id,name,dob\n1,D\uFFFDn,1980-01-01\n')
  assert.equal(
    problem(() => readRecordsCsv(path, 'id', mappings, undefined, strict)),
    'bytes.csv line 2: "D\uFFFDn" in name holds characters that are not UTF-8',
  )
})
