import { Temporal } from 'temporal-polyfill'
import type { Actor } from '../../domain/access/actor.ts'
import { nowDate, todayIn, type Clock } from '../../domain/clock.ts'
import { Forbidden, NotFound, ValidationError } from '../../domain/errors.ts'
import {
  DEFAULT_WORKLOAD_SETTINGS,
  officerWorkload,
  recommendAllocation,
  unallocatedQueue,
  type AllocationRecommendation,
  type Case,
  type Officer,
  type OfficerWorkload,
} from '../../domain/workload/index.ts'
import type { Database } from '../../data/database.ts'
import { appendAudit } from '../../data/audit/auditRepository.ts'
import { raiseAlert, recordSubjectEvent } from '../../data/timeline/timelineRepository.ts'
import { isUuid, subjectForCasework } from '../visits/access.ts'
import { loadRiskVisitSettings, refreshSubjectDue, toDomainLevel } from '../visits/schedule.ts'

/**
 * Accreditations an officer needs to manage a subject (settings; GMP SOMU SOP to confirm [U]): ARMS for a
 * registered sex offender, none extra for a RASSO suspect.
 */
export const REQUIRED_ACCREDITATIONS: Readonly<Record<string, readonly string[]>> = {
  rso: ['ARMS'],
  rasso_suspect: [],
}

export interface TeamWorkload {
  team: { id: string; name: string; districtCode: string }
  officers: Array<OfficerWorkload & { name: string; accreditations: string[] }>
  queue: Array<{
    subjectId: string
    reference: string
    name: string | null
    riskLevel: string | null
    waitingSince: string
  }>
  showNames: boolean
}

