import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { parse } from 'csv-parse/sync'
import { sql } from 'kysely'
import { Temporal } from 'temporal-polyfill'
import type { Database } from '../../src/data/database.ts'
import { normalisePostcode } from '../../src/domain/people/postcode.ts'
import { districtForOutwardCode } from '../../src/domain/geography/districts.ts'
import { seedDatabase } from '../../src/seed/seed.ts'
import { createTestDatabase } from '../support/db.ts'

const TODAY = Temporal.PlainDate.from('2026-11-23')
const options = (seed: number) => ({
  subjects: 800,
  seed,
  today: TODAY,
  passwordHash: 'not-a-hash',
  sealSecret: (s: string) => `sealed:${s}`,
  sharedDataDir: '../shared/data',
})

/** A fingerprint of the people and places a seed produced. */
async function fingerprint(database: Database): Promise<string> {
  const rows = await sql<{ line: string }>`
    select p.given_name || '|' || p.family_name || '|' || coalesce(p.date_of_birth::text, '') || '|' ||
      coalesce(a.postcode, '') || '|' || s.reference || '|' || coalesce(s.risk_level, '') as line
    from subject s join person p on p.id = s.person_id
    left join person_address pa on pa.person_id = p.id and pa.to_date is null and pa.kind <> 'other'
    left join address a on a.id = pa.address_id
    order by s.reference`.execute(database.db)
  return rows.rows.map(r => r.line).join('\n')
}

describe('synthetic Greater Manchester data', () => {
  let first: Database
  let second: Database
  let other: Database
  const drops: Array<() => Promise<void>> = []
  before(async () => {
    for (const target of [1, 2, 3]) {
      const { database, drop } = await createTestDatabase('pglite')
      drops.push(drop)
      await seedDatabase(database, options(target === 3 ? 99 : 42))
      if (target === 1) first = database
      else if (target === 2) second = database
      else other = database
    }
  })
  after(async () => {
    for (const drop of drops) await drop()
  })

  test('the same seed gives the same data; another seed gives other data', async () => {
    const a = await fingerprint(first)
    assert.equal(a, await fingerprint(second))
    assert.notEqual(a, await fingerprint(other))
  })

  test('risk levels follow the national mix (about 2% very high, 18% high, 30% medium, 50% low)', async () => {
    const rows = await sql<{
      risk_level: string
      n: number
    }>`select risk_level, count(*)::int as n from subject where reference like 'VGL-%' group by risk_level`.execute(
      first.db,
    )
    const share = (level: string) => (rows.rows.find(r => r.risk_level === level)?.n ?? 0) / 800
    assert.ok(Math.abs(share('very_high') - 0.02) < 0.02)
    assert.ok(Math.abs(share('high') - 0.18) < 0.05)
    assert.ok(Math.abs(share('medium') - 0.3) < 0.06)
    assert.ok(Math.abs(share('low') - 0.5) < 0.06)
  })

  test('ten districts with their ONS codes, a team in each, about 80 staff', async () => {
    const districts = await first.db.selectFrom('district').select('code').orderBy('code').execute()
    assert.deepEqual(
      districts.map(d => d.code),
      Array.from({ length: 10 }, (_, i) => `E080000${String(i + 1).padStart(2, '0')}`),
    )
    const teams = await first.db
      .selectFrom('team')
      .select(first.db.fn.countAll<number>().as('n'))
      .where('name', 'like', '% public protection team')
      .executeTakeFirstOrThrow()
    assert.equal(teams.n, 10)
    const staff = await first.db
      .selectFrom('staff')
      .select(first.db.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    assert.ok(staff.n >= 75 && staff.n <= 90, `${staff.n} staff`)
  })

  test('addresses sit in real Greater Manchester geography: real Trafford postcodes, right outward codes elsewhere', async () => {
    const trafford = new Set(
      parse<{ postcode: string }>(readFileSync('../shared/data/geography/trafford_postcodes_onspd_2025-02.csv'), {
        columns: true,
      }).map(r => r.postcode),
    )
    const addresses = await first.db
      .selectFrom('address')
      .select(['postcode', 'district_code', 'lsoa_code', 'lat', 'lon'])
      .where('postcode', 'is not', null)
      .execute()
    assert.ok(addresses.length > 800)
    for (const a of addresses) {
      assert.equal(normalisePostcode(a.postcode!), a.postcode, `${a.postcode} is a well-formed postcode`)
      assert.ok(a.lat! > 53.3 && a.lat! < 53.7 && a.lon! > -2.8 && a.lon! < -1.9, 'inside Greater Manchester')
      if (a.district_code === 'E08000009')
        assert.ok(trafford.has(a.postcode!), `${a.postcode} is a real Trafford postcode`)
      else assert.equal(districtForOutwardCode(a.postcode!.split(' ')[0]!), a.district_code)
    }
  })

  test('some subjects live with children, and some are known by other names', async () => {
    const children = await sql<{ n: number }>`
      select count(distinct hm.household_id)::int as n from household_member hm join person p on p.id = hm.person_id
      where p.date_of_birth > ${TODAY.subtract({ years: 18 }).toString()}::date`.execute(first.db)
    assert.ok((children.rows[0]?.n ?? 0) > 20)
    const aliases = await first.db
      .selectFrom('person_alias')
      .select(first.db.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    assert.ok(aliases.n > 50)
  })

  test('the demo offender manager manages seeded subjects in the team their supervisor runs', async () => {
    const om = await first.db
      .selectFrom('staff')
      .select(['id', 'team_id', 'supervisor_id'])
      .where('username', '=', 'demo.om')
      .executeTakeFirstOrThrow()
    const supervisor = await first.db
      .selectFrom('staff')
      .select(['id', 'team_id'])
      .where('username', '=', 'demo.supervisor')
      .executeTakeFirstOrThrow()
    assert.equal(om.supervisor_id, supervisor.id)
    assert.equal(om.team_id, supervisor.team_id)
    const managed = await first.db
      .selectFrom('subject')
      .select(first.db.fn.countAll<number>().as('n'))
      .where('offender_manager_id', '=', om.id)
      .executeTakeFirstOrThrow()
    assert.ok(managed.n > 3)
  })
})
