import { Temporal } from 'temporal-polyfill'
import type { Database } from '../data/database.ts'
import type { Role } from '../domain/access/actor.ts'
import { referralRepository } from '../data/ocait/referralRepository.ts'
import { demoTotpSecret } from '../domain/auth/totp.ts'
import { LONDON } from '../domain/clock.ts'
import { DEFAULT_OCAIT_SETTINGS } from '../domain/ocait/settings.ts'
import { actionDueAt, DEFAULT_TRIAGE_QUESTIONNAIRE, triage, triageDueAt } from '../domain/ocait/triage.ts'
import { mulberry32, uuidFor } from './deterministic.ts'

/**
 * The Online Child Abuse Investigation Team and its synthetic referrals (issue 14). Everything here is made up:
 * IP addresses come only from the documentation ranges (RFC 5737 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 and
 * RFC 3849 2001:db8::/32), which belong to nobody; account names are "synthetic_user_NNNN" on an "Example Platform";
 * suspects are named after seeded (synthetic) people, so identity resolution has something to find.
 */
export const OCAIT_TEAM_NAME = 'Online Child Abuse Investigation Team'

export interface OcaitSeedOptions {
  seed: number
  today: Temporal.PlainDate
  passwordHash: string
  sealSecret: (secret: string) => string
  /** How many referrals (default 24). */
  referrals?: number
}

const PLATFORMS = ['Example Platform', 'Example Chat', 'Example Video']
const IP_PREFIXES = ['192.0.2.', '198.51.100.', '203.0.113.']
const ZONES = ['America/Los_Angeles', 'UTC', 'America/New_York', 'Europe/London']

