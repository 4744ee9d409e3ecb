import { sql } from 'kysely'
import { Temporal } from 'temporal-polyfill'
import type { Actor } from '../../src/domain/access/actor.ts'
import { nowDate, todayIn, type Clock } from '../../src/domain/clock.ts'
import { GM_DISTRICTS } from '../../src/domain/geography/districts.ts'
import { demoTotpSecret } from '../../src/domain/auth/totp.ts'
import { normaliseName } from '../../src/domain/people/names.ts'
import type { Database } from '../../src/data/database.ts'
import type { AddressKind, RiskLevel, Role, SubjectCategory, SubjectStatus } from '../../src/data/schema.ts'
import { hashPassword } from '../../src/services/auth/passwords.ts'
import { actorNamed, DEMO_PASSWORD } from './app.ts'

/**
 * Test data made to order on a fresh (or seeded) database: each test inserts exactly the people,
 * teams and records it reads, so no test depends on another test or on the seed's order.
 *
 *     const f = factories(database, clock)
 *     const team = await f.newTeam()
 *     const om = await f.newStaff('offender_manager', { team })
 *     const s = await f.newSubject({ team, manager: om, risk: 'high' })
 *
 * The rows go in directly (there is no repository that creates staff, teams or subjects outside a use
 * case, and using the use cases would add audit rows and alerts the test did not ask for). Dates come
 * from the injected clock. Names carry a per-process counter, so two factories on one database never
 * collide, nor with the seed's own rows.
 */

export type DistrictName = (typeof GM_DISTRICTS)[number]['name']

export interface Team {
  id: string
  name: string
  districtCode: string
  districtName: string
  stationName: string
}

/** A staff member as the services see them (an `Actor`), plus who supervises them. */
export interface Staff extends Actor {
  supervisorId: string | null
}

export interface AddressSpec {
  line1?: string
  line2?: string | null
  town?: string
  postcode?: string | null
  /** A Greater Manchester district by name; defaults to the managing team's district. `null`: outside the force area. */
  district?: DistrictName | null
}

export interface Address {
  id: string
  line1: string
  line2: string | null
  town: string
  postcode: string | null
}

export interface PersonSpec {
  givenName?: string
  middleNames?: string | null
  familyName?: string
  dateOfBirth?: string | null
  gender?: 'male' | 'female' | 'other' | 'unknown'
  pncId?: string | null
  niNumber?: string | null
}

export interface HouseholdMemberSpec extends PersonSpec {
  relationship: string
}

export interface SubjectOptions {
  /** The managing team; defaults to the manager's team, else a new team. */
  team?: Team
  risk?: RiskLevel | null
  /**
   * Others living at the subject's home: `true` gives a partner and her child (aged 9), or list the
   * members. The subject is a member too.
   */
  household?: true | HouseholdMemberSpec[]
  /** The offender manager (`null` or omitted: unallocated); any actor, e.g. a seeded one from `actorNamed`. */
  manager?: Actor | null
  category?: SubjectCategory
  status?: SubjectStatus
  /** The current home: omitted gives a Trafford-style street in the team's district; 'nfa' records no fixed abode. */
  address?: AddressSpec | 'nfa'
  person?: PersonSpec
  registeredOn?: string
  healthNotes?: string | null
  victimNotes?: string | null
}

export interface Subject {
  id: string
  reference: string
  personId: string
  teamId: string
  managerId: string | null
  /** The current home address (absent for no fixed abode). */
  addressId: string | null
  householdId: string | null
  dateOfBirth: string | null
  givenName: string
  familyName: string
}

/** A subject whose offender manager has a supervisor: the usual case for register and alert tests. */
export interface ManagedSubject extends Subject {
  team: Team
  om: Staff
  omId: string
  supervisor: Staff
  supervisorId: string
}

let sequence = 0
const next = () => ++sequence
const unique = () => `${process.pid.toString(36)}${next()}`

let passwordHash: Promise<string> | undefined

