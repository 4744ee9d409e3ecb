import { sql } from 'kysely'
import { Temporal } from 'temporal-polyfill'
import type { Clock } from '../../domain/clock.ts'
import { nowDate, todayIn } from '../../domain/clock.ts'
import {
  assessNotificationHistory,
  isDisposal,
  longestNotificationPeriod,
  notificationPeriod,
  type NotificationPeriod,
} from '../../domain/register/index.ts'
import type { Database } from '../../data/database.ts'
import { appendAudit } from '../../data/repositories/auditRepository.ts'
import type { NotificationRow } from '../../data/repositories/registerRepository.ts'
import { recordSubjectEvent } from '../../data/repositories/timelineRepository.ts'
import { alertRecipientsFor, raiseAlertInTransaction } from '../alerts/alertService.ts'
import { engineRecordsOf } from './history.ts'

/**
 * s.85 / s.91: a periodic notification not given by its due date is a possible failure to comply. The sweep raises
 * one item and one alert per missed due date, however often it runs and on however many instances: the partial
 * unique index (subject_id, due_on) where kind = 'periodic-overdue' decides which insert wins.
 */
export class ComplianceSweep {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  async periodicOverdue(): Promise<number> {
    const { db } = this.database
    const today = todayIn(this.clock)
    // Anyone whose last notification is over 7 days old may be overdue (7 days is the no-fixed-abode period).
    const candidates = await db
      .selectFrom('subject as s')
      .innerJoin('person as p', 'p.id', 's.person_id')
      .select(['s.id', 's.reference', 'p.given_name as givenName', 'p.family_name as familyName', 'p.date_of_birth as dateOfBirth'])
      .where('s.category', '=', 'rso')
      .where('s.status', 'in', ['active', 'reactive'])
      .where(sql<boolean>`(select max(n.notified_on) from notification n where n.subject_id = s.id
        and n.kind in ('initial','change-of-name','change-of-home-address','other-address','release-from-custody','periodic'))
        < ${today.toString()}::date - 7`)
      .execute()
    if (candidates.length === 0) return 0
    const ids = candidates.map(c => c.id)
    const [history, convictions] = await Promise.all([
      db
        .selectFrom('notification')
        .select([
          'id',
          'subject_id as subjectId',
          'kind',
          'event_date as eventDate',
          'notified_at as notifiedAt',
          'notified_on as notifiedOn',
          'no_fixed_abode as noFixedAbode',
          'details',
          'deadline',
          'late',
          'days_late as daysLate',
          'police_station as policeStation',
        ])
        .where('subject_id', 'in', ids)
        .orderBy('notified_at')
        .execute(),
      db
        .selectFrom('conviction')
        .select(['subject_id as subjectId', 'disposal', 'custodial_months as custodialMonths', 'discharge_months as dischargeMonths', 'relevant_date as relevantDate'])
        .where('subject_id', 'in', ids)
        .execute(),
    ])
    const bySubject = new Map<string, NotificationRow[]>()
    for (const row of history) {
      const list = bySubject.get(row.subjectId) ?? []
      list.push({ ...row, takenByName: null })
      bySubject.set(row.subjectId, list)
    }
    let raised = 0
    for (const subject of candidates) {
      const dob = subject.dateOfBirth ? Temporal.PlainDate.from(subject.dateOfBirth) : null
      const periods = convictions
        .filter(c => c.subjectId === subject.id && dob && isDisposal(c.disposal))
        .map((c): NotificationPeriod | null => {
          try {
            return notificationPeriod({
              disposal: c.disposal as Parameters<typeof notificationPeriod>[0]['disposal'],
              custodialMonths: c.custodialMonths === null ? null : Number(c.custodialMonths),
              dischargeMonths: c.dischargeMonths,
              dateOfBirth: dob as Temporal.PlainDate,
              relevantDate: Temporal.PlainDate.from(c.relevantDate),
            })
          } catch {
            return null
          }
        })
        .filter((p): p is NotificationPeriod => p !== null)
      const governing = longestNotificationPeriod(periods)
      // The requirement has ended: nothing is due after its last day.
      if (governing && !governing.indefinite && Temporal.PlainDate.compare(governing.lastDay, today) < 0) continue
      const assessed = assessNotificationHistory({
        notifications: engineRecordsOf(bySubject.get(subject.id) ?? []),
        requirementLastDay: governing?.lastDay ?? null,
        asOf: today,
      })
      const due = assessed.nextPeriodic?.due
      if (!assessed.periodicOverdue || !due) continue
      if (await this.raise(subject, due.toString(), assessed.daysOverdue)) raised++
    }
    return raised
  }

  private async raise(
    subject: { id: string; reference: string; givenName: string; familyName: string },
    dueOn: string,
    daysOverdue: number,
  ): Promise<boolean> {
    const at = nowDate(this.clock)
    const today = todayIn(this.clock).toString()
    return this.database.db.transaction().execute(async trx => {
      const inserted = await sql<{ id: string }>`
        insert into possible_failure_to_comply (subject_id, kind, basis, due_on, days_late, raised_at)
        values (${subject.id}, 'periodic-overdue', 's.85(1)', ${dueOn}, ${daysOverdue}, ${at})
        on conflict (subject_id, due_on) where kind = 'periodic-overdue' do nothing
        returning id`.execute(trx)
      const ftc = inserted.rows[0]
      if (!ftc) return false
      const summary = `Periodic notification (s.85(1)) due by ${dueOn} not given: ${daysOverdue} ${daysOverdue === 1 ? 'day' : 'days'} overdue`
      await recordSubjectEvent(trx, {
        subjectId: subject.id,
        kind: 'possible-failure-to-comply',
        occurredOn: today,
        recordedAt: at,
        recordedBy: null,
        summary: `Possible failure to comply: ${summary}`,
        details: { ftcId: ftc.id, dueOn, daysOverdue },
      })
      await appendAudit(trx, at, [
        {
          actorId: null,
          actorUsername: 'system',
          operation: 'collect',
          recordType: 'possible_failure_to_comply',
          recordId: ftc.id,
          subjectId: subject.id,
          details: { kind: 'periodic-overdue', dueOn, daysOverdue },
        },
      ])
      await raiseAlertInTransaction(trx, {
        subjectId: subject.id,
        kind: 'periodic-overdue',
        priority: 'high',
        title: `Periodic notification missed: ${subject.givenName} ${subject.familyName} (${subject.reference})`,
        detail: `${summary}. A possible failure to comply (s.91) needs your review.`,
        data: { dueOn, daysOverdue, subjectReference: subject.reference },
        createdAt: at,
        createdBy: null,
        recipients: await alertRecipientsFor(trx, subject.id),
      })
      return true
    })
  }
}
