import { sql } from 'kysely'
import { Temporal } from 'temporal-polyfill'
import type { Clock } from '../../domain/clock.ts'
import { nowDate, todayIn } from '../../domain/clock.ts'
import type { Actor } from '../../domain/access/actor.ts'
import { canRegisterSubjects, canSearchSubjects, subjectAccess } from '../../domain/access/policy.ts'
import { Forbidden, NotFound, ValidationError } from '../../domain/errors.ts'
import { districtForOutwardCode } from '../../domain/geography/districts.ts'
import { normaliseName, searchTerms } from '../../domain/people/names.ts'
import { outwardCode } from '../../domain/people/postcode.ts'
import { validateRegistration } from '../../domain/people/registration.ts'
import type { Database } from '../../data/database.ts'
import { appendAudit } from '../../data/repositories/auditRepository.ts'
import { withIdempotency } from '../../data/repositories/idempotency.ts'
import { recordSubjectEvent } from '../../data/repositories/timelineRepository.ts'
import {
  nextSubjectReference,
  searchSubjects,
  subjectDetail,
  subjectScope,
  type SubjectDetail,
  type SubjectSearchRow,
} from '../../data/repositories/subjectRepository.ts'

export const SEARCH_PAGE_SIZE = 20

export interface CaseloadRow {
  subjectId: string
  reference: string
  givenName: string
  familyName: string
  category: string
  status: string
  riskLevel: string | null
  offenderManagerName: string | null
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export class SubjectService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  /** Search the register by name or alias. The search itself is audited: who looked for whom. */
  async search(
    actor: Actor,
    query: string,
    page = 1,
  ): Promise<{ rows: SubjectSearchRow[]; total: number; page: number; pageSize: number; terms: string[] }> {
    if (!canSearchSubjects(actor)) throw new Forbidden('Your role does not allow searching the register')
    const terms = searchTerms(query)
    if (terms.length === 0) {
      throw new ValidationError([{ field: 'query', message: 'Enter a name or alias to search for' }])
    }
    if (!Number.isInteger(page) || page < 1 || page > 10_000) {
      throw new ValidationError([{ field: 'page', message: 'Page must be a whole number from 1' }])
    }
    const { db } = this.database
    const result = await searchSubjects(db, terms, { limit: SEARCH_PAGE_SIZE, offset: (page - 1) * SEARCH_PAGE_SIZE })
    await appendAudit(db, nowDate(this.clock), [
      {
        actorId: actor.id,
        actorUsername: actor.username,
        operation: 'search',
        recordType: 'subject',
        correlationId: actor.correlationId,
        details: { terms, page, results: result.rows.length, total: result.total },
      },
    ])
    return { ...result, page, pageSize: SEARCH_PAGE_SIZE, terms }
  }

  /** The subject page. Reading it is a "consultation" under DPA 2018 s.62: the audit row is written first. */
  async view(actor: Actor, subjectId: string): Promise<SubjectDetail> {
    const { db } = this.database
    if (!UUID.test(subjectId)) throw new NotFound('No such subject')
    const scope = await subjectScope(db, subjectId)
    if (!scope) throw new NotFound('No such subject')
    const access = subjectAccess(actor, scope)
    if (access !== 'full') {
      await appendAudit(db, nowDate(this.clock), [
        {
          actorId: actor.id,
          actorUsername: actor.username,
          operation: 'consult',
          recordType: 'subject',
          recordId: subjectId,
          subjectId,
          correlationId: actor.correlationId,
          outcome: 'denied',
          details: { access },
        },
      ])
      throw new Forbidden(
        access === 'break-glass'
          ? 'This subject is managed by another team. You need a recorded reason to view the record.'
          : 'Your role does not give access to individual records',
      )
    }
    await appendAudit(db, nowDate(this.clock), [
      {
        actorId: actor.id,
        actorUsername: actor.username,
        operation: 'consult',
        recordType: 'subject',
        recordId: subjectId,
        subjectId,
        correlationId: actor.correlationId,
      },
    ])
    const detail = await subjectDetail(db, subjectId)
    if (!detail) throw new NotFound('No such subject')
    return detail
  }

