/**
 * Names are searched in a normal form: lower case, accents removed, apostrophes and hyphens kept
 * out ("O'Brien" → "obrien", "Smith-Jones" → "smithjones"), so officers find a person however the
 * name was typed at the front desk.
 */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z ]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
}

/** The words of a search query in normal form, e.g. "  Jon  O'Brien" → ["jon", "obrien"]. */
export function searchTerms(query: string): string[] {
  return query
    .split(/[\s,]+/)
    .map(normaliseName)
    .filter(t => t.length > 0)
    .slice(0, 4)
}

export function fullName(p: { given_name: string; middle_names?: string | null; family_name: string }): string {
  return [p.given_name, p.middle_names, p.family_name].filter(Boolean).join(' ')
}
