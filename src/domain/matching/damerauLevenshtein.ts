/**
 * Damerau–Levenshtein distance in its "optimal string alignment" form: insertions, deletions, substitutions and
 * transpositions of two adjacent characters each cost 1. This is the typing-error model: a swapped pair of digits
 * in an identifier or date counts as one slip, not two.
 *
 * `limit` lets callers stop early: once every cell in a row exceeds it, the answer is `limit + 1`. Rows live in
 * reused scratch buffers because this runs millions of times in a batch.
 */
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)]

export function damerauLevenshtein(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0
  const la = a.length
  const lb = b.length
  if (Math.abs(la - lb) > limit) return limit + 1
  if (la === 0 || lb === 0) return Math.min(la + lb, limit + 1)
  if (limit === 1) return withinOneEdit(a, b) ? 1 : 2
  if ((rows[0] as Int32Array).length <= lb) rows = [0, 1, 2].map(() => new Int32Array(lb + 1))
  let [prevPrev, prev, row] = rows as [Int32Array, Int32Array, Int32Array]
  for (let j = 0; j <= lb; j++) prev[j] = j
  for (let i = 1; i <= la; i++) {
    row[0] = i
    let rowMin = i
    const ca = a.charCodeAt(i - 1)
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1)
      const cost = ca === cb ? 0 : 1
      let best = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost)
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        best = Math.min(best, (prevPrev[j - 2] as number) + 1)
      }
      row[j] = best
      if (best < rowMin) rowMin = best
    }
    if (rowMin > limit) return limit + 1
    const recycled = prevPrev
    prevPrev = prev
    prev = row
    row = recycled
  }
  return Math.min(prev[lb] as number, limit + 1)
}

/** Whether two different strings are one edit apart (insert, delete, substitute or swap two neighbours), in O(n). */
function withinOneEdit(a: string, b: string): boolean {
  const la = a.length
  const lb = b.length
  let start = 0
  while (start < la && start < lb && a.charCodeAt(start) === b.charCodeAt(start)) start++
  let endA = la - 1
  let endB = lb - 1
  while (endA >= start && endB >= start && a.charCodeAt(endA) === b.charCodeAt(endB)) {
    endA--
    endB--
  }
  const restA = endA - start + 1
  const restB = endB - start + 1
  if (restA <= 1 && restB <= 1) return true
  // Two neighbouring characters swapped: "ab" against "ba".
  return (
    restA === 2 &&
    restB === 2 &&
    a.charCodeAt(start) === b.charCodeAt(start + 1) &&
    a.charCodeAt(start + 1) === b.charCodeAt(start)
  )
}
