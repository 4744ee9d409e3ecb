import type { RecordSet } from './recordSet.ts'

/**
 * The rule that no two records carrying different exact identifiers (PNC ID, NI number) are ever merged without a
 * person deciding: such a pair can at most be a possible link, and a cluster never holds two different identifiers.
 */
export function identifierFields(set: RecordSet): number[] {
  return set.columns.flatMap((column, f) => (column.spec.kind === 'identifier' ? [f] : []))
}

export function carryDifferentIdentifiers(set: RecordSet, fields: readonly number[], a: number, b: number): boolean {
  for (const f of fields) {
    const column = set.columns[f]
    if (column === undefined) continue
    const ca = column.code(a)
    const cb = column.code(b)
    if (ca >= 0 && cb >= 0 && ca !== cb) return true
  }
  return false
}
