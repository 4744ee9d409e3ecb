import { Migrator, type Migration, type MigrationProvider } from 'kysely'
import type { Database } from './database.ts'
import * as m0001 from './migrations/0001_core.ts'
import * as m0002 from './migrations/0002_timeline_alerts.ts'
import * as m0003 from './migrations/0003_register.ts'
import * as m0004 from './migrations/0004_risk_visits.ts'
import * as m0005 from './migrations/0005_security.ts'
import * as m0006 from './migrations/0006_identity.ts'
import * as m0007 from './migrations/0007_periodic_notification_kinds.ts'
import * as m20261202UnicodeNames from './migrations/20261202_unicode_name_norms.ts'
import * as m20261202IdempotencyFingerprint from './migrations/20261202_idempotency_fingerprint.ts'
import * as m0008tokens from './migrations/0008_api_token_scopes.ts'
import * as m20261202RecordVersions from './migrations/20261202_record_versions.ts'
import * as m20261203OcaitReferrals from './migrations/20261203_ocait_referrals.ts'

/**
 * Migrations are listed here explicitly (not read from disk) so the same ordered set runs on both
 * engines, from source or from a bundle. Add new files at the end; never edit one that has shipped.
 */
const migrations: Record<string, Migration> = {
  '0001_core': m0001,
  '0002_timeline_alerts': m0002,
  '0003_register': m0003,
  '0004_risk_visits': m0004,
  '0005_security': m0005,
  '0006_identity': m0006,
  '0007_periodic_notification_kinds': m0007,
  '20261202_unicode_name_norms': m20261202UnicodeNames,
  '20261202_idempotency_fingerprint': m20261202IdempotencyFingerprint,
  '0008_api_token_scopes': m0008tokens,
  '20261202_record_versions': m20261202RecordVersions,
  '20261203_ocait_referrals': m20261203OcaitReferrals,
}

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) }

export async function migrateToLatest(database: Database): Promise<string[]> {
  const migrator = new Migrator({
    db: database.db,
    provider,
    migrationTableName: 'vigil_migration',
    migrationLockTableName: 'vigil_migration_lock',
    // Capabilities are built in parallel; a database that already ran 0005 must still accept 0003.
    allowUnorderedMigrations: true,
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error instanceof Error ? error : new Error(JSON.stringify(error))
  return (results ?? []).filter(r => r.status === 'Success').map(r => r.migrationName)
}