  /** The signed-in officer's own caseload (offender managers) or their team's (supervisors), highest risk first. */
  async caseload(actor: Actor): Promise<{ scope: 'mine' | 'team' | 'none'; total: number; rows: CaseloadRow[] }> {
    const { db } = this.database
    let scope: 'mine' | 'team' | 'none' = 'none'
    if (actor.role === 'offender_manager') scope = 'mine'
    else if (actor.role === 'supervisor' && actor.teamId) scope = 'team'
    if (scope === 'none') return { scope, total: 0, rows: [] }
    const base = db
      .selectFrom('subject as s')
      .innerJoin('person as p', 'p.id', 's.person_id')
      .$if(scope === 'mine', q => q.where('s.offender_manager_id', '=', actor.id))
      .$if(scope === 'team', q => q.where('s.managing_team_id', '=', actor.teamId ?? ''))
      .where('s.status', '!=', 'ended')
    const total = await base.select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    const rows = await base
      .leftJoin('staff as om', 'om.id', 's.offender_manager_id')
      .select([
        's.id as subjectId',
        's.reference',
        'p.given_name as givenName',
        'p.family_name as familyName',
        's.category',
        's.status',
        's.risk_level as riskLevel',
        'om.display_name as offenderManagerName',
      ])
      .orderBy(sql`case s.risk_level when 'very_high' then 0 when 'high' then 1 when 'medium' then 2 when 'low' then 3 else 4 end`)
      .orderBy('p.family_norm')
      .orderBy('s.id')
      .limit(50)
      .execute()
    await appendAudit(db, nowDate(this.clock), [
      {
        actorId: actor.id,
        actorUsername: actor.username,
        operation: 'consult',
        recordType: 'caseload',
        correlationId: actor.correlationId,
        details: { scope, shown: rows.length, subjectIds: rows.map(r => r.subjectId) },
      },
    ])
    return { scope, total: Number(total.n), rows }
  }

  async teams(): Promise<Array<{ id: string; name: string; districtCode: string }>> {
    return this.database.db
      .selectFrom('team')
      .select(['id', 'name', 'district_code as districtCode'])
      .orderBy('name')
      .execute()
  }

  /**
   * Registers a new subject: person, home address and the subject record, with the audit row, in
   * one transaction. An `idempotencyKey` (the form's one-time token or the API's Idempotency-Key)
   * makes a double-submitted form create one subject, not two.
   */
  async register(actor: Actor, input: unknown, idempotencyKey?: string): Promise<{ subjectId: string; reference: string }> {
    if (!canRegisterSubjects(actor)) throw new Forbidden('Your role does not allow registering subjects')
    const today = todayIn(this.clock)
    const registration = validateRegistration(input, today)
    const { db } = this.database
    const at = nowDate(this.clock)

    const district = districtForOutwardCode(outwardCode(registration.address.postcode))
    let teamId = registration.teamId
    const teams = await this.teams()
    if (teamId && !teams.some(t => t.id === teamId)) {
      throw new ValidationError([{ field: 'teamId', message: 'Select a managing team from the list' }])
    }
    teamId ??= teams.find(t => t.districtCode === district)?.id ?? null
    if (!teamId) {
      throw new ValidationError([
        { field: 'teamId', message: 'The address is outside Greater Manchester: select the team that will manage this subject' },
      ])
    }
    const managingTeamId = teamId
    return withIdempotency(db, actor.id, idempotencyKey, at, async trx => {
      const person = await trx
        .insertInto('person')
        .values({
          given_name: registration.givenName,
          middle_names: registration.middleNames,
          family_name: registration.familyName,
          given_norm: normaliseName(registration.givenName),
          family_norm: normaliseName(registration.familyName),
          date_of_birth: registration.dateOfBirth.toString(),
          gender: registration.gender,
          pnc_id: registration.pncId,
          ni_number: registration.niNumber,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const address = await trx
        .insertInto('address')
        .values({
          line1: registration.address.line1,
          line2: registration.address.line2,
          town: registration.address.town,
          postcode: registration.address.postcode,
          district_code: district,
          created_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await trx
        .insertInto('person_address')
        .values({ person_id: person.id, address_id: address.id, kind: 'home', from_date: today.toString(), created_at: at })
        .execute()
      const reference = await nextSubjectReference(trx)
      const subject = await trx
        .insertInto('subject')
        .values({
          reference,
          person_id: person.id,
          category: registration.category,
          managing_team_id: managingTeamId,
          offender_manager_id: actor.role === 'offender_manager' && actor.teamId === managingTeamId ? actor.id : null,
          registered_on: today.toString(),
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await recordSubjectEvent(trx, {
        subjectId: subject.id,
        kind: 'registered',
        occurredOn: today.toString(),
        recordedAt: at,
        recordedBy: actor.id,
        summary: `Registered as ${registration.category === 'rso' ? 'a registered sex offender' : 'a RASSO suspect'} (${reference})`,
      })
      await appendAudit(trx, at, [
        {
          actorId: actor.id,
          actorUsername: actor.username,
          operation: 'collect',
          recordType: 'subject',
          recordId: subject.id,
          subjectId: subject.id,
          correlationId: actor.correlationId,
          details: { reference },
        },
      ])
      return { subjectId: subject.id, reference }
    })
  }
}

/** Age in whole years on a date, for display ("42 years old") and for the under-18 flag on household members. */
export function ageOn(dateOfBirth: string, on: Temporal.PlainDate): number {
  return Temporal.PlainDate.from(dateOfBirth).until(on, { largestUnit: 'years' }).years
}
