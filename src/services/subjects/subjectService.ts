import { sql } from 'kysely'
import { Temporal } from 'temporal-polyfill'
import type { Clock } from '../../domain/clock.ts'
import { nowDate, todayIn } from '../../domain/clock.ts'
import type { Actor } from '../../domain/access/actor.ts'
import {
  canRegisterSubjects,
  canSearchSubjects,
  decide,
  SUBJECT_FIELDS,
  type SharedScope,
} from '../../domain/access/policy.ts'
import { Forbidden, NotFound, ValidationError, type FieldError } from '../../domain/errors.ts'
import { parseIsoDate } from '../../domain/people/dateInput.ts'
import { loadAccessContext, requireSubjectAccess } from '../access/subjectAccess.ts'
import { districtForOutwardCode } from '../../domain/geography/districts.ts'
import { normaliseName, searchTerms } from '../../domain/people/names.ts'
import { outwardCode } from '../../domain/people/postcode.ts'
import { validateRegistration } from '../../domain/people/registration.ts'
import type { Database } from '../../data/database.ts'
import { appendAudit } from '../../data/audit/auditRepository.ts'
import { refreshPersonMatchKeys } from '../../data/identity/identityRepository.ts'
import { stored, withIdempotency } from '../../data/idempotency/idempotency.ts'
import { raiseAlert, recordSubjectEvent } from '../../data/timeline/timelineRepository.ts'
import {
  nextSubjectReference,
  searchSubjects,
  subjectDetail,
  type SubjectDetail,
  type SubjectSearchRow,
} from '../../data/subjects/subjectRepository.ts'

export const SEARCH_PAGE_SIZE = 20
/** How long a break-glass grant lasts. [U] local policy: a setting, not statute. */
export const BREAK_GLASS_HOURS = 4
export const PARTNER_AGENCIES = [
  'Probation Service',
  "Children's Services",
  'Adult Social Care',
  'Housing',
  'Youth Justice Service',
]

export type SubjectView = Omit<SubjectDetail, 'healthNotes' | 'victimNotes'> & {
  healthNotes: string | null | undefined
  victimNotes: string | null | undefined
  /** The parts of the record this viewer may see. */
  visible: string[]
  canEdit: boolean
}

