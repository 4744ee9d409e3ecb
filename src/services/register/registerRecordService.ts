import { sql } from 'kysely'
import { Temporal } from 'temporal-polyfill'
import type { Actor } from '../../domain/access/actor.ts'
import type { Clock } from '../../domain/clock.ts'
import { nowDate, todayIn } from '../../domain/clock.ts'
import {
  assessNotificationHistory,
  isDisposal,
  notificationPeriod,
  longestNotificationPeriod,
  reviewEligibility,
  type NotificationPeriod,
} from '../../domain/register/index.ts'
import type { Database } from '../../data/database.ts'
import { appendAudit } from '../../data/audit/auditRepository.ts'
import { notificationHistory, type NotificationRow } from '../../data/register/registerRepository.ts'
import { engineRecordsOf } from './history.ts'
import type { NotificationService } from './notificationService.ts'

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

const mask = (value: string, keep: number) => `${'•'.repeat(Math.max(0, value.length - keep))}${value.slice(-keep)}`

/** The register part of a subject's record: what the notification requirement is, and everything notified. */
export class RegisterRecordService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly notifications: NotificationService,
  ) {}

  async view(actor: Actor, subjectId: string): Promise<RegisterRecord> {
    const subject = await this.notifications.subjectFor(actor, subjectId)
    const { db } = this.database
    const fullBankDetails =
      actor.id === subject.offenderManagerId || actor.role === 'supervisor' || actor.role === 'unit_head'
    await appendAudit(db, nowDate(this.clock), [
      {
        actorId: actor.id,
        actorUsername: actor.username,
        operation: 'consult',
        recordType: 'register-record',
        recordId: subjectId,
        subjectId,
        correlationId: actor.correlationId,
        details: { fullBankDetails },
      },
    ])
    const today = todayIn(this.clock)
    const [convictionRows, history, documents, accounts, travel, associations, ftc, timeline, requirementRow] =
      await Promise.all([
        db
          .selectFrom('conviction')
          .selectAll()
          .where('subject_id', '=', subjectId)
          .orderBy('relevant_date', 'desc')
          .execute(),
        notificationHistory(db, subjectId),
        db
          .selectFrom('identity_document')
          .select([
            'kind',
            'document_number as documentNumber',
            'issuing_country as issuingCountry',
            'name_on_document as nameOnDocument',
            'issued_on as issuedOn',
            'expires_on as expiresOn',
          ])
          .where('subject_id', '=', subjectId)
          .orderBy('recorded_at', 'desc')
          .execute(),
        db
          .selectFrom('financial_account')
          .selectAll()
          .where('subject_id', '=', subjectId)
          .orderBy('recorded_at', 'desc')
          .execute(),
        db
          .selectFrom('foreign_travel as t')
          .innerJoin('notification as n', 'n.id', 't.notification_id')
          .select([
            't.departure_at as departureAt',
            't.departure_point as departurePoint',
            't.return_on as returnOn',
            't.carrier',
            't.destinations',
            'n.late',
          ])
          .where('t.subject_id', '=', subjectId)
          .orderBy('t.departure_at', 'desc')
          .execute(),
        db
          .selectFrom('association as a')
          .innerJoin('person as p', 'p.id', 'a.person_id')
          .select([
            'p.given_name as givenName',
            'p.family_name as familyName',
            'p.date_of_birth as dateOfBirth',
            'a.relationship',
            'a.kind',
            'a.from_date as fromDate',
            'a.to_date as toDate',
            sql<number>`(select count(*)::int from household h join household_member m on m.household_id = h.id
            join person c on c.id = m.person_id
            where h.address_id = a.address_id and m.to_date is null and c.id <> a.person_id
            and c.date_of_birth > (${today.toString()}::date - interval '18 years'))`.as('childrenInHousehold'),
          ])
          .where('a.subject_id', '=', subjectId)
          .orderBy('a.from_date', 'desc')
          .execute(),
        db
          .selectFrom('possible_failure_to_comply')
          .select(['kind', 'basis', 'due_on as dueOn', 'days_late as daysLate', 'status', 'raised_at as raisedAt'])
          .where('subject_id', '=', subjectId)
          .orderBy('raised_at', 'desc')
          .execute(),
        db
          .selectFrom('subject_event as e')
          .leftJoin('staff as s', 's.id', 'e.recorded_by')
          .select([
            'e.kind',
            'e.occurred_on as occurredOn',
            'e.recorded_at as recordedAt',
            'e.summary',
            's.display_name as by',
          ])
          .where('e.subject_id', '=', subjectId)
          .orderBy('e.recorded_at', 'desc')
          .limit(200)
          .execute(),
        db.selectFrom('notification_requirement').selectAll().where('subject_id', '=', subjectId).executeTakeFirst(),
      ])

    const dob = subject.dateOfBirth ? Temporal.PlainDate.from(subject.dateOfBirth) : null
    const periodOf = (c: (typeof convictionRows)[number]): NotificationPeriod | null => {
      if (!dob || !isDisposal(c.disposal)) return null
      try {
        return notificationPeriod({
          disposal: c.disposal,
          custodialMonths: c.custodial_months === null ? null : Number(c.custodial_months),
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
        custodialMonths: c.custodial_months === null ? null : Number(c.custodial_months),
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

    return {
      subject: {
        id: subject.id,
        reference: subject.reference,
        givenName: subject.givenName,
        familyName: subject.familyName,
        dateOfBirth: subject.dateOfBirth,
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
        countries: t.destinations.map(d => String(d.country ?? '')).join(', '),
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
          childrenInHousehold: Number(a.childrenInHousehold),
        }
      }),
      failuresToComply: ftc,
      timeline,
    }
  }
}
