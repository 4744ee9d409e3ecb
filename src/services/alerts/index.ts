import type { Clock } from '../../domain/clock.ts'
import type { AlertBus } from '../../data/alerts/alertBus.ts'
import type { DataAccess } from '../../data/index.ts'
import { AlertService } from './alertService.ts'
import { AlertStreamHub } from './alertStream.ts'
import type { AlertSettings } from './settings.ts'

/** Alerts: the inbox and acknowledgement, the escalation sweep, and the live stream fed by the bus. */
export function createAlertServices(data: DataAccess, clock: Clock, bus: AlertBus, settings: AlertSettings) {
  const alerts = new AlertService(data, clock, bus, settings)
  return { alerts, alertStream: new AlertStreamHub(alerts) }
}
