import { Temporal } from 'temporal-polyfill'
import type { Actor } from '../../domain/access/actor.ts'
import { nowDate, todayIn, type Clock } from '../../domain/clock.ts'
import { Forbidden, NotFound, ValidationError } from '../../domain/errors.ts'
import { asRiskLevel } from '../../domain/risk/index.ts'
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
import type { DataAccess } from '../../data/index.ts'
import type { AccessGate } from '../access/gate.ts'
import { loadScheduleSettings, refreshSubjectDue } from '../schedule/schedule.ts'
import { isUuid } from '../../domain/ids.ts'

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
    private readonly data: DataAccess,
    private readonly gate: AccessGate,
    private readonly clock: Clock,
  ) {}

  async teams(): Promise<Array<{ id: string; name: string }>> {
    return this.data.repos.workload.teams()
  }

  /**
   * Only supervisors (and the unit head) allocate. The role is checked before the record is read, so a refused
   * caller has read nothing; the refusal is audited like the gate's own (issue 10: refusals on allocation).
   */
  private async requireAllocator(actor: Actor, subjectId: string, operation: 'consult' | 'alter'): Promise<void> {
    if (actor.role === 'supervisor' || actor.role === 'unit_head') return
    const known = isUuid(subjectId)
    await this.data.repos.audit.append(nowDate(this.clock), [
      {
        actorId: actor.id,
        actorUsername: actor.username,
        operation,
        recordType: 'allocation',
        ...(known ? { recordId: subjectId, subjectId } : {}),
        correlationId: actor.correlationId,
        outcome: 'denied',
        details: { reason: 'role does not allocate cases' },
      },
    ])
    throw new Forbidden('Only a supervisor allocates cases')
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
    const { workload } = this.data.repos
    const team = await workload.team(teamId)
    if (!team) throw new NotFound('No such team')
    const staff = await workload.offenderManagers(teamId)
    const officers: Officer[] = staff.map(s => ({
      id: s.id,
      name: s.name,
      districtId: team.districtCode,
      teamId,
      accreditations: s.accreditations,
      // staff.capacity is the number of cases agreed for the officer; as points it scales by the average weight.
      ...(s.capacity > 0 ? { capacityPoints: Math.round(s.capacity * AVERAGE_CASE_WEIGHT) } : {}),
      available: s.active,
    }))
    const counts = await workload.caseloadCounts(teamId)
    const caseloads = new Map<string, Case[]>()
    for (const c of counts) {
      const list = caseloads.get(c.officerId ?? '') ?? []
      const level = asRiskLevel(c.riskLevel)
      for (let i = 0; i < c.n; i++) {
        list.push({ subjectId: '', ...(level ? { riskLevel: level } : {}), reactive: c.status === 'reactive' })
      }
      caseloads.set(c.officerId ?? '', list)
    }
    return { team, officers, caseloads }
  }

  async team(actor: Actor, requestedTeamId?: string): Promise<TeamWorkload> {
    const teamId = this.teamFor(actor, requestedTeamId)
    const { team, officers, caseloads } = await this.load(teamId)
    const waiting = await this.data.repos.workload.unallocated(teamId)
    const showNames = actor.role !== 'analyst'
    const queue = unallocatedQueue(
      waiting.map(w => {
        const level = asRiskLevel(w.riskLevel)
        return {
          subjectId: w.id,
          ...(level ? { riskLevel: level } : {}),
          reactive: w.status === 'reactive',
          waitingSince: Temporal.PlainDate.from(w.registeredOn),
          row: w,
        }
      }),
    ).map(q => ({
      subjectId: q.subjectId,
      reference: q.row.reference,
      name: showNames ? `${q.row.givenName} ${q.row.familyName}` : null,
      riskLevel: q.row.riskLevel,
      waitingSince: q.waitingSince.toString(),
    }))
    await this.data.repos.audit.append(nowDate(this.clock), [
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
    const { repos } = this.data
    await this.requireAllocator(actor, subjectId, 'consult')
    const access = await this.gate.open(repos, actor, subjectId, 'risk', 'read')
    const subject = access.subject
    const { team, officers, caseloads } = await this.load(subject.managingTeamId)
    const level = asRiskLevel(subject.riskLevel)
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
    await this.gate.consulted(repos, access, ['identity', 'risk'], { allocation: true })
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
    const { repos } = this.data
    const at = nowDate(this.clock)
    await this.requireAllocator(actor, subjectId, 'alter')
    const { subject } = await this.gate.open(repos, actor, subjectId, 'risk', 'write')
    const officerId = typeof input.officerId === 'string' ? input.officerId : ''
    const reason = typeof input.reason === 'string' ? input.reason.trim() : ''
    const errors = []
    if (!isUuid(officerId)) errors.push({ field: 'officerId', message: 'Select the officer to manage this subject' })
    if (reason.length > 2000) errors.push({ field: 'reason', message: 'Reason must be 2000 characters or fewer' })
    if (errors.length) throw new ValidationError(errors)
    const officer = await repos.workload.activeOffenderManager(officerId, subject.managingTeamId)
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
    const settings = await loadScheduleSettings(repos)
    await this.data.transaction(async trx => {
      await trx.workload.setOffenderManager(subject.id, officer.id, at)
      await trx.timeline.recordSubjectEvent({
        subjectId: subject.id,
        kind: 'allocation',
        occurredOn: todayIn(this.clock).toString(),
        recordedAt: at,
        recordedBy: actor.id,
        summary: `${subject.offenderManagerId ? 'Reallocated' : 'Allocated'} to ${officer.name}${reason ? `: ${reason}` : ''}`,
        details: { from: subject.offenderManagerId, to: officer.id },
      })
      await trx.timeline.raiseAlert({
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
      await trx.audit.append(at, [
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
