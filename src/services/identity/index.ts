import type { Clock } from '../../domain/clock.ts'
import type { DataAccess } from '../../data/index.ts'
import type { AccessGate } from '../access/gate.ts'
import { DuplicateReviewService } from './duplicateReviewService.ts'
import { IdentityService } from './identityService.ts'

/** Identity resolution: likely matches and repeat-suspect checks, and the duplicate review queue with merges. */
export function createIdentityServices(data: DataAccess, gate: AccessGate, clock: Clock) {
  return {
    identity: new IdentityService(data, clock),
    duplicates: new DuplicateReviewService(data, gate, clock),
  }
}
