import { shiftRiskLevel } from './levels.ts'
import type { RiskLevel } from './levels.ts'

/** A band of a step-1 item: values from `min` up to `max` inclusive (no max = open-ended) score `points`. */
export interface PointBand {
  min: number
  max?: number
  points: number
}

export interface CategoryBand {
  min: number
  max?: number
  category: RiskLevel
}

/** The RM2000/S point table as configuration, versioned because the guide changed (2007 E&W vs 2024). */
export interface Rm2000sTable {
  version: string
  ageAtRiskCommencement: PointBand[]
  sexualAppearances: PointBand[]
  criminalAppearances: PointBand[]
  step1Categories: CategoryBand[]
  /** Step 2: number of aggravating factors present → how many categories to go up. */
  aggravatingUplift: { minFactors: number; raiseBy: number }[]
}

/**
 * Defaults transcribed from DOMAIN.md §1.2. UNVERIFIED [U]: step-1 points and category thresholds come from
 * general knowledge of the 2007 scoring guide and must be confirmed before use; the step-2 rule is [P].
 */
export const RM2000S_DEFAULT_TABLE: Rm2000sTable = {
  version: 'RM2000/S 2007 (E&W) — unverified defaults',
  ageAtRiskCommencement: [
    { min: 18, max: 24, points: 2 },
    { min: 25, max: 34, points: 1 },
    { min: 35, points: 0 },
  ],
  sexualAppearances: [
    { min: 1, max: 1, points: 0 },
    { min: 2, max: 2, points: 1 },
    { min: 3, max: 4, points: 2 },
    { min: 5, points: 3 },
  ],
  criminalAppearances: [
    { min: 0, max: 4, points: 0 },
    { min: 5, points: 1 },
  ],
  step1Categories: [
    { min: 0, max: 0, category: 'low' },
    { min: 1, max: 2, category: 'medium' },
    { min: 3, max: 4, category: 'high' },
    { min: 5, max: 6, category: 'very_high' },
  ],
  aggravatingUplift: [
    { minFactors: 2, raiseBy: 1 },
    { minFactors: 4, raiseBy: 2 },
  ],
}

export const RM2000S_AGGRAVATING_FACTORS = [
  'sexual offence against a male',
  'sexual offence against a stranger',
  'non-contact sexual offence',
  'single, never married',
] as const
export type Rm2000sAggravatingFactor = (typeof RM2000S_AGGRAVATING_FACTORS)[number]

export interface Rm2000sInput {
  ageAtRiskCommencement: number
  sexualAppearances: number
  criminalAppearances: number
  aggravatingFactors: readonly Rm2000sAggravatingFactor[]
}

export interface Rm2000sResult {
  tool: 'RM2000/S'
  version: string
  points: { age: number; sexualAppearances: number; criminalAppearances: number }
  /** The step-1 total; this is the "score" stored with the category. */
  score: number
  step1Category: RiskLevel
  aggravatingCount: number
  category: RiskLevel
}

export class Rm2000TableError extends Error {}

export function scoreRm2000s(input: Rm2000sInput, table: Rm2000sTable = RM2000S_DEFAULT_TABLE): Rm2000sResult {
  const points = {
    age: pointsFor(table.ageAtRiskCommencement, input.ageAtRiskCommencement, 'age at commencement of risk'),
    sexualAppearances: pointsFor(table.sexualAppearances, input.sexualAppearances, 'sexual appearances'),
    criminalAppearances: pointsFor(table.criminalAppearances, input.criminalAppearances, 'criminal appearances'),
  }
  const score = points.age + points.sexualAppearances + points.criminalAppearances
  const band = table.step1Categories.find(b => inBand(b, score))
  if (!band) throw new Rm2000TableError(`No RM2000/S category for a step-1 total of ${score} in ${table.version}`)
  // The same factor ticked twice still counts once.
  const aggravatingCount = new Set(input.aggravatingFactors).size
  const raiseBy = table.aggravatingUplift
    .filter(u => aggravatingCount >= u.minFactors)
    .reduce((max, u) => Math.max(max, u.raiseBy), 0)
  return {
    tool: 'RM2000/S',
    version: table.version,
    points,
    score,
    step1Category: band.category,
    aggravatingCount,
    category: shiftRiskLevel(band.category, raiseBy),
  }
}

function pointsFor(bands: readonly PointBand[], value: number, item: string): number {
  const band = bands.find(b => inBand(b, value))
  if (!band) throw new Rm2000TableError(`No RM2000/S points for ${item} = ${value}`)
  return band.points
}

function inBand(band: { min: number; max?: number }, value: number): boolean {
  return value >= band.min && (band.max === undefined || value <= band.max)
}
