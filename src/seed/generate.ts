import { Faker, base, en, en_GB } from '@faker-js/faker'
import { Temporal } from 'temporal-polyfill'
import { GM_DISTRICTS, OUTWARD_CODES } from '../domain/geography/districts.ts'
import { pointInPolygon } from '../domain/geography/pointInPolygon.ts'
import { normaliseName } from '../domain/people/names.ts'
import { pncCheckLetter } from '../domain/people/identifiers.ts'
import type { Geography, Lsoa } from './geography.ts'
import type { RiskLevel, Role, SubjectCategory, SubjectStatus } from '../data/schema.ts'

/**
 * Synthetic Greater Manchester data. Every name, date and identifier is invented by a seeded
 * generator: the same seed gives the same data, and none of it describes a real person.
 * Places are real (ONS geography) because offender managers plan visits on real streets.
 */
export function createFaker(seed: number): Faker {
  const faker = new Faker({ locale: [en_GB, en, base] })
  faker.seed(seed)
  return faker
}

/** National mix of risk levels among managed offenders (issue 2): ~2% very high, 18% high, 30% medium, 50% low. */
const RISK_MIX: Array<[RiskLevel, number]> = [
  ['very_high', 0.02],
  ['high', 0.18],
  ['medium', 0.3],
  ['low', 0.5],
]

const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ'

export interface StaffSeed {
  id: string
  username: string
  display_name: string
  email: string
  role: Role
  team_id: string | null
  supervisor_id: string | null
  agency: string | null
  collar_number: string | null
  accreditations: string[]
  capacity: number
}

export interface TeamSeed {
  id: string
  name: string
  district_code: string
  station_name: string
  station_lat: number
  station_lon: number
}

export interface SubjectSeedRows {
  person: Array<Record<string, unknown>>
  person_alias: Array<Record<string, unknown>>
  address: Array<Record<string, unknown>>
  person_address: Array<Record<string, unknown>>
  household: Array<Record<string, unknown>>
  household_member: Array<Record<string, unknown>>
  subject: Array<Record<string, unknown>>
}

export class SeedGenerator {
  private readonly lsoasByDistrict = new Map<string, Lsoa[]>()
  readonly teams: TeamSeed[] = []
  readonly staff: StaffSeed[] = []
  private readonly omsByTeam = new Map<string, StaffSeed[]>()
  private omCursor = new Map<string, number>()
  private subjectCount = 0

  constructor(
    private readonly faker: Faker,
    private readonly geography: Geography,
    private readonly today: Temporal.PlainDate,
  ) {
    for (const lsoa of geography.lsoas) {
      const list = this.lsoasByDistrict.get(lsoa.districtCode) ?? []
      list.push(lsoa)
      this.lsoasByDistrict.set(lsoa.districtCode, list)
    }
  }

  /** One public-protection team per district, ~80 staff in all, plus the demo accounts (issue 2). */
  generateStaff(): void {
    const f = this.faker
    const totalLsoas = this.geography.lsoas.length
    for (const district of GM_DISTRICTS) {
      const lsoas = this.lsoasByDistrict.get(district.code) ?? []
      const lat = lsoas.reduce((s, l) => s + (l.bbox.minLat + l.bbox.maxLat) / 2, 0) / Math.max(lsoas.length, 1)
      const lon = lsoas.reduce((s, l) => s + (l.bbox.minLon + l.bbox.maxLon) / 2, 0) / Math.max(lsoas.length, 1)
      const team: TeamSeed = {
        id: f.string.uuid(),
        name: `${district.name} public protection team`,
        district_code: district.code,
        station_name: `${district.name} police station`,
        station_lat: Number(lat.toFixed(5)),
        station_lon: Number(lon.toFixed(5)),
      }
      this.teams.push(team)
      const isDemoTeam = district.name === 'Trafford'
      const supervisor = this.newStaff('supervisor', team.id, null, isDemoTeam ? 'demo.supervisor' : undefined)
      // Offender managers in proportion to the district's population (its share of LSOAs): 62 in all.
      const oms = Math.max(3, Math.round((62 * lsoas.length) / totalLsoas))
      const teamOms: StaffSeed[] = []
      for (let i = 0; i < oms; i++) {
        teamOms.push(
          this.newStaff('offender_manager', team.id, supervisor.id, isDemoTeam && i === 0 ? 'demo.om' : undefined),
        )
      }
      this.omsByTeam.set(team.id, teamOms)
    }
    const head = this.newStaff('unit_head', null, null, 'demo.head')
    for (const s of this.staff) if (s.role === 'supervisor') s.supervisor_id = head.id
    this.newStaff('analyst', null, head.id, 'demo.analyst')
    this.newStaff('analyst', null, head.id)
    this.newStaff('investigator', null, head.id, 'demo.investigator')
    this.newStaff('investigator', null, head.id)
    this.newStaff('investigator', null, head.id)
    this.newStaff('partner', null, null, 'demo.partner', 'Probation Service')
    this.newStaff('partner', null, null, undefined, "Children's Services")
    this.newStaff('admin', null, null, 'demo.admin')
    this.newStaff('auditor', null, null, 'demo.auditor')
  }

