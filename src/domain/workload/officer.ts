import { DEFAULT_WORKLOAD_SETTINGS, roundPoints, weightedCaseload } from './weights.ts'
import type { Case, WorkloadSettings } from './weights.ts'

export interface Officer {
  id: string
  name: string
  districtId: string
  teamId: string
  /** e.g. "ViSOR", "ARMS", "RM2000", "MOSOVO". */
  accreditations: readonly string[]
  /** Full-time equivalent, 1 by default; capacity scales with it. */
  fte?: number
  /** An explicit capacity agreed for this officer (e.g. on restricted duties) replaces the FTE rule. */
  capacityPoints?: number
  /** Absent officers (long-term sick, abstracted) are shown but never recommended. */
  available?: boolean
}

export interface OfficerWorkload {
  officerId: string
  caseCount: number
  points: number
  capacity: number
  /** points ÷ capacity; 1 means full. Infinity when capacity is 0 and there are cases. */
  utilisation: number
  headroom: number
}

export function officerCapacity(officer: Officer, settings: WorkloadSettings = DEFAULT_WORKLOAD_SETTINGS): number {
  return officer.capacityPoints ?? roundPoints(settings.fullTimeCapacity * (officer.fte ?? 1))
}

export function officerWorkload(
  officer: Officer,
  cases: readonly Case[],
  settings: WorkloadSettings = DEFAULT_WORKLOAD_SETTINGS,
): OfficerWorkload {
  const points = weightedCaseload(cases, settings)
  const capacity = officerCapacity(officer, settings)
  const utilisation = capacity > 0 ? points / capacity : points > 0 ? Infinity : 0
  return {
    officerId: officer.id,
    caseCount: cases.length,
    points,
    capacity,
    utilisation,
    headroom: roundPoints(capacity - points),
  }
}
