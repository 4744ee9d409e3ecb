/**
 * Every CSV Vigil writes (governance lists, the audit log, matching results) goes through this one helper, because
 * its cells carry text that people typed (names, break-glass reasons, ids from an imported file). A cell opened in a
 * spreadsheet that starts with `=`, `+`, `-` or `@` (or a tab or carriage return, which some spreadsheets skip
 * before reading a formula) is run as a formula: `=HYPERLINK(...)` in a name becomes a link that leaks data when
 * clicked. Such cells are prefixed with an apostrophe, which spreadsheets show as text (OWASP "CSV Injection").
 * Numbers the code itself produced (counts, days overdue) are written as they are: `-3` stays a number.
 */
const FORMULA_LEAD = /^[=+\-@\t\r]/

/** One cell as safe text: null and undefined are empty, dates ISO 8601, formula-leading text neutralised. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value)
  if (value instanceof Date) return value.toISOString()
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return FORMULA_LEAD.test(text) ? `'${text}` : text
}

/** RFC 4180 quoting: a cell with a comma, quote or line break is quoted, its quotes doubled. */
function quoted(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell
}

/** Rows (the first usually the header) as CSV text, one line per row ending in a newline. */
export function toCsv(rows: readonly (readonly unknown[])[]): string {
  return rows.map(row => row.map(value => quoted(csvCell(value))).join(',') + '\n').join('')
}