export interface AccessLogRow {
  seq: number
  occurredAt: Date
  actorUsername: string | null
  operation: string
  outcome: string
  purpose: string | null
  recipient: string | null
}

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

  /**
   * The subject page. Reading it is a "consultation" under DPA 2018 s.62: the audit row is written
   * before anything is returned, and it lists which parts of the record were shown. Parts the
   * actor may not see (sensitive fields, unshared parts for a partner) are left out, not masked.
   */
  async view(actor: Actor, subjectId: string): Promise<SubjectView> {
    const { db } = this.database
    const at = nowDate(this.clock)
    const context = await requireSubjectAccess(db, at, actor, subjectId, 'identity', 'read')
    const visible = new Set(SUBJECT_FIELDS.filter(f => decide(actor, context, f, 'read') === 'allow'))
    const detail = await subjectDetail(db, subjectId)
    if (!detail) throw new NotFound('No such subject')
    await appendAudit(db, at, [
      {
        actorId: actor.id,
        actorUsername: actor.username,
        operation: 'consult',
        recordType: 'subject',
        recordId: subjectId,
        subjectId,
        correlationId: actor.correlationId,
        details: {
          fields: [...visible],
          ...(context.breakGlass && actor.teamId !== context.managingTeamId ? { breakGlass: true } : {}),
        },
      },
    ])
    return {
      ...detail,
      addresses: visible.has('address') ? detail.addresses : [],
      household: visible.has('household') ? detail.household : [],
      riskLevel: visible.has('risk') ? detail.riskLevel : null,
      healthNotes: visible.has('health') ? detail.healthNotes : undefined,
      victimNotes: visible.has('victim') ? detail.victimNotes : undefined,
      visible: [...visible],
      canEdit: decide(actor, context, 'identity', 'write') === 'allow',
    }
  }

  /** The health and victim notes page: refused before anything is read unless the actor may see them. */
  async viewSensitive(actor: Actor, subjectId: string): Promise<SubjectView> {
    const at = nowDate(this.clock)
    await requireSubjectAccess(this.database.db, at, actor, subjectId, 'health', 'read')
    await requireSubjectAccess(this.database.db, at, actor, subjectId, 'victim', 'read')
    return this.view(actor, subjectId)
  }

  /**
   * Break-glass: a viewer outside the managing team states why they need the record. The reason
   * is recorded, the subject's manager and the viewer's supervisor are alerted at once, and the
   * grant lasts a few hours.
   */
  async breakGlass(actor: Actor, subjectId: string, reasonInput: unknown): Promise<void> {
    const { db } = this.database
    const at = nowDate(this.clock)
    const reason = typeof reasonInput === 'string' ? reasonInput.trim() : ''
    if (reason.length < 10)
      throw new ValidationError([
        { field: 'reason', message: 'Enter why you need to see this record, in at least 10 characters' },
      ])
    if (reason.length > 500)
      throw new ValidationError([{ field: 'reason', message: 'The reason must be 500 characters or fewer' }])
    const context = await loadAccessContext(db, actor, subjectId, at)
    if (!context) throw new NotFound('No such subject')
    if (decide(actor, { ...context, breakGlass: false }, 'identity', 'read') !== 'break-glass') {
      throw new Forbidden('Your role cannot use break-glass access for this record')
    }
    const viewer = await db
      .selectFrom('staff')
      .select(['supervisor_id', 'display_name'])
      .where('id', '=', actor.id)
      .executeTakeFirstOrThrow()
    const subject = await db
      .selectFrom('subject')
      .select(['reference'])
      .where('id', '=', subjectId)
      .executeTakeFirstOrThrow()
    await db.transaction().execute(async trx => {
      await trx
        .insertInto('break_glass_grant')
        .values({
          staff_id: actor.id,
          subject_id: subjectId,
          reason,
          created_at: at,
          expires_at: new Date(at.getTime() + BREAK_GLASS_HOURS * 3_600_000),
        })
        .execute()
      const recipients = [
        ...(context.offenderManagerId ? [{ staffId: context.offenderManagerId, reason: 'offender manager' }] : []),
        ...(viewer.supervisor_id ? [{ staffId: viewer.supervisor_id, reason: "viewer's supervisor" }] : []),
      ].filter(r => r.staffId !== actor.id)
      await raiseAlert(trx, {
        subjectId,
        kind: 'break-glass',
        priority: 'normal',
        title: `${viewer.display_name} used break-glass access to ${subject.reference}`,
        detail: `Reason given: ${reason}`,
        createdAt: at,
        createdBy: actor.id,
        recipients,
      })
      await appendAudit(trx, at, [
        {
          actorId: actor.id,
          actorUsername: actor.username,
          operation: 'break-glass',
          recordType: 'subject',
          recordId: subjectId,
          subjectId,
          purpose: reason,
          correlationId: actor.correlationId,
          details: { hours: BREAK_GLASS_HOURS },
        },
      ])
    })
  }

  /** "Who has looked at this record": for the subject's team, the unit head and auditors. */
  async accessLog(
    actor: Actor,
    subjectId: string,
    page = 1,
  ): Promise<{ rows: AccessLogRow[]; total: number; page: number; pageSize: number; reference: string }> {
    const { db } = this.database
    const at = nowDate(this.clock)
    await requireSubjectAccess(db, at, actor, subjectId, 'access-log', 'read')
    const subject = await db
      .selectFrom('subject')
      .select('reference')
      .where('id', '=', subjectId)
      .executeTakeFirstOrThrow()
    const base = db.selectFrom('audit_event').where('subject_id', '=', subjectId)
    const total = await base.select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    const rows = await base
      .select([
        'seq',
        'occurred_at as occurredAt',
        'actor_username as actorUsername',
        'operation',
        'outcome',
        'purpose',
        'recipient',
      ])
      .orderBy('seq', 'desc')
      .limit(50)
      .offset((page - 1) * 50)
      .execute()
    await appendAudit(db, at, [
      {
        actorId: actor.id,
        actorUsername: actor.username,
        operation: 'consult',
        recordType: 'access-log',
        recordId: subjectId,
        subjectId,
        correlationId: actor.correlationId,
      },
    ])
    return {
      rows: rows.map(r => ({ ...r, occurredAt: new Date(r.occurredAt) })),
      total: Number(total.n),
      page,
      pageSize: 50,
      reference: subject.reference,
    }
  }

  /** Shares part of a record with a partner agency: a disclosure, logged with its recipient (DPA 2018 s.62(1)(c)). */
  async share(
    actor: Actor,
    subjectId: string,
    input: { agency?: unknown; scope?: unknown; purpose?: unknown; expiresOn?: unknown },
  ): Promise<void> {
    const { db } = this.database
    const at = nowDate(this.clock)
    await requireSubjectAccess(db, at, actor, subjectId, 'identity', 'write')
    const errors: FieldError[] = []
    const agency = typeof input.agency === 'string' ? input.agency.trim() : ''
    const scope = input.scope
    const purpose = typeof input.purpose === 'string' ? input.purpose.trim() : ''
    if (!PARTNER_AGENCIES.includes(agency)) errors.push({ field: 'agency', message: 'Select the agency to share with' })
    if (scope !== 'summary' && scope !== 'risk' && scope !== 'address')
      errors.push({ field: 'scope', message: 'Select what to share' })
    if (purpose.length < 10)
      errors.push({ field: 'purpose', message: 'Enter the purpose of sharing, in at least 10 characters' })
    let expiresOn: string | null = null
    if (typeof input.expiresOn === 'string' && input.expiresOn.trim()) {
      const parsed = parseIsoDate('The end date', input.expiresOn.trim())
      if (!parsed.ok) errors.push({ field: 'expiresOn', message: parsed.message })
      else if (Temporal.PlainDate.compare(parsed.date, todayIn(this.clock)) < 0)
        errors.push({ field: 'expiresOn', message: 'The end date must be today or in the future' })
      else expiresOn = parsed.date.toString()
    }
    if (errors.length > 0) throw new ValidationError(errors)
    await db.transaction().execute(async trx => {
      await trx
        .insertInto('disclosure')
        .values({
          subject_id: subjectId,
          agency,
          scope: scope as SharedScope,
          purpose,
          shared_by: actor.id,
          shared_at: at,
          expires_on: expiresOn,
        })
        .execute()
      await appendAudit(trx, at, [
        {
          actorId: actor.id,
          actorUsername: actor.username,
          operation: 'disclose',
          recordType: 'subject',
          recordId: subjectId,
          subjectId,
          purpose,
          recipient: agency,
          correlationId: actor.correlationId,
          details: { scope, expiresOn },
        },
      ])
    })
  }

  /** What has been shared with the actor's agency (partner agency viewers). */
  async sharedWithMyAgency(actor: Actor): Promise<
    Array<{
      subjectId: string
      reference: string
      givenName: string
      familyName: string
      scopes: string[]
      sharedAt: Date
    }>
  > {
    if (actor.role !== 'partner' || !actor.agency) throw new Forbidden('Only partner agency viewers have shared items')
    const { db } = this.database
    const at = nowDate(this.clock)
    const today = at.toISOString().slice(0, 10)
    const rows = await db
      .selectFrom('disclosure as d')
      .innerJoin('subject as s', 's.id', 'd.subject_id')
      .innerJoin('person as p', 'p.id', 's.person_id')
      .select([
        's.id as subjectId',
        's.reference',
        'p.given_name as givenName',
        'p.family_name as familyName',
        'd.scope',
        'd.shared_at as sharedAt',
      ])
      .where('d.agency', '=', actor.agency)
      .where('d.revoked_at', 'is', null)
      .where(eb => eb.or([eb('d.expires_on', 'is', null), eb('d.expires_on', '>=', today)]))
      .orderBy('d.shared_at', 'desc')
      .execute()
    const bySubject = new Map<
      string,
      { subjectId: string; reference: string; givenName: string; familyName: string; scopes: string[]; sharedAt: Date }
    >()
    for (const r of rows) {
      const entry = bySubject.get(r.subjectId) ?? {
        subjectId: r.subjectId,
        reference: r.reference,
        givenName: r.givenName,
        familyName: r.familyName,
        scopes: [],
        sharedAt: new Date(r.sharedAt),
      }
      if (!entry.scopes.includes(r.scope)) entry.scopes.push(r.scope)
      bySubject.set(r.subjectId, entry)
    }
    const items = [...bySubject.values()]
    await appendAudit(db, at, [
      {
        actorId: actor.id,
        actorUsername: actor.username,
        operation: 'consult',
        recordType: 'shared-items',
        correlationId: actor.correlationId,
        details: { subjectIds: items.map(i => i.subjectId) },
      },
    ])
    return items
  }

  /** Health and victim notes: special category data, written only by the managing team. */
  async updateSensitiveNotes(
    actor: Actor,
    subjectId: string,
    input: { healthNotes?: unknown; victimNotes?: unknown },
  ): Promise<void> {
    const { db } = this.database
    const at = nowDate(this.clock)
    await requireSubjectAccess(db, at, actor, subjectId, 'health', 'write')
    await requireSubjectAccess(db, at, actor, subjectId, 'victim', 'write')
    const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null)
    const health = text(input.healthNotes)
    const victim = text(input.victimNotes)
    const errors: FieldError[] = []
    if ((health?.length ?? 0) > 2000)
      errors.push({ field: 'healthNotes', message: 'Health notes must be 2,000 characters or fewer' })
    if ((victim?.length ?? 0) > 2000)
      errors.push({ field: 'victimNotes', message: 'Victim notes must be 2,000 characters or fewer' })
    if (errors.length > 0) throw new ValidationError(errors)
    await db.transaction().execute(async trx => {
      await trx
        .updateTable('subject')
        .set({ health_notes: health, victim_notes: victim, updated_at: at, version: sql`version + 1` })
        .where('id', '=', subjectId)
        .execute()
      await appendAudit(trx, at, [
        {
          actorId: actor.id,
          actorUsername: actor.username,
          operation: 'alter',
          recordType: 'subject',
          recordId: subjectId,
          subjectId,
          correlationId: actor.correlationId,
          details: { fields: ['health', 'victim'] },
        },
      ])
    })
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
      .orderBy(
        sql`case s.risk_level when 'very_high' then 0 when 'high' then 1 when 'medium' then 2 when 'low' then 3 else 4 end`,
      )
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

  /** A registration already made with this idempotency key (a double-submitted form), if any. */
  async earlierRegistration(
    actor: Actor,
    idempotencyKey: string,
  ): Promise<{ subjectId: string; reference: string } | undefined> {
    return stored<{ subjectId: string; reference: string }>(this.database.db, actor.id, idempotencyKey)
  }

  /**
   * Registers a new subject: person, home address and the subject record, with the audit row, in
   * one transaction. An `idempotencyKey` (the form's one-time token or the API's Idempotency-Key)
   * makes a double-submitted form create one subject, not two.
   */
  async register(
    actor: Actor,
    input: unknown,
    idempotencyKey?: string,
  ): Promise<{ subjectId: string; reference: string }> {
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
        {
          field: 'teamId',
          message: 'The address is outside Greater Manchester: select the team that will manage this subject',
        },
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
        .values({
          person_id: person.id,
          address_id: address.id,
          kind: 'home',
          from_date: today.toString(),
          created_at: at,
        })
        .execute()
      await refreshPersonMatchKeys(trx, [person.id])
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
