import { Temporal } from 'temporal-polyfill'
import type { Actor } from '../../domain/access/actor.ts'
import type { SubjectField } from '../../domain/access/policy.ts'
import type { Clock } from '../../domain/clock.ts'
import { todayIn } from '../../domain/clock.ts'
import {
  assessNotificationHistory,
  isDisposal,
  notificationPeriod,
  longestNotificationPeriod,
  reviewEligibility,
  type NotificationPeriod,
} from '../../domain/register/index.ts'
import type { DataAccess } from '../../data/index.ts'
import type { NotificationRow } from '../../data/register/registerRepository.ts'
import type { AccessGate } from '../access/gate.ts'
import { engineRecordsOf } from './history.ts'

export interface ConvictionView {
  id: string
  offence: string
  schedule3Paragraph: string | null
  court: string
  convictionDate: string
  relevantDate: string
  disposal: string
  custodialMonths: number | null
  dischargeMonths: number | null
  sentence: string
  period: { indefinite: boolean; periodMonths: number | null; lastDay: string | null } | null
}

export interface RegisterRecord {
  subject: {
    id: string
    reference: string
    givenName: string
    familyName: string
    dateOfBirth: string | null
    status: string
  }
  convictions: ConvictionView[]
  requirement: {
    indefinite: boolean
    periodMonths: number | null
    lastDay: string | null
    nextPeriodicDue: string | null
    periodicOverdue: boolean
    daysOverdue: number
    review: { qualifyingDate: string; mayApplyFrom: string; barredByOrder: boolean } | null
  } | null
  notifications: NotificationRow[]
  documents: Array<{
    kind: string
    documentNumber: string
    issuingCountry: string
    nameOnDocument: string
    issuedOn: string | null
    expiresOn: string | null
  }>
  accounts: Array<{
    kind: string
    provider: string
    nameOnAccount: string
    sortCode: string | null
    accountNumber: string | null
    cardNumber: string | null
    cardExpiry: string | null
  }>
  /** Whether this reader saw full bank account numbers (the subject's offender manager, supervisors, unit heads). */
  fullBankDetails: boolean
  travel: Array<{
    departureAt: Date
    departurePoint: string
    returnOn: string | null
    carrier: string
    countries: string
    late: boolean
  }>
  associations: Array<{
    name: string
    relationship: string
    kind: string
    fromDate: string
    toDate: string | null
    age: number | null
    child: boolean
    childrenInHousehold: number
  }>
  failuresToComply: Array<{
    kind: string
    basis: string
    dueOn: string
    daysLate: number
    status: string
    raisedAt: Date
  }>
  timeline: Array<{ kind: string; occurredOn: string; recordedAt: Date; summary: string; by: string | null }>
}

/**
 * The parts of a subject the register record shows: who they are, every address notified, and the people they
 * stay or associate with (children among them). A reader needs all three.
 */
export const REGISTER_RECORD_PARTS: readonly SubjectField[] = ['identity', 'address', 'household']

const mask = (value: string, keep: number) => `${'•'.repeat(Math.max(0, value.length - keep))}${value.slice(-keep)}`

/** The register part of a subject's record: what the notification requirement is, and everything notified. */
export class RegisterRecordService {
  constructor(
    private readonly data: DataAccess,
    private readonly gate: AccessGate,
    private readonly clock: Clock,
  ) {}

  async view(actor: Actor, subjectId: string): Promise<RegisterRecord> {
    return (await this.read(actor, subjectId)).record
  }

