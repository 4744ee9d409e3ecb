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
  /** Raw values in the order of the field mappings; an unreadable cell is undefined (missing), as a blank one is. */
  rows: (string | undefined)[][]
  truth: string[] | undefined
  /** Dates in an accepted shape that cannot exist, e.g. "line 12: 19371233": compared digit by digit. */
  impossibleDates: string[]
  /** Cells that could not be read and were taken as missing, per mapped field (only fields that had any). */
  unreadable: UnreadableCells[]
  /** Lines whose number of columns differs from the header's: read as far as they go, the rest missing. */
  raggedLines: number[]
}

export interface UnreadableCells {
  field: string
  count: number
  /** The first few lines (numbered as in the file, the header is line 1) and what they held. */
  examples: { line: number; value: string }[]
}

export interface ReadOptions {
  /**
   * Stop at the first cell or line that cannot be read (the behaviour before messy input was tolerated). Otherwise
   * such a cell becomes missing, which is no evidence either way, and is counted: one bad date of birth among 50,000
   * records must not stop a run, but the user must hear about it.
   */
  strict: boolean
}

const examplesKept = 5

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
  options: ReadOptions = { strict: false },
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
    lines = parse(text, {
      trim: true,
      skip_empty_lines: true,
      info: true,
      bom: true,
      relax_column_count: !options.strict,
      relax_quotes: !options.strict,
    }) as unknown as ParsedLine[]
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
  const records: CsvRecords = {
    ids: [],
    rows: [],
    truth: truthAt === undefined ? undefined : [],
    impossibleDates: [],
    unreadable: [],
    raggedLines: [],
  }
  const unreadable = new Map<string, UnreadableCells>()
  for (const { record, info } of body) {
    const id = record[idAt] ?? ''
    if (id === '') throw new InputProblem(`${file} line ${info.lines}: the id column "${idColumn}" is empty`)
    if (record.length !== header.record.length) records.raggedLines.push(info.lines)
    const row = fieldColumns.map((columns, f) => {
      const mapping = mappings[f] as FieldMapping
      const value = columns
        .map(c => record[c] ?? '')
        .filter(v => v !== '')
        .join(' ')
      if (value === '') return undefined
      const problem = whyUnreadable(value, mapping, info.lines, records)
      if (problem === undefined) return value
      if (options.strict) throw new InputProblem(`${file} line ${info.lines}: "${value}" in ${mapping.name} ${problem}`)
      let cells = unreadable.get(mapping.name)
      if (cells === undefined) {
        cells = { field: mapping.name, count: 0, examples: [] }
        unreadable.set(mapping.name, cells)
      }
      cells.count++
      if (cells.examples.length < examplesKept) cells.examples.push({ line: info.lines, value })
      return undefined
    })
    records.ids.push(id)
    records.rows.push(row)
    if (truthAt !== undefined) records.truth?.push(record[truthAt] ?? '')
  }
  records.unreadable = [...unreadable.values()]
  return records
}

/** Why a non-blank cell cannot be read for its field, or undefined when it can. */
function whyUnreadable(value: string, mapping: FieldMapping, line: number, records: CsvRecords): string | undefined {
  // U+FFFD is what a byte that is not UTF-8 decodes to: the cell's true text is lost.
  if (value.includes('\uFFFD')) return 'holds characters that are not UTF-8'
  if (mapping.kind !== 'dob') return undefined
  const parsed = parseRecordedDate(value)
  if (!parsed.ok) return `is not a date; use ${acceptedDateFormats}`
  if (parsed.date?.impossible === true) records.impossibleDates.push(`line ${line}: ${value}`)
  return undefined
}

/** One line per problem kind, naming the first few lines, for the user to fix the source if they care to. */
export function describeInputProblems(file: string, records: CsvRecords): string[] {
  const lines: string[] = []
  for (const cells of records.unreadable) {
    const shown = cells.examples.map(e => `line ${e.line} "${e.value}"`).join(', ')
    const more = cells.count > cells.examples.length ? ', …' : ''
    lines.push(
      `${file}: ${cells.count} unreadable ${cells.field} ${cells.count === 1 ? 'value' : 'values'} ` +
        `read as missing (${shown}${more})`,
    )
  }
  const ragged = records.raggedLines
  if (ragged.length > 0) {
    const more = ragged.length > examplesKept ? ', …' : ''
    lines.push(
      `${file}: ${ragged.length} ${ragged.length === 1 ? 'line has' : 'lines have'} a different number of columns ` +
        `from the header, read as far as they go (lines ${ragged.slice(0, examplesKept).join(', ')}${more})`,
    )
  }
  if (records.impossibleDates.length > 0) {
    lines.push(
      `${file}: ${records.impossibleDates.length} dates cannot exist (e.g. ${records.impossibleDates.slice(0, 3).join('; ')}); ` +
        'they are compared digit by digit',
    )
  }
  return lines
}
