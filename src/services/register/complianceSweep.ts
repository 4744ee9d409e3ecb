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
import { appendAudit } from '../../data/audit/auditRepository.ts'
import type { NotificationRow } from '../../data/register/registerRepository.ts'
import { recordSubjectEvent } from '../../data/timeline/timelineRepository.ts'
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
    // Narrow in SQL to subjects whose periodic notification may be overdue and has not been raised yet: the last
    // notification that resets the clock (s.85(2)) is over a year old, or over 7 days old with no fixed abode
    // (or not stated). The engine then decides exactly, in JS, for these few.
    const candidates = await sql<{
      id: string
      reference: string
      givenName: string
      familyName: string
      dateOfBirth: string | null
    }>`
      with last as (
        select distinct on (n.subject_id) n.subject_id, n.notified_on, n.no_fixed_abode
        from notification n
        where n.kind in ('initial','change-of-name','change-of-home-address','other-address','release-from-custody','periodic')
        order by n.subject_id, n.notified_on desc, n.recorded_at desc
      )
      select s.id, s.reference, p.given_name as "givenName", p.family_name as "familyName", p.date_of_birth as "dateOfBirth"
      from last
      join subject s on s.id = last.subject_id
      join person p on p.id = s.person_id
      where s.category = 'rso' and s.status in ('active', 'reactive')
        and (last.notified_on + interval '1 year' < ${today.toString()}::date
          or (last.notified_on < ${today.toString()}::date - 7 and last.no_fixed_abode is not false))
        and not exists (
          select 1 from possible_failure_to_comply f
          where f.subject_id = s.id and f.kind = 'periodic-overdue' and f.due_on > last.notified_on)
      order by s.reference`
      .execute(db)
      .then(r => r.rows)
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
        .select([
          'subject_id as subjectId',
          'disposal',
          'custodial_months as custodialMonths',
          'discharge_months as dischargeMonths',
          'relevant_date as relevantDate',
        ])
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
