import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { parse } from 'csv-parse/sync'
import { acceptedDateFormats, parseRecordedDate } from '../domain/matching/dates.ts'
import { fieldKinds, isFieldKind, type FieldSpec } from '../domain/matching/fieldKinds.ts'

/** A problem with the user's input: printed as one line, exit code 2, never a stack trace. */
export class InputProblem extends Error {}

/** One matched field and the CSV column(s) it is read from ("address=street_number+address_1" joins two columns). */
export interface FieldMapping extends FieldSpec {
  columns: string[]
}

export function parseFieldMappings(text: string): FieldMapping[] {
  const mappings = text
    .split(',')
    .map(part => part.trim())
    .filter(part => part !== '')
    .map(part => {
      const [kind, source] = part.split('=').map(s => s.trim())
      if (kind === undefined || source === undefined || source === '') {
        throw new InputProblem(`--fields: "${part}" should look like field=column, e.g. first_name=given_name`)
      }
      if (!isFieldKind(kind)) {
        throw new InputProblem(`--fields: "${kind}" is not a field kind; use one of ${fieldKinds.join(', ')}`)
      }
      const columns = source.split('+').map(c => c.trim())
      return { kind, columns, name: columns.join('+') }
    })
  if (mappings.length === 0) throw new InputProblem('--fields: name at least one field, e.g. first_name=given_name')
  return mappings
}

export interface CsvRecords {
  ids: string[]
  /** Raw values in the order of the field mappings. */
  rows: (string | undefined)[][]
  truth: string[] | undefined
  /** Dates in an accepted shape that cannot exist, e.g. "line 12: 19371233": compared digit by digit. */
  impossibleDates: string[]
}

interface ParsedLine {
  record: string[]
  info: { lines: number }
}

/**
 * Reads a CSV file with a header row. Leading and trailing spaces are ignored (FEBRL puts a space after each comma).
 * Every problem names the file and line.
 */
export function readRecordsCsv(
  path: string,
  idColumn: string,
  mappings: readonly FieldMapping[],
  truthColumn?: string,
): CsvRecords {
  const file = basename(path)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    throw new InputProblem(`${path}: cannot read this file`)
  }
  if (text.trim() === '') throw new InputProblem(`${file} is empty: expected a header row and at least one record`)
  let lines: ParsedLine[]
  try {
    lines = parse(text, { trim: true, skip_empty_lines: true, info: true, bom: true }) as unknown as ParsedLine[]
  } catch (error) {
    const line = (error as { lines?: number }).lines
    const message = (error as Error).message.replace(/ on line \d+\.?$/, '')
    const counts = /expect (\d+), got (\d+)/.exec(message)
    const reason = counts === null ? message : `has ${counts[2]} columns but the header row has ${counts[1]}`
    throw new InputProblem(`${file} line ${line ?? '?'}: ${reason}`)
  }
  const [header, ...body] = lines
  if (header === undefined) throw new InputProblem(`${file} is empty: expected a header row`)
  if (body.length === 0) throw new InputProblem(`${file} has a header row but no records`)
  const position = (column: string): number => {
    const at = header.record.indexOf(column)
    if (at < 0) {
      throw new InputProblem(`${file} line 1: no column named "${column}" (columns are: ${header.record.join(', ')})`)
    }
    return at
  }
  const idAt = position(idColumn)
  const truthAt = truthColumn === undefined ? undefined : position(truthColumn)
  const fieldColumns = mappings.map(m => m.columns.map(position))
  const records: CsvRecords = { ids: [], rows: [], truth: truthAt === undefined ? undefined : [], impossibleDates: [] }
  for (const { record, info } of body) {
    const id = record[idAt] ?? ''
    if (id === '') throw new InputProblem(`${file} line ${info.lines}: the id column "${idColumn}" is empty`)
    const row = fieldColumns.map((columns, f) => {
      const value = columns
        .map(c => record[c] ?? '')
        .filter(v => v !== '')
        .join(' ')
      if ((mappings[f] as FieldMapping).kind === 'dob')
        checkDate(value, file, info.lines, mappings[f] as FieldMapping, records)
      return value === '' ? undefined : value
    })
    records.ids.push(id)
    records.rows.push(row)
    if (truthAt !== undefined) records.truth?.push(record[truthAt] ?? '')
  }
  return records
}

function checkDate(value: string, file: string, line: number, mapping: FieldMapping, records: CsvRecords): void {
  const parsed = parseRecordedDate(value)
  if (!parsed.ok) {
    throw new InputProblem(
      `${file} line ${line}: "${value}" in ${mapping.name} is not a date; use ${acceptedDateFormats}`,
    )
  }
  if (parsed.date?.impossible === true) records.impossibleDates.push(`line ${line}: ${value}`)
}
