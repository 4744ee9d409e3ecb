import type { Clock } from '../../domain/clock.ts'
import type { Database } from '../../data/database.ts'
import type { DataAccess } from '../../data/index.ts'
import type { AccessGate } from '../access/gate.ts'
import { createAlertBus } from '../alerts/alertBus.ts'
import { AlertService } from '../alerts/alertService.ts'
import { AlertStreamHub } from '../alerts/alertStream.ts'
import { alertSettingsFromEnv, type AlertSettings } from '../alerts/settings.ts'
import { ComplianceSweep } from './complianceSweep.ts'
import { DraftService } from './draftService.ts'
import { NotificationService } from './notificationService.ts'
import { RegisterRecordService } from './registerRecordService.ts'

/**
 * The register and its live-time alerts (issue 4), composed into `createServices`. The register's services reach the
 * database through `data` and every subject through the one `gate`.
 */
export function createRegisterServices(
  database: Database,
  data: DataAccess,
  gate: AccessGate,
  clock: Clock,
  settings: AlertSettings = alertSettingsFromEnv(),
) {
  const notifications = new NotificationService(data, gate, clock)
  const alerts = new AlertService(database, clock, createAlertBus(database), settings)
  return {
    notifications,
    registerRecord: new RegisterRecordService(data, gate, clock),
    notificationDrafts: new DraftService(data, gate, clock, notifications),
    compliance: new ComplianceSweep(data, clock),
    alerts,
    alertStream: new AlertStreamHub(alerts),
  }
}
