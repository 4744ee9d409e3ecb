import { Temporal } from 'temporal-polyfill'
import { LONDON } from '../../domain/clock.ts'
import { NOTIFICATION_KINDS, type NotificationKind, type NotificationRecord } from '../../domain/register/index.ts'
import type { NotificationRow } from '../../data/register/registerRepository.ts'

export const isStatutoryKind = (kind: string): kind is NotificationKind =>
  (NOTIFICATION_KINDS as readonly string[]).includes(kind)

/** The stored history as the engine's records (SOA Part 2 kinds only; documents and bank details have no deadline). */
export function engineRecordsOf(rows: readonly NotificationRow[]): NotificationRecord[] {
  const records: NotificationRecord[] = []
  for (const row of rows) {
    if (!isStatutoryKind(row.kind)) continue
    const notifiedOn = Temporal.PlainDate.from(row.notifiedOn)
    if (row.kind === 'foreign-travel') {
      const travel = row.details.travel as { departure: string; known: boolean; excuse: boolean } | undefined
      if (!travel) continue
      records.push({
        kind: 'foreign-travel',
        travel: {
          departure: Temporal.PlainDateTime.from(travel.departure),
          notifiedAt: Temporal.Instant.from(row.notifiedAt.toISOString()).toZonedDateTimeISO(LONDON).toPlainDateTime(),
          detailsKnownSevenDaysAhead: travel.known,
          reasonableExcuse: travel.excuse,
        },
      })
    } else if (row.kind === 'periodic') {
      records.push({
        kind: 'periodic',
        notifiedOn,
        ...(row.noFixedAbode === null ? {} : { noFixedAbode: row.noFixedAbode }),
      })
    } else if (row.eventDate) {
      records.push({
        kind: row.kind,
        eventDate: Temporal.PlainDate.from(row.eventDate),
        notifiedOn,
        ...(row.noFixedAbode === null ? {} : { noFixedAbode: row.noFixedAbode }),
      })
    }
  }
  return records
}
