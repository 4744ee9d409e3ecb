import { alertSettingsFrom, type AlertSettings } from '../../domain/alerts/settings.ts'

export { DEFAULT_ALERT_SETTINGS, type AlertSettings } from '../../domain/alerts/settings.ts'

/** The alert settings from this process's environment (the configuration module reads them the same way). */
export function alertSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): AlertSettings {
  return alertSettingsFrom(env)
}
