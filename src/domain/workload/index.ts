// Public API of the workload domain: risk-weighted caseloads, capacity, allocation recommendations, queue order.
export { DEFAULT_WORKLOAD_SETTINGS, caseWeight, roundPoints, weightedCaseload } from './weights.ts'
export type { Case, WorkloadSettings } from './weights.ts'
export { officerCapacity, officerWorkload } from './officer.ts'
export type { Officer, OfficerWorkload } from './officer.ts'
export { recommendAllocation } from './allocation.ts'
export type {
  AllocationRecommendation,
  AllocationRequest,
  ExcludedOfficer,
  RankedCandidate,
  SubjectToAllocate,
} from './allocation.ts'
export { unallocatedQueue } from './queue.ts'
export type { UnallocatedCase } from './queue.ts'
