import { createHmac } from 'node:crypto'
import { sql } from 'kysely'
import type { Clock } from '../../domain/clock.ts'
import { nowDate, todayIn } from '../../domain/clock.ts'
import type { Actor } from '../../domain/access/actor.ts'
import { canSeeAggregates } from '../../domain/access/policy.ts'
import { Forbidden } from '../../domain/errors.ts'
import type { Database } from '../../data/database.ts'
import { appendAudit } from '../../data/audit/auditRepository.ts'

/**
 * What analysts see: counts, and lists where each subject is a stable pseudonym (an HMAC of the
 * id under a server key) with banded age — enough to study patterns, not to identify anyone.
 */
export class AnalysisService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly pseudonymKey: string,
  ) {}

  pseudonym(subjectId: string): string {
    return `P-${createHmac('sha256', this.pseudonymKey).update(subjectId).digest('hex').slice(0, 10).toUpperCase()}`
  }

  async overview(actor: Actor): Promise<{
    byDistrict: Array<{
      district: string
      total: number
      veryHigh: number
      high: number
      medium: number
      low: number
      rso: number
      rasso: number
    }>
    sample: Array<{
      pseudonym: string
      ageBand: string
      district: string
      category: string
      riskLevel: string | null
      status: string
    }>
  }> {
    if (!canSeeAggregates(actor)) throw new Forbidden('Your role does not give access to aggregated figures')
    const { db } = this.database
    const byDistrict = await sql<{
      district: string
      total: number
      veryHigh: number
      high: number
      medium: number
      low: number
      rso: number
      rasso: number
    }>`
      select d.name as district, count(*)::int as total,
        count(*) filter (where s.risk_level = 'very_high')::int as "veryHigh",
        count(*) filter (where s.risk_level = 'high')::int as high,
        count(*) filter (where s.risk_level = 'medium')::int as medium,
        count(*) filter (where s.risk_level = 'low')::int as low,
        count(*) filter (where s.category = 'rso')::int as rso,
        count(*) filter (where s.category = 'rasso_suspect')::int as rasso
      from subject s join team t on t.id = s.managing_team_id join district d on d.code = t.district_code
      where s.status <> 'ended'
      group by d.name order by d.name`.execute(db)
    const today = todayIn(this.clock).toString()
    const sample = await sql<{
      id: string
      age: number | null
      district: string
      category: string
      riskLevel: string | null
      status: string
    }>`
      select s.id, extract(year from age(${today}::date, p.date_of_birth))::int as age, d.name as district, s.category,
        s.risk_level as "riskLevel", s.status
      from subject s join person p on p.id = s.person_id join team t on t.id = s.managing_team_id join district d on d.code = t.district_code
      where s.status <> 'ended' order by s.id limit 100`.execute(db)
    await appendAudit(db, nowDate(this.clock), [
      {
        actorId: actor.id,
        actorUsername: actor.username,
        operation: 'consult',
        recordType: 'aggregates',
        correlationId: actor.correlationId,
        details: { pseudonymisedRows: sample.rows.length },
      },
    ])
    return {
      byDistrict: byDistrict.rows,
      sample: sample.rows.map(r => ({
        pseudonym: this.pseudonym(r.id),
        ageBand:
          r.age === null
            ? 'Unknown'
            : r.age < 18
              ? 'Under 18'
              : r.age < 25
                ? '18–24'
                : r.age < 35
                  ? '25–34'
                  : r.age < 50
                    ? '35–49'
                    : r.age < 65
                      ? '50–64'
                      : '65 and over',
        district: r.district,
        category: r.category,
        riskLevel: r.riskLevel,
        status: r.status,
      })),
    }
  }
}
