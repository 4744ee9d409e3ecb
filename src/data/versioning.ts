import { NotFound, StaleVersion } from '../domain/errors.ts'

/**
 * Optimistic concurrency for every editable record: a repository updates `where id = ? and version = expected`
 * (raising the version by one) and hands the number of rows changed here. None changed means the record is gone
 * (NotFound) or someone saved it since the editor loaded it (StaleVersion, carrying both versions; nothing written).
 */
export async function requireVersionedUpdate<Snapshot extends Record<string, unknown>>(
  rowsUpdated: bigint | number,
  change: {
    record: string
    expectedVersion: number
    attempted: Snapshot
    /** Reads what is stored now (after a refused update). */
    current: () => Promise<{ version: number; snapshot: Snapshot } | undefined>
  },
): Promise<void> {
  if (Number(rowsUpdated) > 0) return
  const now = await change.current()
  if (!now) throw new NotFound(`No such ${change.record}`)
  throw new StaleVersion(change.record, change.expectedVersion, now.version, change.attempted, now.snapshot)
}
