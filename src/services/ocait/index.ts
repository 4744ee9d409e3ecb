import type { Clock } from '../../domain/clock.ts'
import { DEFAULT_OCAIT_SETTINGS, type OcaitSettings } from '../../domain/ocait/settings.ts'
import type { DataAccess } from '../../data/index.ts'
import type { AccessGate } from '../access/gate.ts'
import { ReferralGate } from './referralGate.ts'
import { ReferralService } from './referralService.ts'

/** Online child abuse referrals (issue 14): intake, triage, the queue and its deadlines. */
export function createOcaitServices(
  data: DataAccess,
  gate: AccessGate,
  clock: Clock,
  settings: OcaitSettings = DEFAULT_OCAIT_SETTINGS,
) {
  const referralGate = new ReferralGate(clock, gate)
  return { ocaitReferrals: new ReferralService(data, clock, referralGate, settings) }
}