  private newStaff(
    role: Role,
    teamId: string | null,
    supervisorId: string | null,
    username?: string,
    agency?: string,
  ): StaffSeed {
    const f = this.faker
    const given = f.person.firstName()
    const family = f.person.lastName()
    const base = `${normaliseName(given).replace(/ /g, '')}.${normaliseName(family).replace(/ /g, '')}`
    let name = username ?? base
    let n = 2
    while (this.staff.some(s => s.username === name)) name = `${base}${n++}`
    const police = role !== 'partner' && role !== 'auditor'
    const staff: StaffSeed = {
      id: f.string.uuid(),
      username: name,
      display_name: `${given} ${family}`,
      email: `${name}@${police ? 'gmp.police.example' : 'partner.example'}`,
      role,
      team_id: teamId,
      supervisor_id: supervisorId,
      agency: agency ?? null,
      collar_number: police ? String(f.number.int({ min: 1000, max: 29999 })) : null,
      accreditations: role === 'offender_manager' ? this.accreditations() : [],
      capacity: role === 'offender_manager' ? f.number.int({ min: 45, max: 60 }) : 0,
    }
    this.staff.push(staff)
    return staff
  }

  private accreditations(): string[] {
    const out = ['ARMS']
    if (this.faker.datatype.boolean(0.4)) out.push('RM2000')
    if (this.faker.datatype.boolean(0.2)) out.push('OCAIT')
    return out
  }

  /** Subjects, each with a person, aliases, address history and sometimes a household with children. */
  generateSubjects(count: number): SubjectSeedRows {
    const rows: SubjectSeedRows = {
      person: [],
      person_alias: [],
      address: [],
      person_address: [],
      household: [],
      household_member: [],
      subject: [],
    }
    for (let i = 0; i < count; i++) this.generateSubject(rows)
    return rows
  }

  private generateSubject(rows: SubjectSeedRows): void {
    const f = this.faker
    this.subjectCount++
    const category: SubjectCategory = f.datatype.boolean(0.85) ? 'rso' : 'rasso_suspect'
    const sex = f.datatype.boolean(category === 'rso' ? 0.97 : 0.95) ? 'male' : 'female'
    const age = Math.min(90, Math.max(18, Math.round(f.number.float({ min: 0, max: 1 }) ** 1.3 * 62 + 19)))
    const dob = this.today.subtract({ years: age, days: f.number.int({ min: 0, max: 364 }) })
    const person = this.newPerson(rows, sex, dob, category === 'rso')
    const risk = this.pickRisk()
    const lsoa = f.helpers.arrayElement(this.geography.lsoas)
    const team = this.teams.find(t => t.district_code === lsoa.districtCode) ?? this.teams[0]
    if (!team) throw new Error('Seeding needs at least one team')
    const registeredOn = this.today.subtract({ days: f.number.int({ min: 30, max: 365 * 18 }) })
    const status: SubjectStatus =
      risk === 'low' && f.datatype.boolean(0.1) ? 'reactive' : f.datatype.boolean(0.06) ? 'in_custody' : 'active'

    // Address history: earlier homes (ended), then the current home; ~1% have no fixed abode.
    const moves = f.number.int({ min: 0, max: 3 })
    let from = registeredOn.subtract({ days: f.number.int({ min: 0, max: 400 }) })
    const firstFrom = from
    for (let m = 0; m < moves; m++) {
      const to = from.add({ days: f.number.int({ min: 60, max: 900 }) })
      if (Temporal.PlainDate.compare(to, this.today) >= 0) break
      const old = this.newAddress(rows, f.helpers.arrayElement(this.geography.lsoas))
      rows.person_address.push(this.personAddress(person, old, 'home', from, to))
      from = to.add({ days: 1 })
    }
    if (Temporal.PlainDate.compare(from, this.today) > 0) from = firstFrom
    const nfa = f.datatype.boolean(0.01)
    const home = this.newAddress(rows, lsoa, nfa)
    rows.person_address.push(this.personAddress(person, home, nfa ? 'nfa' : 'home', from, null))
    if (f.datatype.boolean(0.05)) {
      const other = this.newAddress(rows, f.helpers.arrayElement(this.geography.lsoas))
      rows.person_address.push(this.personAddress(person, other, 'other', from, null))
    }

    // ~22% live with others; half of those households include a child under 18.
    if (!nfa && f.datatype.boolean(0.22)) this.newHousehold(rows, home, person)

    const oms = this.omsByTeam.get(team.id) ?? []
    const unallocated = f.datatype.boolean(0.03) || oms.length === 0
    let manager: StaffSeed | undefined
    if (!unallocated) {
      const cursor = this.omCursor.get(team.id) ?? 0
      manager = oms[cursor % oms.length]
      this.omCursor.set(team.id, cursor + 1)
    }
    rows.subject.push({
      id: f.string.uuid(),
      reference: `VGL-${String(this.subjectCount).padStart(6, '0')}`,
      person_id: person,
      category,
      status,
      risk_level: risk,
      managing_team_id: team.id,
      offender_manager_id: manager?.id ?? null,
      registered_on: registeredOn.toString(),
      created_at: this.instantOf(registeredOn),
      updated_at: this.instantOf(registeredOn),
    })
  }

