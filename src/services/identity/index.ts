import type { Clock } from '../../domain/clock.ts'
import type { Database } from '../../data/database.ts'
import { DuplicateReviewService } from './duplicateReviewService.ts'
import { IdentityService } from './identityService.ts'

/** Identity resolution: likely matches and repeat-suspect checks, and the duplicate review queue with merges. */
export function createIdentityServices(database: Database, clock: Clock) {
  return {
    identity: new IdentityService(database, clock),
    duplicates: new DuplicateReviewService(database, clock),
  }
}
