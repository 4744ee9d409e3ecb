/**
 * The kinds of field the matcher understands. A CSV column or a database column is mapped to one kind, and the kind
 * decides how values are cleaned, compared and blocked on.
 *
 * `identifier` is an exact, system-issued identifier (PNC ID, NI number): two records carrying different values are
 * never merged automatically. `reference` is a number copied by hand from a form (a licence or membership number): it
 * may carry typos, so it is compared by edit distance and never blocks a merge.
 */
export const fieldKinds = [
  'first_name',
  'middle_name',
  'surname',
  'full_name',
  'dob',
  'gender',
  'postcode',
  'address',
  'locality',
  'email',
  'phone',
  'identifier',
  'reference',
  'category',
] as const

export type FieldKind = (typeof fieldKinds)[number]

export interface FieldSpec {
  /** The name shown in explanations, usually the source column. */
  name: string
  kind: FieldKind
}

export function isFieldKind(value: string): value is FieldKind {
  return (fieldKinds as readonly string[]).includes(value)
}
