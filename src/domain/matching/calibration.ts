import type { Thresholds } from './model.ts'

/**
 * Thresholds from the model's own estimate of its precision. Each candidate pair's match probability is the model's
 * belief that it is one person, so among the pairs above a threshold the expected share of true matches (the
 * estimated precision) is their mean probability. No labels are needed, which is the point: a force's own data sets
 * the link threshold, to a stated target.
 *
 * Fellegi–Sunter probabilities are over-confident where fields are correlated, so the estimate is an upper bound and
 * the guards (linkGuard.ts) handle the known correlated cases. The link threshold is also never below
 * `lowestLinkThreshold`: a pair the model itself gives less than 9 in 10 is never merged without a person, however
 * many certain pairs would hide it in an average.
 */
export interface PrecisionBand {
  /** Match probabilities from (inclusive) … to (exclusive; the top band includes 1). */
  from: number
  to: number
  pairs: number
  /** Mean match probability of the pairs in the band: the share of them the model expects to be the same person. */
  estimatedPrecision: number
}

export interface Calibration {
  /** The design target for the precision of automatic links. */
  target: number
  /** Estimated precision of the pairs that would be linked automatically at the chosen threshold. */
  estimatedLinkPrecision: number
  /** Candidate pairs at or above the link threshold that no guard holds back. */
  links: number
  /** False when even the highest threshold tried falls short of the target (the data cannot support it). */
  targetReached: boolean
  bands: PrecisionBand[]
}

export const bandEdges: readonly number[] = [0.2, 0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 1]
const linkThresholdsTried: readonly number[] = [0.9, 0.95, 0.99, 0.999]
export const lowestLinkThreshold = linkThresholdsTried[0] as number

/**
 * `probabilities` of every candidate pair; `eligible[i]` is 0 where a guard would hold pair i back whatever its
 * score (it is then never an automatic link, so it does not count towards link precision).
 */
export function calibrate(
  probabilities: Float64Array,
  eligible: Uint8Array,
  target: number,
  possibleLink: number,
): { thresholds: Thresholds; calibration: Calibration } {
  const bandSums = new Float64Array(bandEdges.length - 1)
  const bandCounts = new Float64Array(bandEdges.length - 1)
  const linkSums = new Float64Array(linkThresholdsTried.length)
  const linkCounts = new Float64Array(linkThresholdsTried.length)
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i] as number
    const band = bandOf(p)
    if (band >= 0) {
      bandSums[band] = (bandSums[band] as number) + p
      bandCounts[band] = (bandCounts[band] as number) + 1
    }
    if (eligible[i] === 0) continue
    for (let t = 0; t < linkThresholdsTried.length; t++) {
      if (p < (linkThresholdsTried[t] as number)) break
      linkSums[t] = (linkSums[t] as number) + p
      linkCounts[t] = (linkCounts[t] as number) + 1
    }
  }
  const precisionAt = (t: number) =>
    (linkCounts[t] as number) === 0 ? 1 : (linkSums[t] as number) / (linkCounts[t] as number)
  let chosen = linkThresholdsTried.findIndex((_, t) => precisionAt(t) >= target)
  const targetReached = chosen >= 0
  if (!targetReached) chosen = linkThresholdsTried.length - 1
  const bands = bandEdges.slice(0, -1).map((from, b) => ({
    from,
    to: bandEdges[b + 1] as number,
    pairs: bandCounts[b] as number,
    estimatedPrecision: (bandCounts[b] as number) === 0 ? 0 : (bandSums[b] as number) / (bandCounts[b] as number),
  }))
  return {
    thresholds: { link: linkThresholdsTried[chosen] as number, possibleLink },
    calibration: {
      target,
      estimatedLinkPrecision: precisionAt(chosen),
      links: linkCounts[chosen] as number,
      targetReached,
      bands,
    },
  }
}

function bandOf(p: number): number {
  if (p < (bandEdges[0] as number)) return -1
  for (let b = 1; b < bandEdges.length - 1; b++) if (p < (bandEdges[b] as number)) return b - 1
  return bandEdges.length - 2
}

/** The band a pair's probability falls in, for showing a reviewer how often the model is right about such pairs. */
export function bandFor(calibration: Calibration | undefined, probability: number): PrecisionBand | undefined {
  if (calibration === undefined) return undefined
  const band = bandOf(probability)
  return band < 0 ? undefined : calibration.bands[band]
}
