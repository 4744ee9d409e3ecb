// Latin letters that Unicode does not decompose into a base letter and an accent, written as officers type them.
const LATIN_FOLDS: Record<string, string> = {
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ħ: 'h',
  ı: 'i',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  þ: 'th',
}

/**
 * Names are searched in a normal form, so officers find a person however the name was typed at the front desk:
 * compatibility-decomposed (NFKD), marks removed (accents, Arabic harakat, Hebrew niqqud), case-folded, and
 * everything but letters and digits of any script dropped ("O'Brien" → "obrien", "Smith-Jones" → "smithjones",
 * "Łukasz" → "lukasz", "Ó Súilleabháin" → "o suilleabhain"). Arabic, Hebrew, Chinese and other scripts keep their
 * letters, so a name registered in its own script can be searched in it.
 */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[łøđħıßæœþ]/g, c => LATIN_FOLDS[c] ?? c)
    .replace(/[^\p{L}\p{N} ]/gu, '')
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
