import type { Clock } from '../../domain/clock.ts'
import type { DataAccess } from '../../data/index.ts'
import type { AccessGate } from '../access/gate.ts'
import { ComplianceSweep } from './complianceSweep.ts'
import { DraftService } from './draftService.ts'
import { NotificationService } from './notificationService.ts'
import { RegisterRecordService } from './registerRecordService.ts'

/**
 * The register (issue 4; its alerts are `services/alerts`), composed into `createServices`. The register's services reach the
 * database through `data` and every subject through the one `gate`.
 */
export function createRegisterServices(data: DataAccess, gate: AccessGate, clock: Clock) {
  const notifications = new NotificationService(data, gate, clock)
  return {
    notifications,
    registerRecord: new RegisterRecordService(data, gate, clock),
    notificationDrafts: new DraftService(data, gate, clock, notifications),
    compliance: new ComplianceSweep(data, clock),
  }
}