  /** The record and whether this reader may record notifications (read-only viewers: break-glass, partners). */
  async read(actor: Actor, subjectId: string): Promise<{ record: RegisterRecord; canRecord: boolean }> {
    const { repos } = this.data
    const access = await this.gate.open(repos, actor, subjectId, 'identity', 'read')
    for (const part of REGISTER_RECORD_PARTS) await this.gate.require(repos, access, part, 'read')
    const { subject } = access
    const fullBankDetails =
      actor.id === subject.offenderManagerId || actor.role === 'supervisor' || actor.role === 'unit_head'
    const today = todayIn(this.clock)
    const [
      dateOfBirth,
      convictionRows,
      history,
      documents,
      accounts,
      travel,
      associations,
      ftc,
      timeline,
      requirementRow,
    ] = await Promise.all([
      repos.register.dateOfBirth(subject.personId),
      repos.register.convictions(subjectId),
      repos.register.history(subjectId),
      repos.register.identityDocuments(subjectId),
      repos.register.financialAccounts(subjectId),
      repos.register.foreignTravel(subjectId),
      repos.register.associations(subjectId, today.toString()),
      repos.register.failuresToComply(subjectId),
      repos.register.timeline(subjectId, 200),
      repos.register.requirement(subjectId),
    ])
    await this.gate.consulted(repos, access, REGISTER_RECORD_PARTS, { view: 'register-record', fullBankDetails })

    const dob = dateOfBirth ? Temporal.PlainDate.from(dateOfBirth) : null
    const periodOf = (c: (typeof convictionRows)[number]): NotificationPeriod | null => {
      if (!dob || !isDisposal(c.disposal)) return null
      try {
        return notificationPeriod({
          disposal: c.disposal,
          custodialMonths: c.custodial_months,
          dischargeMonths: c.discharge_months,
          dateOfBirth: dob,
          relevantDate: Temporal.PlainDate.from(c.relevant_date),
        })
      } catch {
        return null
      }
    }
    const periods = convictionRows.map(periodOf)
    const convictions: ConvictionView[] = convictionRows.map((c, i) => {
      const p = periods[i]
      return {
        id: c.id,
        offence: c.offence,
        schedule3Paragraph: c.schedule3_paragraph,
        court: c.court,
        convictionDate: c.conviction_date,
        relevantDate: c.relevant_date,
        disposal: c.disposal,
        custodialMonths: c.custodial_months,
        dischargeMonths: c.discharge_months,
        sentence: c.sentence,
        period: p
          ? { indefinite: p.indefinite, periodMonths: p.periodMonths, lastDay: p.lastDay?.toString() ?? null }
          : null,
      }
    })
    const governing = longestNotificationPeriod(periods.filter((p): p is NotificationPeriod => p !== null))
    let requirement: RegisterRecord['requirement'] = null
    if (governing) {
      const assessed = assessNotificationHistory({
        notifications: engineRecordsOf(history),
        requirementLastDay: governing.lastDay,
        asOf: today,
      })
      let review: NonNullable<RegisterRecord['requirement']>['review'] = null
      const governingConviction = convictionRows.find((_, i) => periods[i]?.indefinite)
      const firstNotified =
        requirementRow?.relevant_notification_on ??
        history.find(h => governingConviction && h.notifiedOn >= governingConviction.relevant_date)?.notifiedOn
      if (governing.indefinite && dob && governingConviction && firstNotified) {
        const r = reviewEligibility({
          dateOfBirth: dob,
          relevantDate: Temporal.PlainDate.from(governingConviction.relevant_date),
          relevantNotificationDate: Temporal.PlainDate.from(firstNotified),
          determinations: requirementRow?.last_review_determination_on
            ? [
                {
                  madeOn: Temporal.PlainDate.from(requirementRow.last_review_determination_on),
                  ...(requirementRow.further_review_months
                    ? { furtherReviewMonths: requirementRow.further_review_months }
                    : {}),
                },
              ]
            : [],
          subjectToPreventionOrder: requirementRow?.subject_to_prevention_order ?? false,
        })
        review = {
          qualifyingDate: r.qualifyingDate.toString(),
          mayApplyFrom: r.mayApplyFrom.toString(),
          barredByOrder: r.barredByOrder,
        }
      }
      requirement = {
        indefinite: governing.indefinite,
        periodMonths: governing.periodMonths,
        lastDay: governing.lastDay?.toString() ?? null,
        nextPeriodicDue: assessed.nextPeriodic?.due?.toString() ?? null,
        periodicOverdue: assessed.periodicOverdue,
        daysOverdue: assessed.daysOverdue,
        review,
      }
    }

    const record: RegisterRecord = {
      subject: {
        id: subject.id,
        reference: subject.reference,
        givenName: subject.givenName,
        familyName: subject.familyName,
        dateOfBirth,
        status: subject.status,
      },
      convictions,
      requirement,
      notifications: history.reverse(),
      documents,
      accounts: accounts.map(a => ({
        kind: a.kind,
        provider: a.provider,
        nameOnAccount: a.name_on_account,
        sortCode: a.sort_code
          ? fullBankDetails
            ? a.sort_code.replace(/(\d{2})(\d{2})(\d{2})/, '$1-$2-$3')
            : '••-••-••'
          : null,
        accountNumber: a.account_number ? (fullBankDetails ? a.account_number : mask(a.account_number, 4)) : null,
        cardNumber: a.card_last4 ? `•••• •••• •••• ${a.card_last4}` : null,
        cardExpiry: a.card_expiry,
      })),
      fullBankDetails,
      travel: travel.map(t => ({
        departureAt: t.departureAt,
        departurePoint: t.departurePoint,
        returnOn: t.returnOn,
        carrier: t.carrier,
        countries: t.destinations.map(d => (typeof d.country === 'string' ? d.country : '')).join(', '),
        late: t.late,
      })),
      associations: associations.map(a => {
        const age = a.dateOfBirth
          ? Temporal.PlainDate.from(a.dateOfBirth).until(today, { largestUnit: 'years' }).years
          : null
        return {
          name: `${a.givenName} ${a.familyName}`,
          relationship: a.relationship,
          kind: a.kind,
          fromDate: a.fromDate,
          toDate: a.toDate,
          age,
          child: age !== null && age < 18,
          childrenInHousehold: a.childrenInHousehold,
        }
      }),
      failuresToComply: ftc,
      timeline,
    }
    return { record, canRecord: access.may('identity', 'write') }
  }
}
