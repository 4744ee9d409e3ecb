import type { Calibration } from './calibration.ts'
import type { FieldKind } from './fieldKinds.ts'
import type { HouseholdEvidence } from './households.ts'

/**
 * A trained Fellegi–Sunter model. For each field and level, `m` is the chance of that level when the two records are
 * the same person and `u` when they are not; the level's weight is log2(m/u). It is plain data so it can be saved as
 * JSON with the data it was trained on and loaded by a database adapter to score new records.
 */
export interface LevelParameters {
  label: string
  m: number
  u: number
}

export interface TermFrequencies {
  /** Records with a value in this field, the denominator of each frequency. */
  total: number
  /** Count of each cleaned value; values seen once may be left out and are then taken as seen once. */
  counts: Record<string, number>
}

export interface FieldModel {
  name: string
  kind: FieldKind
  /** Level 0 ("missing") carries no parameters that matter: its weight is always 0. */
  levels: LevelParameters[]
  termFrequencies?: TermFrequencies
}

export interface Thresholds {
  /** At or above this match probability two records are linked automatically. */
  link: number
  /** At or above this (and below `link`) the pair is a possible link for a person to decide. */
  possibleLink: number
}

export interface MatchModel {
  version: 1
  fields: FieldModel[]
  /** Prior probability that two records drawn at random are the same person. */
  prior: number
  thresholds: Thresholds
  /** How the thresholds were chosen and the model's estimated precision by probability band (absent in old models). */
  calibration?: Calibration
  /** Whether the data shows households, so the relatives rules apply (absent in old models: they do). */
  households?: HouseholdEvidence
  training: { candidatePairs: number; uSamplePairs: number; emIterations: number; converged: boolean }
}

export type Outcome = 'link' | 'possible link' | 'non-link'

/**
 * Thresholds from decision theory rather than from any data set: linking at probability 0.95 means a false merge is
 * treated as nineteen times worse than a missed one (a merge joins two people's histories); possible links start at
 * 0.2 so a reviewer sees pairs that are plausible but unproven.
 */
export const defaultThresholds: Thresholds = { link: 0.95, possibleLink: 0.2 }

export function outcomeOf(probability: number, thresholds: Thresholds): Outcome {
  if (probability >= thresholds.link) return 'link'
  if (probability >= thresholds.possibleLink) return 'possible link'
  return 'non-link'
}

export function probabilityFromWeight(weight: number): number {
  return 1 / (1 + Math.pow(2, -weight))
}

export function priorWeight(model: MatchModel): number {
  return Math.log2(model.prior / (1 - model.prior))
}

export function levelWeight(level: LevelParameters): number {
  return Math.log2(level.m / level.u)
}

export function serialiseModel(model: MatchModel): string {
  return JSON.stringify(model)
}

export function parseModel(json: string): MatchModel {
  // Stored JSON: check its shape before trusting it as a model.
  const model = JSON.parse(json) as Partial<Record<keyof MatchModel, unknown>>
  if (model.version !== 1 || !Array.isArray(model.fields)) throw new Error('Not a Vigil match model')
  return model as MatchModel
}
