/**
 * What a personal API token may do: read and/or write, per capability. This is the one list; the
 * API routes declare which capability they belong to, the token forms and the CLI offer these.
 * A scope never widens what the owner's role allows: it only narrows what the token can reach.
 */
export const CAPABILITIES = [
  'subjects',
  'register',
  'alerts',
  'risk',
  'visits',
  'workload',
  'governance',
  'identity',
] as const

export type Capability = (typeof CAPABILITIES)[number]
export type ScopeAccess = 'read' | 'write'
export type Scope = `${Capability}:${ScopeAccess}`

export const ALL_SCOPES: readonly Scope[] = CAPABILITIES.flatMap(c => [`${c}:read` as const, `${c}:write` as const])

/** A token lives 90 days unless its owner asks for less (or more, up to a year). */
export const DEFAULT_TOKEN_DAYS = 90
export const MAX_TOKEN_DAYS = 366

const KNOWN = new Set<string>(ALL_SCOPES)

export function isScope(value: string): value is Scope {
  return KNOWN.has(value)
}

/** Scopes from a list (`subjects:read, register:write` or separate values); unknown names are reported, not dropped. */
export function parseScopes(values: readonly string[]): { scopes: Scope[]; unknown: string[] } {
  const names = values.flatMap(v => v.split(/[\s,]+/)).filter(v => v !== '')
  const scopes = [...new Set(names.filter(isScope))].sort((a, b) => ALL_SCOPES.indexOf(a) - ALL_SCOPES.indexOf(b))
  return { scopes, unknown: names.filter(n => !isScope(n)) }
}

/** Reads are safe methods; anything that can change state needs the capability's write scope. */
export function accessFor(method: string): ScopeAccess {
  return ['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase()) ? 'read' : 'write'
}

export function allows(scopes: readonly Scope[], capability: Capability, access: ScopeAccess): boolean {
  return scopes.includes(`${capability}:${access}`)
}