export async function seedOcait(
  database: Database,
  options: OcaitSeedOptions,
): Promise<Array<{ username: string; role: Role }>> {
  const { db } = database
  const random = mulberry32(options.seed * 4099 + 14)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  const head = await db.selectFrom('staff').select('id').where('username', '=', 'demo.head').executeTakeFirst()
  const district = await db.selectFrom('district').select('code').where('name', '=', 'Manchester').executeTakeFirst()
  const anyDistrict = district ?? (await db.selectFrom('district').select('code').orderBy('code').executeTakeFirst())
  if (!anyDistrict) return []
  const teamId = uuidFor(`ocait-team-${String(options.seed)}`)
  await db
    .insertInto('team')
    .values({
      id: teamId,
      name: OCAIT_TEAM_NAME,
      district_code: anyDistrict.code,
      station_name: 'Force headquarters',
      station_lat: 53.4808,
      station_lon: -2.2426,
    })
    .execute()
  const enrolled = new Date(`${options.today.toString()}T00:00:00Z`)
  const staff = [
    { username: 'demo.ocait.supervisor', name: 'Dana Okafor', role: 'supervisor' as const, agency: null },
    { username: 'demo.ocait', name: 'Rowan Ellery', role: 'investigator' as const, agency: null },
    { username: 'ocait.investigator2', name: 'Sam Whitlow', role: 'investigator' as const, agency: null },
    { username: 'demo.childrens', name: 'Jordan Pike', role: 'partner' as const, agency: "Children's Services" },
    {
      username: 'demo.lado',
      name: 'Morgan Tess',
      role: 'partner' as const,
      agency: 'Local Authority Designated Officer',
    },
  ]
  const ids = new Map<string, string>()
  for (const s of staff) {
    const id = uuidFor(`ocait-staff-${s.username}-${String(options.seed)}`)
    ids.set(s.username, id)
    const police = s.role !== 'partner'
    await db
      .insertInto('staff')
      .values({
        id,
        username: s.username,
        display_name: s.name,
        email: `${s.username}@${police ? 'gmp.police.example' : 'partner.example'}`,
        role: s.role,
        team_id: police ? teamId : null,
        supervisor_id:
          s.role === 'supervisor' ? (head?.id ?? null) : police ? (ids.get('demo.ocait.supervisor') ?? null) : null,
        agency: s.agency,
        collar_number: police ? String(20000 + Math.floor(random() * 9000)) : null,
        accreditations: police ? ['OCAIT'] : [],
        capacity: 0,
        password_hash: options.passwordHash,
        totp_secret: options.sealSecret(demoTotpSecret(options.seed, s.username)),
        totp_enrolled_at: enrolled,
      })
      .execute()
  }

  // Suspects named after seeded people (another team's subjects), some with a slip, for identity resolution.
  const people = await db
    .selectFrom('subject as s')
    .innerJoin('person as p', 'p.id', 's.person_id')
    .select(['p.given_name', 'p.family_name', 'p.date_of_birth'])
    .orderBy('s.reference', 'desc')
    .limit(6)
    .execute()
  const officers = [ids.get('demo.ocait'), ids.get('ocait.investigator2')].filter((x): x is string => x !== undefined)
  const repo = referralRepository(db)
  const now = Temporal.PlainDateTime.from(`${options.today.toString()}T09:00`).toZonedDateTime(LONDON).toInstant()
  const questions = DEFAULT_TRIAGE_QUESTIONNAIRE.questions.map(q => q.id)
  const count = options.referrals ?? 24
  for (let i = 0; i < count; i++) {
    const receivedAt = now.subtract({ hours: Math.floor(random() * 24 * 60) + 2 })
    const person = i % 4 === 0 ? people[(i / 4) % Math.max(people.length, 1)] : undefined
    const platform = pick(PLATFORMS)
    const officerId = pick(officers)
    const uploads = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
      const at = receivedAt.subtract({ hours: 24 + Math.floor(random() * 24 * 20) })
      const zone = pick(ZONES)
      const local = at.toZonedDateTimeISO(zone).toPlainDateTime().toString({ smallestUnit: 'minute' })
      return {
        ip:
          random() < 0.15
            ? `2001:db8::${(1 + Math.floor(random() * 4000)).toString(16)}`
            : `${pick(IP_PREFIXES)}${String(1 + Math.floor(random() * 250))}`,
        uploadedAt: new Date(at.epochMilliseconds),
        reportedTime: local,
        reportedZone: zone,
      }
    })
    const source = i % 7 === 3 ? 'other-force' : i % 5 === 4 ? 'proactive' : 'national'
    const id = await repo.insert({
      reference: await repo.nextReference(),
      owningTeamId: teamId,
      officerId,
      source,
      sourceReference: source === 'national' ? `SYN-CT-${String(100 + i).padStart(4, '0')}` : null,
      otherForce: source === 'other-force' ? 'Example Constabulary (synthetic)' : null,
      receivedAt: new Date(receivedAt.epochMilliseconds),
      platform,
      images: { a: Math.floor(random() * 3), b: Math.floor(random() * 8), c: Math.floor(random() * 40) },
      summary: `Synthetic ${source === 'proactive' ? 'proactive investigation' : 'referral'}: uploads of indecent images reported by ${platform}.`,
      suspect: {
        givenName: person?.given_name ?? null,
        familyName: person ? (i % 8 === 0 ? `${person.family_name}e` : person.family_name) : null,
        dateOfBirth: person?.date_of_birth ?? null,
        postcode: null,
      },
      triageDueAt: new Date(triageDueAt(receivedAt, DEFAULT_OCAIT_SETTINGS).epochMilliseconds),
      createdAt: new Date(receivedAt.epochMilliseconds),
      createdBy: officerId,
      accounts: [{ platform, kind: 'username', value: `synthetic_user_${String(1000 + i)}` }],
      uploads,
    })
    // Most are triaged; a few wait (some past their 24 hours), so every queue has something to show.
    if (i % 6 === 5) continue
    const answers = Object.fromEntries(
      questions.map(q => [q, random() < 0.25 ? 'yes' : random() < 0.1 ? 'unknown' : 'no']),
    )
    const result = triage({ answers }, { mayLowerGrade: false })
    const triagedAt = receivedAt.add({ hours: 1 + Math.floor(random() * 20) })
    const due = actionDueAt(result.grade, { receivedAt, triagedAt }, DEFAULT_OCAIT_SETTINGS)
    await repo.recordTriage(id, 1, {
      grade: result.grade,
      result,
      at: new Date(triagedAt.epochMilliseconds),
      by: officerId,
      actionDueAt: new Date(due.epochMilliseconds),
    })
  }
  return staff.filter(s => s.username.startsWith('demo.')).map(s => ({ username: s.username, role: s.role }))
}
