import type { FieldKind } from '../matching/fieldKinds.ts'
import type { MatchModel } from '../matching/model.ts'

/**
 * How likely each level is for two records of the same person before any data is seen: most agree exactly, and each
 * weaker level is a quarter as likely as the one before. Where true matches often disagree outright the belief says
 * so: people move (postcode, address, town), middle names are left off, and gender is sometimes recorded wrongly.
 */
const differentWhenSamePerson: Partial<Record<FieldKind, number>> = {
  postcode: 0.25,
  address: 0.25,
  locality: 0.15,
  middle_name: 0.1,
  gender: 0.02,
  identifier: 0.01,
}

export function believedM(kind: FieldKind, levelCount: number): number[] {
  const raw = Array.from({ length: levelCount }, (_, l) => (l === 0 ? 0 : Math.pow(0.25, l - 1)))
  const different = differentWhenSamePerson[kind]
  const total = raw.reduce((s, n) => s + n, 0)
  const m = raw.map(p => p / total)
  if (different === undefined || levelCount < 3) return m
  const last = levelCount - 1
  const rest = 1 - (m[last] as number)
  return m.map((p, l) => (l === 0 ? 0 : l === last ? different : (p / rest) * (1 - different)))
}

/**
 * EM learns m only from the matches it finds. A register holds few duplicates, so rare levels (a nickname, a swapped
 * day and month) may be seen once or never and get absurd weights. Each field's m is therefore blended with the
 * belief above as if `pseudoMatches` matches had shown it (a Dirichlet prior): with thousands of real matches the
 * data decides, with a few dozen the belief does. u, from random pairs, is reliable at any size and is left alone.
 */
export function withPriorBelief(model: MatchModel, people: number, pseudoMatches = 500): MatchModel {
  const expectedMatches = model.prior * ((people * (people - 1)) / 2)
  const dataWeight = expectedMatches / (expectedMatches + pseudoMatches)
  return {
    ...model,
    fields: model.fields.map(field => {
      const belief = believedM(field.kind, field.levels.length)
      return {
        ...field,
        levels: field.levels.map((level, l) =>
          l === 0 ? level : { ...level, m: dataWeight * level.m + (1 - dataWeight) * (belief[l] as number) },
        ),
      }
    }),
  }
}
