import { z } from 'zod'
import { filterChoice, filterDate, filterText, pageSchema } from './query.ts'

/**
 * The filters of each paged or filtered list, one schema per list, used by its web page and its API route alike
 * (built from the shared pieces in query.ts, so every list refuses odd input the same way).
 */

/** The alert inbox: open (default), acknowledged or all; optionally one priority and one kind. */
export const alertFilterQuery = z.object({
  status: filterChoice('Status', ['open', 'acknowledged', 'all'] as const).transform(s => s ?? 'open'),
  priority: filterChoice('Priority', ['high', 'normal'] as const),
  kind: filterText('Kind', 60),
})
export type AlertFilterQuery = z.output<typeof alertFilterQuery>

/** The auditor's search of the audit log (the export takes the same filters without a page). */
export const auditFilterQuery = z.object({
  username: filterText('Username', 100),
  reference: filterText('Reference', 40),
  operation: filterText('Operation', 40),
  outcome: filterText('Outcome', 40),
  from: filterDate('The from date'),
  to: filterDate('The to date'),
  page: pageSchema,
})
export type AuditFilterQuery = z.output<typeof auditFilterQuery>
