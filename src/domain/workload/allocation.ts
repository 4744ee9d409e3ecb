import { officerWorkload } from './officer.ts'
import type { Officer, OfficerWorkload } from './officer.ts'
import { DEFAULT_WORKLOAD_SETTINGS, caseWeight, roundPoints } from './weights.ts'
import type { Case, WorkloadSettings } from './weights.ts'

export interface SubjectToAllocate extends Case {
  districtId: string
  teamId: string
  /** e.g. ["ViSOR", "ARMS"] for an RSO; decided by the services layer from the subject's type. */
  requiredAccreditations: readonly string[]
}

export interface AllocationRequest {
  subject: SubjectToAllocate
  officers: readonly Officer[]
  /** Current cases per officer id; an officer with no entry has none. */
  caseloads: ReadonlyMap<string, readonly Case[]>
  /** On reallocation, the current offender manager. */
  excludeOfficerIds?: readonly string[]
}

export interface RankedCandidate extends OfficerWorkload {
  name: string
}

export interface ExcludedOfficer {
  officerId: string
  name: string
  reason: string
}

export interface AllocationRecommendation {
  /** null when nobody in the team is eligible: the subject stays in the unallocated queue for a supervisor. */
  officerId: string | null
  explanation: string
  ranked: RankedCandidate[]
  excluded: ExcludedOfficer[]
}

/**
 * Recommends the officer in the subject's district team with the lowest weighted caseload among those who hold
 * every required accreditation, are available and have capacity for this case (issue 5). Ties break on lower
 * utilisation, then fewer cases, then officer id, so the same data always gives the same answer.
 * A recommendation only: the supervisor allocates, and the services layer audits it.
 */
export function recommendAllocation(
  request: AllocationRequest,
  settings: WorkloadSettings = DEFAULT_WORKLOAD_SETTINGS,
): AllocationRecommendation {
  const { subject } = request
  const weight = caseWeight(subject, settings)
  const team = request.officers.filter(o => o.districtId === subject.districtId && o.teamId === subject.teamId)
  const ranked: RankedCandidate[] = []
  const excluded: ExcludedOfficer[] = []
  for (const officer of team) {
    const load = officerWorkload(officer, request.caseloads.get(officer.id) ?? [], settings)
    const reason = exclusionReason(officer, load, weight, request)
    if (reason) excluded.push({ officerId: officer.id, name: officer.name, reason })
    else ranked.push({ ...load, name: officer.name })
  }
  ranked.sort(compareCandidates)
  excluded.sort((a, b) => compareIds(a.officerId, b.officerId))
  const best = ranked[0]
  if (!best) {
    const overloaded = overCapacityFallback(request, team, excluded, settings)
    if (overloaded) return overloaded
  }
  return {
    officerId: best?.officerId ?? null,
    explanation: explain(subject, best, ranked, excluded, team.length),
    ranked,
    excluded,
  }
}

/**
 * When every accredited, available officer is over capacity the case still needs a manager: recommend the least
 * loaded of them and say so, so the supervisor sees the shortfall instead of an empty recommendation.
 */
function overCapacityFallback(
  request: AllocationRequest,
  team: readonly Officer[],
  excluded: readonly ExcludedOfficer[],
  settings: WorkloadSettings,
): AllocationRecommendation | undefined {
  const full = new Set(excluded.filter(e => e.reason.startsWith('no capacity')).map(e => e.officerId))
  const candidates = team
    .filter(o => full.has(o.id))
    .map(o => ({ ...officerWorkload(o, request.caseloads.get(o.id) ?? [], settings), name: o.name }))
    .sort(compareCandidates)
  const least = candidates[0]
  if (!least) return undefined
  return {
    officerId: least.officerId,
    explanation:
      `Every eligible officer in team ${request.subject.teamId} is over capacity. Recommended ${least.name}: ` +
      `lowest weighted caseload (${least.points} of ${least.capacity} points, ${least.caseCount} cases). ` +
      'Raise the shortfall with the unit head.',
    ranked: candidates,
    excluded: excluded.filter(e => !full.has(e.officerId)),
  }
}

function exclusionReason(
  officer: Officer,
  load: OfficerWorkload,
  weight: number,
  request: AllocationRequest,
): string | undefined {
  if (request.excludeOfficerIds?.includes(officer.id)) return 'current offender manager'
  if (officer.available === false) return 'not available'
  const missing = request.subject.requiredAccreditations.filter(a => !officer.accreditations.includes(a))
  if (missing.length > 0) return `not accredited for ${missing.join(', ')}`
  if (roundPoints(load.points + weight) > load.capacity) {
    return `no capacity (${load.points} of ${load.capacity} points; this case adds ${weight})`
  }
  return undefined
}

function compareCandidates(a: RankedCandidate, b: RankedCandidate): number {
  return (
    a.points - b.points ||
    a.utilisation - b.utilisation ||
    a.caseCount - b.caseCount ||
    compareIds(a.officerId, b.officerId)
  )
}

/** Code-unit order, not locale order, so the tie-break is identical on every server. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function explain(
  subject: SubjectToAllocate,
  best: RankedCandidate | undefined,
  ranked: readonly RankedCandidate[],
  excluded: readonly ExcludedOfficer[],
  teamSize: number,
): string {
  const accreditation =
    subject.requiredAccreditations.length > 0 ? ` holding ${subject.requiredAccreditations.join(' and ')}` : ''
  const notEligible =
    excluded.length > 0 ? ` Not eligible: ${excluded.map(e => `${e.name} (${e.reason})`).join('; ')}.` : ''
  if (!best) {
    const who =
      teamSize === 0 ? 'No officers in team ' + subject.teamId : `No eligible officer in team ${subject.teamId}`
    return `${who}; leave in the unallocated queue.${notEligible}`
  }
  const tied = ranked.filter(c => c !== best && c.points === best.points)
  const tieBreak =
    tied.length > 0 ? ` Tied on points with ${tied.map(c => c.name).join(', ')}; ${tieBreakReason(best, tied)}.` : ''
  return (
    `Recommended ${best.name}: lowest weighted caseload (${best.points} of ${best.capacity} points, ${best.caseCount} cases) ` +
    `of ${ranked.length} eligible officer${ranked.length === 1 ? '' : 's'} in team ${subject.teamId}${accreditation}.` +
    tieBreak +
    notEligible
  )
}

/** Names the key that decided each tie, in the order compareCandidates applies them. */
function tieBreakReason(best: RankedCandidate, tied: readonly RankedCandidate[]): string {
  const keys = new Set(
    tied.map(c =>
      c.utilisation !== best.utilisation
        ? 'lower utilisation'
        : c.caseCount !== best.caseCount
          ? 'fewer cases'
          : 'officer id',
    ),
  )
  return `chosen by ${[...keys].join(', then ')}`
}
