import { sql, type Kysely } from 'kysely'
import type { DB } from '../schema.ts'

export interface DistrictCounts {
  district: string
  total: number
  veryHigh: number
  high: number
  medium: number
  low: number
  rso: number
  rasso: number
}

export interface AnalysisSampleRow {
  id: string
  age: number | null
  district: string
  category: string
  riskLevel: string | null
  status: string
}

/** Aggregates for analysts: counts by district, and a sample of open cases with age in years (banded later). */
export function analysisRepository(db: Kysely<DB>) {
  return {
    async countsByDistrict(): Promise<DistrictCounts[]> {
      const result = await sql<DistrictCounts>`
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
      return result.rows
    },

    async sample(today: string, limit: number): Promise<AnalysisSampleRow[]> {
      const result = await sql<AnalysisSampleRow>`
        select s.id, extract(year from age(${today}::date, p.date_of_birth))::int as age, d.name as district,
          s.category, s.risk_level as "riskLevel", s.status
        from subject s join person p on p.id = s.person_id join team t on t.id = s.managing_team_id
          join district d on d.code = t.district_code
        where s.status <> 'ended' order by s.id limit ${limit}`.execute(db)
      return result.rows
    },
  }
}