export class WorkloadService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  async teams(): Promise<Array<{ id: string; name: string }>> {
    return this.database.db.selectFrom('team').select(['id', 'name']).orderBy('name').execute()
  }

  private teamFor(actor: Actor, requested: string | undefined): string {
    if (actor.role === 'supervisor' || actor.role === 'offender_manager') {
      if (!actor.teamId) throw new Forbidden('You are not in a team')
      if (requested && requested !== actor.teamId) throw new Forbidden('You can see only your own team')
      return actor.teamId
    }
    if (actor.role === 'unit_head' || actor.role === 'analyst') {
      if (!requested || !isUuid(requested)) throw new NotFound('Select a team')
      return requested
    }
    throw new Forbidden('Your role does not include workload')
  }

  private async load(
    teamId: string,
  ): Promise<{ team: TeamWorkload['team']; officers: Officer[]; caseloads: Map<string, Case[]> }> {
    const { db } = this.database
    const team = await db
      .selectFrom('team')
      .select(['id', 'name', 'district_code as districtCode'])
      .where('id', '=', teamId)
      .executeTakeFirst()
    if (!team) throw new NotFound('No such team')
    const staff = await db
      .selectFrom('staff')
      .select(['id', 'display_name', 'accreditations', 'capacity', 'active'])
      .where('team_id', '=', teamId)
      .where('role', '=', 'offender_manager')
      .orderBy('display_name')
      .execute()
    const officers: Officer[] = staff.map(s => ({
      id: s.id,
      name: s.display_name,
      districtId: team.districtCode,
      teamId,
      accreditations: s.accreditations,
      // staff.capacity is the number of cases agreed for the officer; as points it scales by the average weight.
      ...(s.capacity > 0 ? { capacityPoints: Math.round(s.capacity * AVERAGE_CASE_WEIGHT) } : {}),
      available: s.active,
    }))
    const counts = await db
      .selectFrom('subject')
      .select([
        'offender_manager_id as officerId',
        'risk_level as riskLevel',
        'status',
        db.fn.countAll<number>().as('n'),
      ])
      .where('managing_team_id', '=', teamId)
      .where('offender_manager_id', 'is not', null)
      .where('status', '<>', 'ended')
      .groupBy(['offender_manager_id', 'risk_level', 'status'])
      .execute()
    const caseloads = new Map<string, Case[]>()
    for (const c of counts) {
      const list = caseloads.get(c.officerId ?? '') ?? []
      const level = toDomainLevel(c.riskLevel)
      for (let i = 0; i < Number(c.n); i++) {
        list.push({ subjectId: '', ...(level ? { riskLevel: level } : {}), reactive: c.status === 'reactive' })
      }
      caseloads.set(c.officerId ?? '', list)
    }
    return { team, officers, caseloads }
  }

  async team(actor: Actor, requestedTeamId?: string): Promise<TeamWorkload> {
    const teamId = this.teamFor(actor, requestedTeamId)
    const { team, officers, caseloads } = await this.load(teamId)
    const { db } = this.database
    const waiting = await db
      .selectFrom('subject as s')
      .innerJoin('person as p', 'p.id', 's.person_id')
      .select([
        's.id',
        's.reference',
        's.risk_level',
        's.status',
        's.registered_on',
        's.updated_at',
        'p.given_name',
        'p.family_name',
      ])
      .where('s.managing_team_id', '=', teamId)
      .where('s.offender_manager_id', 'is', null)
      .where('s.status', '<>', 'ended')
      .execute()
    const showNames = actor.role !== 'analyst'
    const queue = unallocatedQueue(
      waiting.map(w => {
        const level = toDomainLevel(w.risk_level)
        return {
          subjectId: w.id,
          ...(level ? { riskLevel: level } : {}),
          reactive: w.status === 'reactive',
          waitingSince: Temporal.PlainDate.from(w.registered_on),
          row: w,
        }
      }),
    ).map(q => ({
      subjectId: q.subjectId,
      reference: q.row.reference,
      name: showNames ? `${q.row.given_name} ${q.row.family_name}` : null,
      riskLevel: q.row.risk_level,
      waitingSince: q.waitingSince.toString(),
    }))
    await appendAudit(db, nowDate(this.clock), [
      {
        actorId: actor.id,
        actorUsername: actor.username,
        operation: 'consult',
        recordType: 'workload',
        recordId: teamId,
        correlationId: actor.correlationId,
        details: { unallocated: queue.length, subjectIds: showNames ? queue.map(q => q.subjectId) : [] },
      },
    ])
    return {
      team,
      officers: officers.map(o => ({
        ...officerWorkload(o, caseloads.get(o.id) ?? [], DEFAULT_WORKLOAD_SETTINGS),
        name: o.name,
        accreditations: [...o.accreditations],
      })),
      queue,
      showNames,
    }
  }

  /** Who should manage this subject: lowest weighted caseload in its team among accredited officers. */
  async recommend(
    actor: Actor,
    subjectId: string,
  ): Promise<{
    subject: {
      id: string
      reference: string
      name: string
      riskLevel: string | null
      currentOfficerId: string | null
      teamId: string
    }
    recommendation: AllocationRecommendation
  }> {
    const { db } = this.database
    // The role is checked before the record is read, so a refused caller has read nothing.
    if (actor.role !== 'supervisor' && actor.role !== 'unit_head')
      throw new Forbidden('Only a supervisor allocates cases')
    const subject = await subjectForCasework(db, actor, subjectId, nowDate(this.clock), 'consult')
    const { team, officers, caseloads } = await this.load(subject.managingTeamId)
    const level = toDomainLevel(subject.riskLevel)
    const recommendation = recommendAllocation({
      subject: {
        subjectId: subject.id,
        ...(level ? { riskLevel: level } : {}),
        reactive: subject.status === 'reactive',
        districtId: team.districtCode,
        teamId: team.id,
        requiredAccreditations: REQUIRED_ACCREDITATIONS[subject.category] ?? [],
      },
      officers,
      caseloads,
      ...(subject.offenderManagerId ? { excludeOfficerIds: [subject.offenderManagerId] } : {}),
    })
    return {
      subject: {
        id: subject.id,
        reference: subject.reference,
        name: `${subject.givenName} ${subject.familyName}`,
        riskLevel: subject.riskLevel,
        currentOfficerId: subject.offenderManagerId,
        teamId: team.id,
      },
      recommendation: { ...recommendation, explanation: recommendation.explanation.replaceAll(team.id, team.name) },
    }
  }

  /** Allocates (or reallocates) a subject to an officer in its team: audited, timelined, new manager alerted. */
  async allocate(actor: Actor, subjectId: string, input: { officerId?: unknown; reason?: unknown }): Promise<void> {
    const { db } = this.database
    const at = nowDate(this.clock)
    if (actor.role !== 'supervisor' && actor.role !== 'unit_head')
      throw new Forbidden('Only a supervisor allocates cases')
    const subject = await subjectForCasework(db, actor, subjectId, at, 'alter')
    const officerId = typeof input.officerId === 'string' ? input.officerId : ''
    const reason = typeof input.reason === 'string' ? input.reason.trim() : ''
    const errors = []
    if (!isUuid(officerId)) errors.push({ field: 'officerId', message: 'Select the officer to manage this subject' })
    if (reason.length > 2000) errors.push({ field: 'reason', message: 'Reason must be 2000 characters or fewer' })
    if (errors.length) throw new ValidationError(errors)
    const officer = await db
      .selectFrom('staff')
      .select(['id', 'display_name', 'accreditations'])
      .where('id', '=', officerId)
      .where('team_id', '=', subject.managingTeamId)
      .where('role', '=', 'offender_manager')
      .where('active', '=', true)
      .executeTakeFirst()
    if (!officer)
      throw new ValidationError([{ field: 'officerId', message: "Select an officer from the subject's team" }])
    if (officer.id === subject.offenderManagerId) {
      throw new ValidationError([
        { field: 'officerId', message: 'Select a different officer from the current offender manager' },
      ])
    }
    const missing = (REQUIRED_ACCREDITATIONS[subject.category] ?? []).filter(a => !officer.accreditations.includes(a))
    if (missing.length) {
      throw new ValidationError([
        { field: 'officerId', message: `Select an officer accredited for ${missing.join(' and ')}` },
      ])
    }
    const settings = await loadRiskVisitSettings(db)
    await db.transaction().execute(async trx => {
      await trx
        .updateTable('subject')
        .set({ offender_manager_id: officer.id, updated_at: at })
        .where('id', '=', subject.id)
        .execute()
      await recordSubjectEvent(trx, {
        subjectId: subject.id,
        kind: 'allocation',
        occurredOn: todayIn(this.clock).toString(),
        recordedAt: at,
        recordedBy: actor.id,
        summary: `${subject.offenderManagerId ? 'Reallocated' : 'Allocated'} to ${officer.display_name}${reason ? `: ${reason}` : ''}`,
        details: { from: subject.offenderManagerId, to: officer.id },
      })
      await raiseAlert(trx, {
        subjectId: subject.id,
        kind: 'allocation',
        priority: 'normal',
        title: `${subject.reference} has been allocated to you`,
        detail: reason,
        createdAt: at,
        createdBy: actor.id,
        recipients: [{ staffId: officer.id, reason: 'new offender manager' }],
      })
      await refreshSubjectDue(trx, subject.id, settings, at)
      await appendAudit(trx, at, [
        {
          actorId: actor.id,
          actorUsername: actor.username,
          operation: 'alter',
          recordType: 'allocation',
          recordId: subject.id,
          subjectId: subject.id,
          correlationId: actor.correlationId,
          details: { from: subject.offenderManagerId, to: officer.id },
        },
      ])
    })
  }
}

/** Average points per case at the national risk mix with the default weights (see domain/workload/weights.ts). */
const AVERAGE_CASE_WEIGHT = 1.5
