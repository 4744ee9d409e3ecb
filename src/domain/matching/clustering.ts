import { checkedCode, identifierFields } from './identifierGuard.ts'
import type { RecordSet } from './recordSet.ts'

export interface LinkedPair {
  a: number
  b: number
  probability: number
}

export interface Clusters {
  /** For each record, the index of the record that represents its cluster (the smallest index in it). */
  clusterOf: Uint32Array
  /** Links that would have put two different exact identifiers in one cluster: left for a person to review. */
  heldBack: LinkedPair[]
}

/**
 * Connected components over linked pairs, strongest first, with the identifier guard: two groups are joined only if
 * no identifier field holds a different value on each side. Processing strongest links first means that when a weak
 * link would bridge two identified people, it is the weak link that is held back.
 */
export function clusterLinks(set: RecordSet, links: readonly LinkedPair[]): Clusters {
  const n = set.size
  const parent = new Uint32Array(n)
  for (let i = 0; i < n; i++) parent[i] = i
  const guarded = identifierFields(set)
  // identity[g][root] = the identifier code held by that group for guarded field g, or -1.
  const identity = guarded.map(f => {
    const codes = new Int32Array(n)
    const column = set.columns[f]
    for (let i = 0; i < n; i++) codes[i] = column === undefined ? -1 : checkedCode(column, i)
    return codes
  })
  const find = (x: number): number => {
    let root = x
    while (parent[root] !== root) root = parent[root] as number
    while (parent[x] !== root) {
      const next = parent[x] as number
      parent[x] = root
      x = next
    }
    return root
  }
  const heldBack: LinkedPair[] = []
  const ordered = [...links].sort((x, y) => y.probability - x.probability)
  for (const link of ordered) {
    const ra = find(link.a)
    const rb = find(link.b)
    if (ra === rb) continue
    const conflict = identity.some(codes => {
      const ia = codes[ra] as number
      const ib = codes[rb] as number
      return ia >= 0 && ib >= 0 && ia !== ib
    })
    if (conflict) {
      heldBack.push(link)
      continue
    }
    const [keep, join] = ra < rb ? [ra, rb] : [rb, ra]
    parent[join] = keep
    for (const codes of identity) if ((codes[keep] as number) < 0) codes[keep] = codes[join] as number
  }
  const clusterOf = new Uint32Array(n)
  for (let i = 0; i < n; i++) clusterOf[i] = find(i)
  return { clusterOf, heldBack }
}
