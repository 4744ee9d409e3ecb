import { EXACT } from './comparisons/comparator.ts'
import { levelWeight, priorWeight, type FieldModel, type MatchModel } from './model.ts'
import type { FieldColumn, RecordSet } from './recordSet.ts'

/**
 * Scores pairs of one record set under a model: match weight = prior weight + Σ log2(m/u), with the u of an exact
 * match replaced by how often that value occurs (term-frequency adjustment, Splink's method), so sharing a rare
 * surname counts for more than sharing "Smith". Per-value adjustments are cached by dictionary code.
 */
export class PairScorer {
  readonly priorWeight: number
  private readonly weights: Float64Array[]
  private readonly tfCache: (Float64Array | undefined)[]

  constructor(
    readonly model: MatchModel,
    readonly set: RecordSet,
  ) {
    this.priorWeight = priorWeight(model)
    this.weights = model.fields.map((f, i) => levelWeightsFor(f, set.columns[i]?.comparator.levels ?? []))
    this.tfCache = model.fields.map(f => (f.termFrequencies === undefined ? undefined : new Float64Array(0)))
  }

  /** Match weight for two records whose levels are already known. */
  weight(a: number, levels: Uint8Array): number {
    let total = this.priorWeight
    for (let f = 0; f < levels.length; f++) {
      const level = levels[f] as number
      total += (this.weights[f] as Float64Array)[level] as number
      if (level === EXACT && this.tfCache[f] !== undefined) total += this.termFrequencyAdjustment(f, a)
    }
    return total
  }

  levelWeight(field: number, level: number): number {
    return (this.weights[field] as Float64Array)[level] as number
  }

  /** log2(u_exact / frequency of this value): positive for rare values, negative for common ones. */
  termFrequencyAdjustment(field: number, record: number): number {
    const column = this.set.columns[field] as FieldColumn
    const code = column.code(record)
    let cache = this.tfCache[field]
    if (cache === undefined) return 0
    if (code >= cache.length) {
      const grown = new Float64Array(Math.max(column.values.length, code + 1)).fill(NaN)
      grown.set(cache)
      cache = grown
      this.tfCache[field] = grown
    }
    const cached = cache[code] as number
    if (!Number.isNaN(cached)) return cached
    const fieldModel = this.model.fields[field] as FieldModel
    const tf = fieldModel.termFrequencies
    if (tf === undefined) return 0
    const frequency = (tf.counts[column.values[code] as string] ?? 1) / tf.total
    const uExact = (fieldModel.levels[EXACT] as { u: number }).u
    const adjustment = Math.log2(uExact / frequency)
    cache[code] = adjustment
    return adjustment
  }
}

/**
 * Weights in the comparator's level order, matched by label: a model saved before a level was added (or renamed)
 * still scores, the new level counting as no evidence until the model is retrained.
 */
function levelWeightsFor(field: FieldModel, labels: readonly string[]): Float64Array {
  const byLabel = new Map(field.levels.map((level, l) => [level.label, l === 0 ? 0 : levelWeight(level)]))
  return Float64Array.from(labels, (label, l) => (l === 0 ? 0 : (byLabel.get(label) ?? 0)))
}
