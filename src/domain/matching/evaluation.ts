/**
 * Pairwise precision and recall against known truth (records with the same truth label are the same person). Labels
 * are only ever used here, to check a model, never to train one.
 */
export interface PairwiseScores {
  truePositives: number
  falsePositives: number
  falseNegatives: number
  precision: number
  recall: number
  f1: number
}

function pairsWithin(groupSizes: Iterable<number>): number {
  let total = 0
  for (const size of groupSizes) total += (size * (size - 1)) / 2
  return total
}

function sizes<K>(keys: Iterable<K>): Map<K, number> {
  const counts = new Map<K, number>()
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1)
  return counts
}

function scores(truePositives: number, predicted: number, actual: number): PairwiseScores {
  const precision = predicted === 0 ? 1 : truePositives / predicted
  const recall = actual === 0 ? 1 : truePositives / actual
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
  return {
    truePositives,
    falsePositives: predicted - truePositives,
    falseNegatives: actual - truePositives,
    precision,
    recall,
    f1,
  }
}

/** Scores a clustering: predicted pairs are all pairs within a cluster, computed from group sizes (no pair lists). */
export function scoreClusters(clusterOf: ArrayLike<number>, truth: readonly string[]): PairwiseScores {
  const clusters: number[] = Array.from(clusterOf)
  const predicted = pairsWithin(sizes(clusters).values())
  const actual = pairsWithin(sizes(truth).values())
  const both = pairsWithin(sizes(clusters.map((c, i) => `${c}\u0000${truth[i]}`)).values())
  return scores(both, predicted, actual)
}

/** Scores linked pairs between two lists against the truth labels of each side. */
export function scoreLinks(
  pairs: readonly { left: number; right: number }[],
  leftTruth: readonly string[],
  rightTruth: readonly string[],
): PairwiseScores {
  const rightSizes = sizes(rightTruth)
  let actual = 0
  for (const label of leftTruth) actual += rightSizes.get(label) ?? 0
  const truePositives = pairs.filter(p => leftTruth[p.left] === rightTruth[p.right]).length
  return scores(truePositives, pairs.length, actual)
}

export interface ClusterScores {
  /** Predicted clusters whose members are exactly one true person's records. */
  exact: number
  predicted: number
  actual: number
  precision: number
  recall: number
  f1: number
}

/**
 * Cluster-level scores: a predicted cluster counts only when it holds exactly the records of one person, no more and
 * no fewer (singletons included). Precision is over predicted clusters, recall over true people.
 */
export function scoreClusterExactness(clusterOf: ArrayLike<number>, truth: readonly string[]): ClusterScores {
  const members = new Map<number, number[]>()
  for (let i = 0; i < clusterOf.length; i++) {
    const c = clusterOf[i] as number
    const list = members.get(c)
    if (list === undefined) members.set(c, [i])
    else list.push(i)
  }
  const truthSizes = sizes(truth)
  let exact = 0
  for (const list of members.values()) {
    const label = truth[list[0] as number] as string
    if (list.every(i => truth[i] === label) && truthSizes.get(label) === list.length) exact++
  }
  const precision = members.size === 0 ? 1 : exact / members.size
  const recall = truthSizes.size === 0 ? 1 : exact / truthSizes.size
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
  return { exact, predicted: members.size, actual: truthSizes.size, precision, recall, f1 }
}
