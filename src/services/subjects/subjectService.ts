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
  type SubjectField,
} from '../../domain/access/policy.ts'
import { Forbidden, ValidationError, type FieldError } from '../../domain/errors.ts'
import { requestFingerprint } from '../../domain/idempotency.ts'
import { parseIsoDate } from '../../domain/people/dateInput.ts'
import { expectedVersion } from '../../domain/versioning.ts'
import { districtForOutwardCode } from '../../domain/geography/districts.ts'
import { normaliseName, searchTerms } from '../../domain/people/names.ts'
import { outwardCode } from '../../domain/people/postcode.ts'
import { validateRegistration } from '../../domain/people/registration.ts'
import type { DataAccess, Repositories } from '../../data/index.ts'
import type {
  AccessLogRow,
  AddressHistoryRow,
  AliasRow,
  CaseloadRow,
  HouseholdRow,
  SubjectRecord,
  SubjectSearchRow,
} from '../../data/subjects/subjectRepository.ts'
import type { AccessGate, SubjectAccess } from '../access/gate.ts'

export type { AccessLogRow, CaseloadRow }

export const SEARCH_PAGE_SIZE = 20
export const ACCESS_LOG_PAGE_SIZE = 50
export const CASELOAD_LIMIT = 50
/** How long a break-glass grant lasts. [U] local policy: a setting, not statute. */
export const BREAK_GLASS_HOURS = 4
export const PARTNER_AGENCIES = [
  'Probation Service',
  "Children's Services",
  'Adult Social Care',
  'Housing',
  'Youth Justice Service',
]

export type SubjectDetail = SubjectRecord & {
  subjectId: string
  aliases: AliasRow[]
  addresses: AddressHistoryRow[]
  household: HouseholdRow[]
}

/** The record as one viewer may see it: parts they may not see are left out, not masked. */
export type SubjectView = Omit<
  SubjectDetail,
  'healthNotes' | 'victimNotes' | 'dateOfBirth' | 'pncId' | 'niNumber' | 'offenderManagerName' | 'riskLevel'
> & {
  dateOfBirth: string | null
  pncId: string | null
  niNumber: string | null
  offenderManagerName: string | null
  riskLevel: string | null
  healthNotes: string | null | undefined
  victimNotes: string | null | undefined
  /** The parts of the record this viewer may see. */
  visible: SubjectField[]
  /** May change the record (the managing team, the unit head): write links and forms are offered only then. */
  canEdit: boolean
  /** Sections other capabilities contribute to the subject page (visits and risk, …), keyed by section name. */
  sections: Record<string, unknown>
}

/**
 * A part of the subject page that another capability provides (visits and risk, orders, investigations, …).
 * The page asks each section whose part the viewer may see; a section reads through the repositories it is given
 * for the already-opened subject and does not audit (the page writes the one consultation row).
 */
export interface SubjectPageSection {
  name: string
  part: SubjectField
  load(repos: Repositories, access: SubjectAccess<SubjectRecord>): Promise<unknown>
}

export class SubjectService {
  private readonly sections: SubjectPageSection[] = []

  constructor(
    private readonly data: DataAccess,
    private readonly clock: Clock,
    private readonly gate: AccessGate,
  ) {}

