import { passesCheck } from './identifiers.ts'
import type { FieldColumn, RecordSet } from './recordSet.ts'

/**
 * The rule that no two records carrying different exact identifiers (PNC ID, NI number) are ever merged without a
 * person deciding: such a pair can at most be a possible link, and a cluster never holds two different identifiers.
 * Only values that pass their scheme's check count: a mistyped PNC ID must not keep a person's records apart.
 */
export function identifierFields(set: RecordSet): number[] {
  return set.columns.flatMap((column, f) => (column.spec.kind === 'identifier' ? [f] : []))
}

export function carryDifferentIdentifiers(set: RecordSet, fields: readonly number[], a: number, b: number): boolean {
  for (const f of fields) {
    const column = set.columns[f]
    if (column === undefined) continue
    const ca = checkedCode(column, a)
    const cb = checkedCode(column, b)
    if (ca >= 0 && cb >= 0 && ca !== cb) return true
  }
  return false
}

/** The record's identifier code when its value passes its check, else -1 (missing or mistyped). */
export function checkedCode(column: FieldColumn, record: number): number {
  const code = column.code(record)
  return code >= 0 && passesCheck(column.values[code] as string) ? code : -1
}