  private pickRisk(): RiskLevel {
    let r = this.faker.number.float({ min: 0, max: 1 })
    for (const [level, share] of RISK_MIX) {
      if (r < share) return level
      r -= share
    }
    return 'low'
  }

  private newPerson(
    rows: SubjectSeedRows,
    sex: 'male' | 'female',
    dob: Temporal.PlainDate,
    convicted: boolean,
  ): string {
    const f = this.faker
    const id = f.string.uuid()
    const given = f.person.firstName(sex)
    const family = f.person.lastName()
    const middle = f.datatype.boolean(0.4) ? f.person.firstName(sex) : null
    const year = String(dob.year + f.number.int({ min: 16, max: 30 })).slice(2)
    const serial = String(f.number.int({ min: 1, max: 9_999_999 })).padStart(7, '0')
    rows.person.push({
      id,
      given_name: given,
      middle_names: middle,
      family_name: family,
      given_norm: normaliseName(given),
      family_norm: normaliseName(family),
      date_of_birth: dob.toString(),
      gender: sex,
      pnc_id: convicted || f.datatype.boolean(0.1) ? `${year}/${serial}${pncCheckLetter(year, serial)}` : null,
      ni_number: f.datatype.boolean(0.8) ? this.niNumber() : null,
      created_at: new Date('2010-01-01T00:00:00Z'),
      updated_at: new Date('2010-01-01T00:00:00Z'),
    })
    // ~15% are known by other names: a different surname, or a nickname.
    if (f.datatype.boolean(0.15)) {
      const aliases = f.number.int({ min: 1, max: 2 })
      for (let a = 0; a < aliases; a++) {
        const kind = f.helpers.arrayElement(['alias', 'previous', 'nickname'] as const)
        const aliasGiven = kind === 'previous' ? given : f.person.firstName(sex)
        const aliasFamily = kind === 'nickname' ? family : f.person.lastName()
        rows.person_alias.push({
          id: f.string.uuid(),
          person_id: id,
          given_name: aliasGiven,
          family_name: aliasFamily,
          given_norm: normaliseName(aliasGiven),
          family_norm: normaliseName(aliasFamily),
          kind,
          created_at: new Date('2010-01-01T00:00:00Z'),
        })
      }
    }
    return id
  }

  private niNumber(): string {
    const f = this.faker
    const first = f.helpers.arrayElement('ABCEGHJKLMNPRSTWXYZ'.split(''))
    const second = f.helpers.arrayElement('ABCEGHJKLMNPRSTWXYZ'.split(''))
    const prefix = ['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'].includes(first + second) ? 'AB' : first + second
    return `${prefix}${String(f.number.int({ min: 0, max: 999_999 })).padStart(6, '0')}${f.helpers.arrayElement(['A', 'B', 'C', 'D'])}`
  }

