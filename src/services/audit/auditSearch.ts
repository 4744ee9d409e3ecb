import { toCsv } from '../../domain/export/csv.ts'
import type { Clock } from '../../domain/clock.ts'
import { nowDate } from '../../domain/clock.ts'
import type { Actor } from '../../domain/access/actor.ts'
import { canSearchAuditLog } from '../../domain/access/policy.ts'
import { Forbidden, ValidationError, type FieldError } from '../../domain/errors.ts'
import { parseIsoDate } from '../../domain/people/dateInput.ts'
import type { AuditSearch } from '../../data/audit/auditRepository.ts'
import type { DataAccess } from '../../data/index.ts'

export interface AuditFilters {
  username?: string
  reference?: string
  operation?: string
  outcome?: string
  from?: string
  to?: string
}

export interface AuditRow {
  seq: number
  occurredAt: Date
  actorUsername: string | null
  operation: string
  outcome: string
  recordType: string | null
  recordId: string | null
  subjectReference: string | null
  purpose: string | null
  recipient: string | null
  correlationId: string | null
}

const PAGE = 50
const EXPORT_LIMIT = 100_000
const OPERATIONS = [
  'collect',
  'alter',
  'consult',
  'disclose',
  'combine',
  'erase',
  'sign-in',
  'sign-out',
  'break-glass',
  'export',
  'search',
  'admin',
]

/** The auditor's search of the log. Every search and export is itself logged, so auditors are accountable too. */
export class AuditSearchService {
  constructor(
    private readonly data: DataAccess,
    private readonly clock: Clock,
  ) {}

  private validate(actor: Actor, filters: AuditFilters): { fromDate: Date | null; toDate: Date | null } {
    if (!canSearchAuditLog(actor)) throw new Forbidden('Only auditors can search the audit log')
    const errors: FieldError[] = []
    if (filters.operation && !OPERATIONS.includes(filters.operation))
      errors.push({ field: 'operation', message: 'Select an operation from the list' })
    let fromDate: Date | null = null
    let toDate: Date | null = null
    if (filters.from) {
      const r = parseIsoDate('The from date', filters.from)
      if (!r.ok) errors.push({ field: 'from', message: r.message })
      else fromDate = new Date(`${r.date.toString()}T00:00:00Z`)
    }
    if (filters.to) {
      const r = parseIsoDate('The to date', filters.to)
      if (!r.ok) errors.push({ field: 'to', message: r.message })
      else toDate = new Date(new Date(`${r.date.toString()}T00:00:00Z`).getTime() + 86_400_000)
    }
    if (fromDate && toDate && fromDate >= toDate)
      errors.push({ field: 'to', message: 'The to date must be the same as or after the from date' })
    if (errors.length > 0) throw new ValidationError(errors)
    return { fromDate, toDate }
  }

  async search(
    actor: Actor,
    filters: AuditFilters,
    page = 1,
  ): Promise<{ rows: AuditRow[]; page: number; pageSize: number; hasMore: boolean }> {
    const range = this.validate(actor, filters)
    const rows = await this.rows(filters, range, PAGE + 1, (page - 1) * PAGE)
    await this.data.repos.audit.append(nowDate(this.clock), [
      {
        actorId: actor.id,
        actorUsername: actor.username,
        operation: 'search',
        recordType: 'audit-log',
        correlationId: actor.correlationId,
        details: { filters: { ...filters }, page },
      },
    ])
    return { rows: rows.slice(0, PAGE), page, pageSize: PAGE, hasMore: rows.length > PAGE }
  }

  /** CSV of the matching rows (newest first, at most 100,000), logged as an export. */
  async exportCsv(actor: Actor, filters: AuditFilters): Promise<string> {
    const range = this.validate(actor, filters)
    const rows = await this.rows(filters, range, EXPORT_LIMIT, 0)
    await this.data.repos.audit.append(nowDate(this.clock), [
      {
        actorId: actor.id,
        actorUsername: actor.username,
        operation: 'export',
        recordType: 'audit-log',
        correlationId: actor.correlationId,
        details: { filters: { ...filters }, rows: rows.length },
      },
    ])
    const columns = [
      'seq',
      'occurredAt',
      'actorUsername',
      'operation',
      'outcome',
      'recordType',
      'recordId',
      'subjectReference',
      'purpose',
      'recipient',
      'correlationId',
    ] as const
    return toCsv([columns, ...rows.map(r => columns.map(c => r[c]))])
  }

  private async rows(
    filters: AuditFilters,
    range: { fromDate: Date | null; toDate: Date | null },
    limit: number,
    offset: number,
  ): Promise<AuditRow[]> {
    const search: AuditSearch = {
      from: range.fromDate,
      toBefore: range.toDate,
      ...(filters.username ? { username: filters.username.trim().toLowerCase() } : {}),
      ...(filters.reference ? { reference: filters.reference.trim().toUpperCase() } : {}),
      ...(filters.operation ? { operation: filters.operation } : {}),
      ...(filters.outcome ? { outcome: filters.outcome } : {}),
    }
    return this.data.repos.audit.search(search, limit, offset)
  }
}

export { OPERATIONS as AUDIT_OPERATIONS }