export function factories(database: Database, clock: Clock, options: { sealSecret?: (secret: string) => string } = {}) {
  const { db } = database
  const now = () => nowDate(clock)
  const today = () => todayIn(clock).toString()

  async function ensureDistrict(name: DistrictName): Promise<{ code: string; name: string }> {
    const district = GM_DISTRICTS.find(d => d.name === name)
    if (!district) throw new Error(`no district ${name}`)
    await db
      .insertInto('district')
      .values({ code: district.code, name: district.name })
      .onConflict(oc => oc.column('code').doNothing())
      .execute()
    return district
  }

  async function newAddress(spec: AddressSpec = {}, fallbackDistrict: DistrictName = 'Trafford'): Promise<Address> {
    const districtName = spec.district === undefined ? fallbackDistrict : spec.district
    const district = districtName ? await ensureDistrict(districtName) : null
    const values = {
      line1: spec.line1 ?? `${next()} Factory Street`,
      line2: spec.line2 ?? null,
      town: spec.town ?? 'Sale',
      postcode: spec.postcode === undefined ? 'M33 7AA' : spec.postcode,
    }
    const row = await db
      .insertInto('address')
      .values({ ...values, district_code: district?.code ?? null, created_at: now() })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { id: row.id, ...values }
  }

  async function newPerson(
    spec: PersonSpec = {},
  ): Promise<{ id: string; givenName: string; familyName: string; dateOfBirth: string | null }> {
    const n = unique()
    const givenName = spec.givenName ?? 'Alex'
    const familyName = spec.familyName ?? `Factory${n.replace(/[0-9]/g, d => 'abcdefghij'[Number(d)]!)}`
    const dateOfBirth = spec.dateOfBirth === undefined ? '1980-04-12' : spec.dateOfBirth
    const row = await db
      .insertInto('person')
      .values({
        given_name: givenName,
        middle_names: spec.middleNames ?? null,
        family_name: familyName,
        given_norm: normaliseName(givenName),
        family_norm: normaliseName(familyName),
        date_of_birth: dateOfBirth,
        gender: spec.gender ?? 'unknown',
        pnc_id: spec.pncId ?? null,
        ni_number: spec.niNumber ?? null,
        created_at: now(),
        updated_at: now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { id: row.id, givenName, familyName, dateOfBirth }
  }

  // People have lived at their factory-made homes for a year, so a notified move is always later.
  const yearAgo = () => Temporal.PlainDate.from(today()).subtract({ years: 1 }).toString()

  async function livesAt(personId: string, addressId: string, kind: AddressKind = 'home', from = yearAgo()) {
    await db
      .insertInto('person_address')
      .values({ person_id: personId, address_id: addressId, kind, from_date: from, created_at: now() })
      .execute()
  }

  const f = {
    /** A public-protection team in a Greater Manchester district (Trafford unless said otherwise). */
    async newTeam(spec: { district?: DistrictName; name?: string } = {}): Promise<Team> {
      const district = await ensureDistrict(spec.district ?? 'Trafford')
      const name = spec.name ?? `${district.name} factory team ${unique()}`
      const stationName = `${district.name} police station`
      const row = await db
        .insertInto('team')
        .values({
          name,
          district_code: district.code,
          station_name: stationName,
          station_lat: 53.42,
          station_lon: -2.33,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return { id: row.id, name, districtCode: district.code, districtName: district.name, stationName }
    },

    /**
     * A staff member of a role, usable as a service actor. Team roles (offender manager, supervisor)
     * get a new team unless one is given; `signIn: true` gives them the demo password and an
     * authenticator (needs `sealSecret`), so the web tests can sign them in through the real forms.
     */
    async newStaff(
      role: Role,
      spec: {
        team?: Team | null
        supervisor?: Staff | null
        agency?: string | null
        username?: string
        displayName?: string
        capacity?: number
        accreditations?: string[]
        signIn?: boolean
      } = {},
    ): Promise<Staff> {
      const teamRole = role === 'offender_manager' || role === 'supervisor'
      const team = spec.team === undefined ? (teamRole ? await f.newTeam() : null) : spec.team
      const username = spec.username ?? `${role.replace('_', '')}.f${unique()}`
      let hash = '!no-password'
      let totpSecret: string | null = null
      if (spec.signIn) {
        if (!options.sealSecret) throw new Error('factories need sealSecret to make staff who sign in')
        passwordHash ??= hashPassword(DEMO_PASSWORD)
        hash = await passwordHash
        totpSecret = options.sealSecret(demoTotpSecret(0, username))
      }
      await db
        .insertInto('staff')
        .values({
          username,
          display_name: spec.displayName ?? `${role === 'partner' ? 'Partner' : 'Officer'} ${username}`,
          email: `${username}@gmp.police.example`,
          role,
          team_id: team?.id ?? null,
          supervisor_id: spec.supervisor?.id ?? null,
          agency: spec.agency ?? (role === 'partner' ? 'Probation Service' : null),
          collar_number: null,
          accreditations: spec.accreditations ?? (role === 'offender_manager' ? ['ARMS'] : []),
          capacity: spec.capacity ?? (role === 'offender_manager' ? 50 : 0),
          password_hash: hash,
          totp_secret: totpSecret,
          totp_enrolled_at: totpSecret ? now() : null,
        })
        .execute()
      return { ...(await actorNamed(database, username)), supervisorId: spec.supervisor?.id ?? null }
    },

    newPerson,

    /** An address row (no one living there yet). */
    newAddress: (spec: AddressSpec = {}) => newAddress(spec),

    /** A subject with a person and a current home, managed by `manager` in `team`. */
    async newSubject(spec: SubjectOptions = {}): Promise<Subject> {
      const team =
        spec.team ?? (spec.manager?.teamId ? await f.teamOf(spec.manager.teamId) : undefined) ?? (await f.newTeam())
      const person = await newPerson(spec.person)
      let addressId: string | null = null
      if (spec.address === 'nfa') {
        const nfa = await newAddress({ line1: 'No fixed abode', postcode: null }, team.districtName as DistrictName)
        await livesAt(person.id, nfa.id, 'nfa')
      } else {
        addressId = (await newAddress(spec.address, team.districtName as DistrictName)).id
        await livesAt(person.id, addressId)
      }
      const n = await sql<{ n: number }>`select nextval('subject_reference_seq')::int as n`.execute(db)
      const reference = `VGL-${String(n.rows[0]?.n ?? 0).padStart(6, '0')}`
      const registeredOn = spec.registeredOn ?? yearAgo()
      const subject = await db
        .insertInto('subject')
        .values({
          reference,
          person_id: person.id,
          category: spec.category ?? 'rso',
          status: spec.status ?? 'active',
          risk_level: spec.risk === undefined ? 'medium' : spec.risk,
          managing_team_id: team.id,
          offender_manager_id: spec.manager?.id ?? null,
          registered_on: registeredOn,
          created_at: now(),
          updated_at: now(),
          health_notes: spec.healthNotes ?? null,
          victim_notes: spec.victimNotes ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      let householdId: string | null = null
      if (spec.household) {
        if (!addressId) throw new Error('a household needs a home address')
        const members =
          spec.household === true
            ? [
                { relationship: 'partner', givenName: 'Sam', dateOfBirth: '1984-02-02', gender: 'female' as const },
                {
                  relationship: 'child of partner',
                  givenName: 'Robin',
                  dateOfBirth: Temporal.PlainDate.from(today()).subtract({ years: 9 }).toString(),
                },
              ]
            : spec.household
        householdId = await f.newHousehold(addressId, [{ personId: person.id, relationship: 'subject' }, ...members])
      }
      return {
        id: subject.id,
        reference,
        personId: person.id,
        teamId: team.id,
        managerId: spec.manager?.id ?? null,
        addressId,
        householdId,
        dateOfBirth: person.dateOfBirth,
        givenName: person.givenName,
        familyName: person.familyName,
      }
    },

    /** A household at an address; members given as specs become new people living there. */
    async newHousehold(
      addressId: string,
      members: Array<HouseholdMemberSpec | { personId: string; relationship: string }>,
    ): Promise<string> {
      const household = await db
        .insertInto('household')
        .values({ address_id: addressId, created_at: now() })
        .returning('id')
        .executeTakeFirstOrThrow()
      for (const m of members) {
        let personId: string
        if ('personId' in m) personId = m.personId
        else {
          const { relationship: _r, ...person } = m
          personId = (await newPerson(person)).id
          await livesAt(personId, addressId)
        }
        await db
          .insertInto('household_member')
          .values({
            household_id: household.id,
            person_id: personId,
            relationship: m.relationship,
            from_date: yearAgo(),
          })
          .execute()
      }
      return household.id
    },

    /** A team's details by id (for staff made by the seed or another factory). */
    async teamOf(teamId: string): Promise<Team> {
      const t = await db
        .selectFrom('team as t')
        .innerJoin('district as d', 'd.code', 't.district_code')
        .select([
          't.id',
          't.name',
          't.district_code as districtCode',
          'd.name as districtName',
          't.station_name as stationName',
        ])
        .where('t.id', '=', teamId)
        .executeTakeFirstOrThrow()
      return t
    },

    /** A team with a supervisor and an offender manager who reports to them, and a subject the manager manages. */
    async managedSubject(spec: Omit<SubjectOptions, 'manager'> & { signIn?: boolean } = {}): Promise<ManagedSubject> {
      const { signIn, ...subjectSpec } = spec
      const team = spec.team ?? (await f.newTeam())
      const supervisor = await f.newStaff('supervisor', { team, signIn })
      const om = await f.newStaff('offender_manager', { team, supervisor, signIn })
      const subject = await f.newSubject({ ...subjectSpec, team, manager: om })
      return { ...subject, team, om, omId: om.id, supervisor, supervisorId: supervisor.id }
    },

    /** A notification already on the register (a row and its timeline entry, as the register records them). */
    async newNotification(
      subject: Pick<Subject, 'id'>,
      spec: {
        kind?: string
        notifiedOn?: string
        eventDate?: string | null
        takenBy?: Staff | null
        policeStation?: string
      } = {},
    ): Promise<string> {
      const notifiedOn = spec.notifiedOn ?? today()
      const kind = spec.kind ?? 'periodic'
      const at = new Date(`${notifiedOn}T09:30:00Z`)
      const row = await db
        .insertInto('notification')
        .values({
          subject_id: subject.id,
          kind,
          event_date: spec.eventDate ?? null,
          notified_at: at,
          notified_on: notifiedOn,
          taken_by: spec.takenBy?.id ?? null,
          police_station: spec.policeStation ?? 'Trafford police station',
          no_fixed_abode: false,
          details: '{}',
          deadline: null,
          recorded_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await db
        .insertInto('subject_event')
        .values({
          subject_id: subject.id,
          kind,
          occurred_on: notifiedOn,
          recorded_at: at,
          recorded_by: spec.takenBy?.id ?? null,
          summary: `${kind} notification`,
          details: JSON.stringify({ notificationId: row.id }),
        })
        .execute()
      return row.id
    },

    /** A completed home visit by two officers. */
    async newVisit(
      subject: Pick<Subject, 'id'>,
      spec: {
        officers: [Staff, Staff]
        visitedOn?: string
        kind?: 'planned' | 'unannounced'
        outcome?: 'seen' | 'not at home' | 'access refused' | 'address not occupied'
      },
    ): Promise<string> {
      const at = new Date(`${spec.visitedOn ?? today()}T11:00:00Z`)
      const row = await db
        .insertInto('visit')
        .values({
          subject_id: subject.id,
          kind: spec.kind ?? 'planned',
          visited_at: at,
          officer_1_id: spec.officers[0].id,
          officer_2_id: spec.officers[1].id,
          outcome: spec.outcome ?? 'seen',
          checks: ['identity confirmed'],
          findings: 'Nothing of concern (factory visit).',
          follow_ups: '[]',
          recorded_by: spec.officers[0].id,
          recorded_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return row.id
    },

    /** An ARMS assessment at a level; once countersigned, the level becomes the subject's risk level. */
    async newRiskAssessment(
      subject: Pick<Subject, 'id'>,
      spec: { author: Staff; level: RiskLevel; assessedOn?: string; countersignedBy?: Staff | null },
    ): Promise<string> {
      const assessedOn = spec.assessedOn ?? today()
      const row = await db
        .insertInto('arms_assessment')
        .values({
          subject_id: subject.id,
          author_id: spec.author.id,
          assessed_on: assessedOn,
          factors: JSON.stringify({}),
          professional_judgement: null,
          derived_level: spec.level,
          level: spec.level,
          explanation: JSON.stringify([`Assessed ${spec.level} (factory)`]),
          countersigned_by: spec.countersignedBy?.id ?? null,
          countersigned_on: spec.countersignedBy ? assessedOn : null,
          countersigned_at: spec.countersignedBy ? now() : null,
          created_at: now(),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      // The risk level follows the latest countersigned assessment only (as RiskService.countersign keeps it).
      if (spec.countersignedBy)
        await db.updateTable('subject').set({ risk_level: spec.level }).where('id', '=', subject.id).execute()
      return row.id
    },

    /** A break-glass grant (live for 4 hours from the clock's now unless `expiresAt` says otherwise). */
    async newBreakGlass(
      staff: Pick<Staff, 'id'>,
      subject: Pick<Subject, 'id'>,
      spec: { reason?: string; expiresAt?: Date } = {},
    ): Promise<string> {
      const row = await db
        .insertInto('break_glass_grant')
        .values({
          staff_id: staff.id,
          subject_id: subject.id,
          reason: spec.reason ?? 'Checking an incident log (factory)',
          created_at: now(),
          expires_at: spec.expiresAt ?? new Date(clock.now().add({ hours: 4 }).epochMilliseconds),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return row.id
    },

    /** A disclosure of part of a subject's record to an agency (live unless revoked or past `expiresOn`). */
    async newDisclosure(
      subject: Pick<Subject, 'id'>,
      spec: {
        sharedBy: Pick<Staff, 'id'>
        agency?: string
        scope?: 'summary' | 'risk' | 'address'
        expiresOn?: string | null
        revoked?: boolean
      },
    ): Promise<string> {
      const row = await db
        .insertInto('disclosure')
        .values({
          subject_id: subject.id,
          agency: spec.agency ?? 'Probation Service',
          scope: spec.scope ?? 'summary',
          purpose: 'MAPPA meeting (factory)',
          shared_by: spec.sharedBy.id,
          shared_at: now(),
          expires_on: spec.expiresOn === undefined ? null : spec.expiresOn,
          revoked_at: spec.revoked ? now() : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return row.id
    },
  }
  return f
}

export type Factories = ReturnType<typeof factories>