  private newAddress(rows: SubjectSeedRows, lsoa: Lsoa, nfa = false): string {
    const f = this.faker
    const id = f.string.uuid()
    const district = GM_DISTRICTS.find(d => d.code === lsoa.districtCode)
    const real = this.geography.postcodesByLsoa.get(lsoa.code)
    let postcode: string
    let point: { lat: number; lon: number }
    let locality = lsoa.wardName
    if (real && real.length > 0) {
      const p = f.helpers.arrayElement(real)
      postcode = p.postcode
      point = { lat: p.lat, lon: p.lon }
      locality = p.locality || locality
    } else {
      const outward = f.helpers.arrayElement(
        (OUTWARD_CODES as Partial<Record<string, readonly string[]>>)[lsoa.districtCode] ?? ['M1'],
      )
      postcode = `${outward} ${f.number.int({ min: 1, max: 9 })}${f.helpers.arrayElement(INWARD_LETTERS.split(''))}${f.helpers.arrayElement(INWARD_LETTERS.split(''))}`
      point = this.pointIn(lsoa)
    }
    rows.address.push({
      id,
      line1: nfa
        ? `No fixed abode: ${f.helpers.arrayElement(['sleeps near', 'frequents', 'reports staying around'])} ${f.location.street()}`
        : `${f.number.int({ min: 1, max: 240 })} ${f.location.street()}`,
      line2: locality,
      town: district?.name ?? 'Manchester',
      postcode: nfa ? null : postcode,
      lat: Number(point.lat.toFixed(6)),
      lon: Number(point.lon.toFixed(6)),
      district_code: lsoa.districtCode,
      lsoa_code: lsoa.code,
      created_at: new Date('2010-01-01T00:00:00Z'),
    })
    return id
  }

  /** A random point inside the LSOA (rejection sampling within its bounding box). */
  private pointIn(lsoa: Lsoa): { lat: number; lon: number } {
    const f = this.faker
    const { minLon, minLat, maxLon, maxLat } = lsoa.bbox
    for (let attempt = 0; attempt < 50; attempt++) {
      const lon = f.number.float({ min: minLon, max: maxLon })
      const lat = f.number.float({ min: minLat, max: maxLat })
      if (lsoa.polygons.some(p => pointInPolygon(lon, lat, p))) return { lat, lon }
    }
    return { lat: (minLat + maxLat) / 2, lon: (minLon + maxLon) / 2 }
  }

  private personAddress(
    person: string,
    address: string,
    kind: 'home' | 'other' | 'nfa',
    from: Temporal.PlainDate,
    to: Temporal.PlainDate | null,
  ): Record<string, unknown> {
    return {
      id: this.faker.string.uuid(),
      person_id: person,
      address_id: address,
      kind,
      from_date: from.toString(),
      to_date: to?.toString() ?? null,
      created_at: this.instantOf(from),
    }
  }

  private newHousehold(rows: SubjectSeedRows, address: string, subjectPerson: string): void {
    const f = this.faker
    const household = f.string.uuid()
    const since = this.today.subtract({ days: f.number.int({ min: 10, max: 2000 }) })
    rows.household.push({ id: household, address_id: address, created_at: this.instantOf(since) })
    const member = (person: string, relationship: string) =>
      rows.household_member.push({
        id: f.string.uuid(),
        household_id: household,
        person_id: person,
        relationship,
        from_date: since.toString(),
        to_date: null,
      })
    member(subjectPerson, 'subject')
    const partnerSex = f.datatype.boolean(0.9) ? 'female' : 'male'
    const partnerAge = f.number.int({ min: 20, max: 70 })
    member(
      this.newPerson(
        rows,
        partnerSex,
        this.today.subtract({ years: partnerAge, days: f.number.int({ min: 0, max: 364 }) }),
        false,
      ),
      'partner',
    )
    if (f.datatype.boolean(0.5)) {
      const children = f.number.int({ min: 1, max: 3 })
      for (let c = 0; c < children; c++) {
        const childAge = f.number.int({ min: 0, max: 17 })
        const childDob = this.today.subtract({ years: childAge, days: f.number.int({ min: 0, max: 364 }) })
        member(this.newPerson(rows, f.datatype.boolean() ? 'male' : 'female', childDob, false), 'child of partner')
      }
    }
  }

  private instantOf(date: Temporal.PlainDate): Date {
    return new Date(`${date.toString()}T09:00:00Z`)
  }
}
