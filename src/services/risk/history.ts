import type { Kysely } from 'kysely'
import { Temporal } from 'temporal-polyfill'
import type { CircumstanceEvent } from '../../domain/risk/index.ts'
import type { RiskLevelPeriod } from '../../domain/visits/index.ts'
import type { DB } from '../../data/schema.ts'
import { TRIGGER_EVENT_KINDS, toDomainLevel } from '../visits/schedule.ts'

const TRIGGER_BY_KIND = new Map(Object.entries(TRIGGER_EVENT_KINDS).map(([type, kind]) => [kind, type]))

/**
 * The risk levels a subject has held, from countersigned assessments (the force's assessment). With none, the
 * level recorded at registration counts from the registration date.
 */
export async function riskHistory(db: Kysely<DB>, subjectId: string): Promise<RiskLevelPeriod[]> {
  const rows = await db
    .selectFrom('arms_assessment')
    .select(['assessed_on', 'level'])
    .where('subject_id', '=', subjectId)
    .where('countersigned_by', 'is not', null)
    .orderBy('assessed_on')
    .execute()
  const periods: RiskLevelPeriod[] = []
  for (const r of rows) {
    const level = toDomainLevel(r.level)
    if (level) periods.push({ level, from: Temporal.PlainDate.from(r.assessed_on) })
  }
  if (periods.length > 0) return periods
  const subject = await db
    .selectFrom('subject')
    .select(['risk_level', 'registered_on'])
    .where('id', '=', subjectId)
    .executeTakeFirst()
  const level = toDomainLevel(subject?.risk_level)
  return subject && level ? [{ level, from: Temporal.PlainDate.from(subject.registered_on) }] : []
}

/** Review-trigger events on the timeline, as the risk domain's CircumstanceEvents. */
export async function circumstanceEvents(db: Kysely<DB>, subjectId: string): Promise<CircumstanceEvent[]> {
  const rows = await db
    .selectFrom('subject_event')
    .select(['id', 'kind', 'occurred_on'])
    .where('subject_id', '=', subjectId)
    .where('kind', 'in', Object.values(TRIGGER_EVENT_KINDS))
    .orderBy('occurred_on')
    .execute()
  return rows.flatMap(r => {
    const type = TRIGGER_BY_KIND.get(r.kind) as CircumstanceEvent['type'] | undefined
    return type ? [{ type, occurredOn: Temporal.PlainDate.from(r.occurred_on), id: r.id }] : []
  })
}
