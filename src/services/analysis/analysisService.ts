import { createHmac } from 'node:crypto'
import type { Clock } from '../../domain/clock.ts'
import { nowDate, todayIn } from '../../domain/clock.ts'
import type { Actor } from '../../domain/access/actor.ts'
import { canSeeAggregates } from '../../domain/access/policy.ts'
import { Forbidden } from '../../domain/errors.ts'
import type { DistrictCounts } from '../../data/analysis/analysisRepository.ts'
import type { DataAccess } from '../../data/index.ts'

const SAMPLE_SIZE = 100

/**
 * What analysts see: counts, and lists where each subject is a stable pseudonym (an HMAC of the
 * id under a server key) with banded age — enough to study patterns, not to identify anyone.
 */
export class AnalysisService {
  constructor(
    private readonly data: DataAccess,
    private readonly clock: Clock,
    private readonly pseudonymKey: string,
  ) {}

  pseudonym(subjectId: string): string {
    return `P-${createHmac('sha256', this.pseudonymKey).update(subjectId).digest('hex').slice(0, 10).toUpperCase()}`
  }

  async overview(actor: Actor): Promise<{
    byDistrict: DistrictCounts[]
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
    const { repos } = this.data
    const byDistrict = await repos.analysis.countsByDistrict()
    const sample = await repos.analysis.sample(todayIn(this.clock).toString(), SAMPLE_SIZE)
    await repos.audit.append(nowDate(this.clock), [
      {
        actorId: actor.id,
        actorUsername: actor.username,
        operation: 'consult',
        recordType: 'aggregates',
        correlationId: actor.correlationId,
        details: { pseudonymisedRows: sample.length },
      },
    ])
    return {
      byDistrict,
      sample: sample.map(r => ({
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
