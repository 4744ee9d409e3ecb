import type { Clock } from '../../domain/clock.ts'
import type { Database } from '../../data/database.ts'
import { createAlertBus } from '../alerts/alertBus.ts'
import { AlertService } from '../alerts/alertService.ts'
import { AlertStreamHub } from '../alerts/alertStream.ts'
import { alertSettingsFromEnv, type AlertSettings } from '../alerts/settings.ts'
import { ComplianceSweep } from './complianceSweep.ts'
import { DraftService } from './draftService.ts'
import { NotificationService } from './notificationService.ts'
import { RegisterRecordService } from './registerRecordService.ts'

/** The register and its live-time alerts (issue 4), composed into `createServices`. */
export function createRegisterServices(
  database: Database,
  clock: Clock,
  settings: AlertSettings = alertSettingsFromEnv(),
) {
  const notifications = new NotificationService(database, clock)
  const alerts = new AlertService(database, clock, createAlertBus(database), settings)
  return {
    notifications,
    registerRecord: new RegisterRecordService(database, clock, notifications),
    notificationDrafts: new DraftService(database, clock, notifications),
    compliance: new ComplianceSweep(database, clock),
    alerts,
    alertStream: new AlertStreamHub(alerts),
  }
}
