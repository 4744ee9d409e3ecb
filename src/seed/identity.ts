import { Temporal } from 'temporal-polyfill'
import type { Database } from '../data/database.ts'
import { loadPeople } from '../data/identity/identityRepository.ts'
import { createDataAccess } from '../data/index.ts'
import { personMatchKeys } from '../domain/identity/personRecord.ts'
import { nicknameFamilies } from '../domain/matching/nicknames.ts'
import { seededRandom } from '../domain/matching/random.ts'
import { normaliseName } from '../domain/people/names.ts'
import { IdentityService } from '../services/identity/identityService.ts'
import { bulkInsert, skipRowChecksIfPermitted } from './bulkInsert.ts'

/**
 * Plants realistic duplicates (the same subject recorded a second time, without their PNC ID, under a nickname, with
 * a typo or with day and month swapped) so the review queue has something to review, then indexes every person's
 * blocking keys, trains the match model and runs the duplicate scan. Deterministic: the same seed plants the same
 * duplicates.
 */
export async function seedIdentity(
  database: Database,
  options: { seed: number; today: Temporal.PlainDate },
): Promise<{ duplicates: number; queued: number }> {
  const { db } = database
  const random = seededRandom(options.seed * 7919 + 6)
  const at = new Date(`${options.today.toString()}T09:00:00Z`)
  const subjects = await db
    .selectFrom('subject as s')
    .innerJoin('person as p', 'p.id', 's.person_id')
    .select(['p.id', 'p.given_name', 'p.middle_names', 'p.family_name', 'p.date_of_birth', 'p.gender', 'p.ni_number'])
    .orderBy('s.reference')
    .execute()
  // About one subject in fifty has been recorded twice, and never fewer than a handful so the queue has content.
  const count = Math.min(subjects.length, Math.max(5, Math.round(subjects.length / 50)))
  const step = Math.max(1, Math.floor(subjects.length / Math.max(1, count)))
  const picked = Array.from({ length: count }, (_, i) => subjects[i * step]).filter(s => s !== undefined)
  const homes = new Map(
    (
      await db
        .selectFrom('person_address')
        .select(['person_id', 'address_id'])
        .where('person_id', 'in', picked.length > 0 ? picked.map(p => p.id) : [''])
        .where('to_date', 'is', null)
        .where('kind', '=', 'home')
        .execute()
    ).map(r => [r.person_id, r.address_id]),
  )
  let planted = 0
  for (const [i, original] of picked.entries()) {
    const variant = corrupt(original, i, random)
    const person = await db
      .insertInto('person')
      .values({
        ...variant,
        given_norm: normaliseName(variant.given_name),
        family_norm: normaliseName(variant.family_name),
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const home = homes.get(original.id)
    // Most second records were taken at the same address (a custody record, a household member of a partner).
    if (home !== undefined && i % 4 !== 3) {
      await db
        .insertInto('person_address')
        .values({
          person_id: person.id,
          address_id: home,
          kind: 'home',
          from_date: options.today.subtract({ years: 1 }).toString(),
          created_at: at,
        })
        .execute()
    }
    planted++
  }
  const people = await loadPeople(db)
  const keys = people.flatMap(p => personMatchKeys(p).map(key => ({ key, person_id: p.id })))
  // About a million keys at national scale: bulk, as the other seed stages (every person_id was just read).
  await db.transaction().execute(async trx => {
    await skipRowChecksIfPermitted(trx)
    await bulkInsert(trx, 'person_match_key', keys, { skipConflicts: true })
  })
  const clock = { now: () => Temporal.Instant.from(at.toISOString()) }
  const identity = new IdentityService(createDataAccess(database), clock)
  // A smaller random-pair sample keeps seeding quick; u barely moves beyond a few hundred thousand pairs.
  await identity.train('seed', { uSamplePairs: 300_000 })
  const scan = await identity.scan()
  return { duplicates: planted, queued: scan.queued }
}

interface Original {
  given_name: string
  middle_names: string | null
  family_name: string
  date_of_birth: string | null
  gender: 'male' | 'female' | 'other' | 'unknown'
  ni_number: string | null
}

/** One of the mistakes police records really carry, chosen in turn so every kind appears. */
function corrupt(o: Original, i: number, random: () => number) {
  const base = {
    given_name: o.given_name,
    middle_names: null as string | null,
    family_name: o.family_name,
    date_of_birth: o.date_of_birth,
    gender: o.gender,
    pnc_id: null as string | null,
    ni_number: null as string | null,
  }
  switch (i % 5) {
    case 0:
      return { ...base, given_name: nickname(o.given_name, random) }
    case 1:
      return { ...base, family_name: typo(o.family_name, random) }
    case 2:
      return { ...base, date_of_birth: swapDayAndMonth(o.date_of_birth), middle_names: o.middle_names }
    case 3:
      return { ...base, given_name: typo(o.given_name, random), ni_number: o.ni_number }
    default:
      return { ...base, given_name: nickname(o.given_name, random), family_name: typo(o.family_name, random) }
  }
}

function nickname(name: string, random: () => number): string {
  const family = nicknameFamilies.map(line => line.split(' ')).find(names => names.includes(name.toLowerCase()))
  const others = family?.filter(n => n !== name.toLowerCase()) ?? []
  if (others.length === 0) return typo(name, random)
  const other = others[Math.floor(random() * others.length)] as string
  return other.charAt(0).toUpperCase() + other.slice(1)
}

/** A transposition of two neighbouring letters after the first: the commonest keying slip. */
function typo(value: string, random: () => number): string {
  if (value.length < 4) return value + value.charAt(value.length - 1)
  const at = 1 + Math.floor(random() * (value.length - 2))
  return value.slice(0, at) + value.charAt(at + 1) + value.charAt(at) + value.slice(at + 2)
}

function swapDayAndMonth(dob: string | null): string | null {
  if (dob === null) return null
  const [year, month, day] = dob.split('-')
  if (Number(day) > 12 || day === month)
    return `${year}-${month}-${String(Math.min(28, Number(day) + 1)).padStart(2, '0')}`
  return `${year}-${day}-${month}`
}