  /** Adds a capability's section to the subject page (called once, in the composition root). */
  addPageSection(section: SubjectPageSection): void {
    this.sections.push(section)
  }

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
    const { repos } = this.data
    const result = await repos.subjects.search(terms, {
      limit: SEARCH_PAGE_SIZE,
      offset: (page - 1) * SEARCH_PAGE_SIZE,
    })
    await repos.audit.append(nowDate(this.clock), [
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
   * The subject page, composed explicitly: the subject row is read once (it also serves the gate), each part the
   * viewer may see is gathered, each capability's section is asked for, and ONE consultation row (DPA 2018 s.62)
   * names the parts shown — written before anything is returned.
   */
  async page(actor: Actor, subjectId: string): Promise<SubjectView> {
    return this.compose(actor, subjectId, this.sections)
  }

  /** The record without other capabilities' sections (confirmation, share and notes pages); one audit row too. */
  async view(actor: Actor, subjectId: string): Promise<SubjectView> {
    return this.compose(actor, subjectId, [])
  }

  /** The health and victim notes page: refused before anything is shown unless the actor may see them. */
  async viewSensitive(actor: Actor, subjectId: string): Promise<SubjectView> {
    return this.compose(actor, subjectId, [], ['health', 'victim'])
  }

  private async compose(
    actor: Actor,
    subjectId: string,
    sections: readonly SubjectPageSection[],
    required: readonly SubjectField[] = [],
  ): Promise<SubjectView> {
    const { repos } = this.data
    const access = await this.gate.open(repos, actor, subjectId, 'identity', 'read', id => repos.subjects.record(id))
    for (const part of required) await this.gate.require(repos, access, part, 'read')
    const record = access.subject
    const visible = SUBJECT_FIELDS.filter(f => access.may(f, 'read'))
    const sees = (part: SubjectField) => visible.includes(part)
    const [aliases, addresses, household] = await Promise.all([
      repos.subjects.aliases(record.personId),
      sees('address') ? repos.subjects.addressHistory(record.personId) : Promise.resolve([]),
      sees('household') ? repos.subjects.household(record.personId) : Promise.resolve([]),
    ])
    const shownSections: Record<string, unknown> = {}
    for (const section of sections) {
      if (sees(section.part)) shownSections[section.name] = await section.load(repos, access)
    }
    // A partner sees the summary shared with their agency: who the subject is, not identifiers or the manager.
    const partner = actor.role === 'partner'
    await this.gate.consulted(repos, access, visible, {
      sections: Object.keys(shownSections),
      ...(access.context.breakGlass && actor.teamId !== access.context.managingTeamId ? { breakGlass: true } : {}),
    })
    return {
      ...record,
      subjectId: record.id,
      aliases,
      addresses,
      household,
      dateOfBirth: partner && !access.context.sharedScopes.has('summary') ? null : record.dateOfBirth,
      pncId: partner ? null : record.pncId,
      niNumber: partner ? null : record.niNumber,
      offenderManagerName: partner ? null : record.offenderManagerName,
      riskLevel: sees('risk') ? record.riskLevel : null,
      healthNotes: sees('health') ? record.healthNotes : undefined,
      victimNotes: sees('victim') ? record.victimNotes : undefined,
      visible,
      canEdit: access.may('identity', 'write'),
      sections: shownSections,
    }
  }

  /**
   * Break-glass: a viewer outside the managing team states why they need the record. The reason
   * is recorded, the subject's manager and the viewer's supervisor are alerted at once, and the
   * grant lasts a few hours.
   */
  async breakGlass(actor: Actor, subjectId: string, reasonInput: unknown): Promise<void> {
    const at = nowDate(this.clock)
    const reason = typeof reasonInput === 'string' ? reasonInput.trim() : ''
    if (reason.length < 10)
      throw new ValidationError([
        { field: 'reason', message: 'Enter why you need to see this record, in at least 10 characters' },
      ])
    if (reason.length > 500)
      throw new ValidationError([{ field: 'reason', message: 'The reason must be 500 characters or fewer' }])
    await this.data.transaction(async repos => {
      const head = await repos.access.subjectHead(subjectId)
      if (!head) {
        // Opening through the gate gives the usual NotFound for an unknown or malformed id.
        await this.gate.open(repos, actor, subjectId, 'identity', 'read')
        return
      }
      const context = { managingTeamId: head.managingTeamId, offenderManagerId: head.offenderManagerId }
      if (
        decide(actor, { ...context, breakGlass: false, sharedScopes: new Set() }, 'identity', 'read') !== 'break-glass'
      ) {
        throw new Forbidden('Your role cannot use break-glass access for this record')
      }
      const viewer = await repos.subjects.supervisorOf(actor.id)
      await repos.subjects.insertBreakGlassGrant({
        staffId: actor.id,
        subjectId,
        reason,
        at,
        expiresAt: new Date(at.getTime() + BREAK_GLASS_HOURS * 3_600_000),
      })
      const recipients = [
        ...(head.offenderManagerId ? [{ staffId: head.offenderManagerId, reason: 'offender manager' }] : []),
        ...(viewer.supervisorId ? [{ staffId: viewer.supervisorId, reason: "viewer's supervisor" }] : []),
      ].filter(r => r.staffId !== actor.id)
      await repos.timeline.raiseAlert({
        subjectId,
        kind: 'break-glass',
        priority: 'normal',
        title: `${viewer.displayName} used break-glass access to ${head.reference}`,
        detail: `Reason given: ${reason}`,
        createdAt: at,
        createdBy: actor.id,
        recipients,
      })
      await repos.audit.append(at, [
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
    const { repos } = this.data
    const access = await this.gate.open(repos, actor, subjectId, 'access-log', 'read')
    const log = await repos.subjects.accessLog(subjectId, {
      limit: ACCESS_LOG_PAGE_SIZE,
      offset: (page - 1) * ACCESS_LOG_PAGE_SIZE,
    })
    await this.gate.consulted(repos, access, ['access-log'])
    return { ...log, page, pageSize: ACCESS_LOG_PAGE_SIZE, reference: access.subject.reference }
  }

  /** Shares part of a record with a partner agency: a disclosure, logged with its recipient (DPA 2018 s.62(1)(c)). */
  async share(
    actor: Actor,
    subjectId: string,
    input: { agency?: unknown; scope?: unknown; purpose?: unknown; expiresOn?: unknown },
  ): Promise<void> {
    const at = nowDate(this.clock)
    await this.gate.open(this.data.repos, actor, subjectId, 'identity', 'write')
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
    await this.data.transaction(async repos => {
      await repos.subjects.insertDisclosure({
        subjectId,
        agency,
        scope: scope as SharedScope,
        purpose,
        sharedBy: actor.id,
        at,
        expiresOn,
      })
      await repos.audit.append(at, [
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

  /** What has been shared with the actor's agency (partner agency viewers), one entry per subject. */
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
    const { repos } = this.data
    const rows = await repos.subjects.sharedWithAgency(actor.agency, todayIn(this.clock).toString())
    const bySubject = new Map<
      string,
      { subjectId: string; reference: string; givenName: string; familyName: string; scopes: string[]; sharedAt: Date }
    >()
    for (const r of rows) {
      const entry = bySubject.get(r.subjectId) ?? { ...r, scopes: [] }
      if (!entry.scopes.includes(r.scope)) entry.scopes.push(r.scope)
      bySubject.set(r.subjectId, entry)
    }
    const items = [...bySubject.values()].map(({ subjectId, reference, givenName, familyName, scopes, sharedAt }) => ({
      subjectId,
      reference,
      givenName,
      familyName,
      scopes,
      sharedAt,
    }))
    await repos.audit.append(nowDate(this.clock), [
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
    input: { healthNotes?: unknown; victimNotes?: unknown; version?: unknown },
  ): Promise<void> {
    const at = nowDate(this.clock)
    const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null)
    const health = text(input.healthNotes)
    const victim = text(input.victimNotes)
    await this.data.transaction(async repos => {
      const access = await this.gate.open(repos, actor, subjectId, 'health', 'write')
      await this.gate.require(repos, access, 'victim', 'write')
      // Optimistic concurrency: the save names the version it was based on (after the access check, so a refused
      // caller learns nothing about the record).
      const version = expectedVersion(input.version)
      const errors: FieldError[] = []
      if ((health?.length ?? 0) > 2000)
        errors.push({ field: 'healthNotes', message: 'Health notes must be 2,000 characters or fewer' })
      if ((victim?.length ?? 0) > 2000)
        errors.push({ field: 'victimNotes', message: 'Victim notes must be 2,000 characters or fewer' })
      if (errors.length > 0) throw new ValidationError(errors)
      await repos.subjects.updateSensitiveNotes(subjectId, { health, victim }, at, version)
      await repos.audit.append(at, [
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
    let scope: 'mine' | 'team' | 'none' = 'none'
    if (actor.role === 'offender_manager') scope = 'mine'
    else if (actor.role === 'supervisor' && actor.teamId) scope = 'team'
    if (scope === 'none') return { scope, total: 0, rows: [] }
    const { repos } = this.data
    const { rows, total } = await repos.subjects.caseload(
      scope === 'mine' ? { offenderManagerId: actor.id } : { teamId: actor.teamId ?? '' },
      CASELOAD_LIMIT,
    )
    await repos.audit.append(nowDate(this.clock), [
      {
        actorId: actor.id,
        actorUsername: actor.username,
        operation: 'consult',
        recordType: 'caseload',
        correlationId: actor.correlationId,
        details: { scope, shown: rows.length, subjectIds: rows.map(r => r.subjectId) },
      },
    ])
    return { scope, total, rows }
  }

  async teams(): Promise<Array<{ id: string; name: string; districtCode: string }>> {
    return this.data.repos.subjects.teams()
  }

  /** A registration already made with this idempotency key (a double-submitted form), if any. */
  async earlierRegistration(
    actor: Actor,
    idempotencyKey: string,
  ): Promise<{ subjectId: string; reference: string } | undefined> {
    return this.data.repos.idempotency.stored<{ subjectId: string; reference: string }>(actor.id, idempotencyKey)
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
    const fingerprint = requestFingerprint(input)
    return this.data.idempotent(
      actor.id,
      idempotencyKey,
      at,
      async repos => {
        const reference = await repos.subjects.nextReference()
        const { subjectId, personId } = await repos.subjects.register(
          {
            person: {
              givenName: registration.givenName,
              middleNames: registration.middleNames,
              familyName: registration.familyName,
              givenNorm: normaliseName(registration.givenName),
              familyNorm: normaliseName(registration.familyName),
              dateOfBirth: registration.dateOfBirth.toString(),
              gender: registration.gender,
              pncId: registration.pncId,
              niNumber: registration.niNumber,
            },
            address: {
              line1: registration.address.line1,
              line2: registration.address.line2,
              town: registration.address.town,
              postcode: registration.address.postcode,
              districtCode: district,
            },
            subject: {
              reference,
              category: registration.category,
              managingTeamId,
              offenderManagerId: actor.role === 'offender_manager' && actor.teamId === managingTeamId ? actor.id : null,
            },
            registeredOn: today.toString(),
          },
          at,
        )
        await repos.personIndex.refresh([personId])
        await repos.timeline.recordSubjectEvent({
          subjectId,
          kind: 'registered',
          occurredOn: today.toString(),
          recordedAt: at,
          recordedBy: actor.id,
          summary: `Registered as ${registration.category === 'rso' ? 'a registered sex offender' : 'a RASSO suspect'} (${reference})`,
        })
        await repos.audit.append(at, [
          {
            actorId: actor.id,
            actorUsername: actor.username,
            operation: 'collect',
            recordType: 'subject',
            recordId: subjectId,
            subjectId,
            correlationId: actor.correlationId,
            details: { reference },
          },
        ])
        return { subjectId, reference }
      },
      fingerprint,
    )
  }
}

/** Age in whole years on a date, for display ("42 years old") and for the under-18 flag on household members. */
export function ageOn(dateOfBirth: string, on: Temporal.PlainDate): number {
  return Temporal.PlainDate.from(dateOfBirth).until(on, { largestUnit: 'years' }).years
}
