/**
 * Expectation–maximisation for the two-class Fellegi–Sunter mixture (as in fastLink and Splink), run on the counts
 * of distinct comparison patterns among candidate pairs, so a million pairs with a few hundred distinct patterns cost
 * microseconds per iteration. No labels are used: the classes are "same person" and "different people" and EM finds
 * the split that best explains the patterns, assuming fields agree independently within each class.
 */
export interface PatternCount {
  levels: Uint8Array
  count: number
}

export interface MixtureParameters {
  /** Share of candidate pairs that are matches. */
  matchShare: number
  /** m[field][level]: level probabilities among matches (level 0, missing, unused). */
  m: number[][]
  /** u[field][level] among the non-matching candidate pairs (not the random-pair u used for scoring). */
  u: number[][]
}

export interface EmResult {
  parameters: MixtureParameters
  iterations: number
  converged: boolean
}

const floor = 1e-6

export interface EmOptions {
  maxIterations: number
  tolerance: number
  /** Keep u at its starting values (random-pair u) and learn only m and the match share, as Splink does. */
  fixedU: boolean
  /** Keep m at its starting values too and learn only the match share (used to find the prior). */
  fixedM: boolean
}

export const defaultEmOptions: EmOptions = { maxIterations: 200, tolerance: 1e-6, fixedU: false, fixedM: false }

export function expectationMaximisation(
  patterns: readonly PatternCount[],
  start: MixtureParameters,
  options: EmOptions = defaultEmOptions,
): EmResult {
  let { matchShare, m, u } = start
  const fields = m.length
  for (let iteration = 1; iteration <= options.maxIterations; iteration++) {
    const mSum = m.map(levels => levels.map(() => 0))
    const uSum = u.map(levels => levels.map(() => 0))
    let matchTotal = 0
    let total = 0
    for (const { levels, count } of patterns) {
      let pMatch = matchShare
      let pNon = 1 - matchShare
      for (let f = 0; f < fields; f++) {
        const level = levels[f] as number
        if (level === 0) continue
        pMatch *= (m[f] as number[])[level] as number
        pNon *= (u[f] as number[])[level] as number
      }
      const posterior = pMatch / (pMatch + pNon)
      const matchCount = count * posterior
      matchTotal += matchCount
      total += count
      for (let f = 0; f < fields; f++) {
        const level = levels[f] as number
        if (level === 0) continue
        addTo(mSum[f] as number[], level, matchCount)
        addTo(uSum[f] as number[], level, count - matchCount)
      }
    }
    const nextM = options.fixedM ? m : mSum.map(normalise)
    const nextU = options.fixedU ? u : uSum.map(normalise)
    const change = Math.max(largestChange(m, nextM), Math.abs(matchTotal / total - matchShare))
    matchShare = Math.min(1 - floor, Math.max(floor, matchTotal / total))
    m = nextM
    u = nextU
    if (change < options.tolerance) return { parameters: { matchShare, m, u }, iterations: iteration, converged: true }
  }
  return { parameters: { matchShare, m, u }, iterations: options.maxIterations, converged: false }
}

function addTo(list: number[], index: number, amount: number): void {
  list[index] = (list[index] as number) + amount
}

function normalise(sums: readonly number[]): number[] {
  const present = sums.slice(1)
  const total = present.reduce((s, n) => s + n, 0)
  if (total === 0) return [0, ...present.map(() => 1 / present.length)]
  return [0, ...present.map(n => Math.max(floor, n / total))]
}

function largestChange(before: readonly number[][], after: readonly number[][]): number {
  let largest = 0
  before.forEach((levels, f) => {
    levels.forEach((p, l) => {
      largest = Math.max(largest, Math.abs(p - ((after[f] as number[])[l] as number)))
    })
  })
  return largest
}

/**
 * A neutral starting point: matches mostly agree exactly, with the rest spread over weaker levels, halving each
 * step; non-matches start from the random-pair u-probabilities.
 */
export function startingParameters(uFromSample: readonly number[][]): MixtureParameters {
  const m = uFromSample.map(levels => {
    const raw = levels.map((_, l) => (l === 0 ? 0 : Math.pow(0.25, l - 1)))
    const total = raw.reduce((s, n) => s + n, 0)
    return raw.map(p => p / total)
  })
  return { matchShare: 0.1, m, u: uFromSample.map(levels => [...levels]) }
}
