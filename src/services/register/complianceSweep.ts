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
import type { DataAccess } from '../../data/index.ts'
import type { PeriodicCandidate } from '../../data/register/registerRepository.ts'
import { engineRecordsOf } from './history.ts'
import { alertRecipientsFor } from '../alerts/alertService.ts'

/**
 * s.85 / s.91: a periodic notification not given by its due date is a possible failure to comply. The sweep raises
 * one item and one alert per missed due date, however often it runs and on however many instances: the partial
 * unique index (subject_id, due_on) where kind = 'periodic-overdue' decides which insert wins.
 */
export class ComplianceSweep {
  constructor(
    private readonly data: DataAccess,
    private readonly clock: Clock,
  ) {}

  async periodicOverdue(): Promise<number> {
    const { register } = this.data.repos
    const today = todayIn(this.clock)
    // Narrowed in SQL to subjects whose periodic notification may be overdue and has not been raised yet; the
    // engine then decides exactly, here, for these few.
    const candidates = await register.periodicOverdueCandidates(today.toString())
    if (candidates.length === 0) return 0
    const ids = candidates.map(c => c.id)
    const [bySubject, convictions] = await Promise.all([register.historiesOf(ids), register.convictionFactsOf(ids)])
    let raised = 0
    for (const subject of candidates) {
      const dob = subject.dateOfBirth ? Temporal.PlainDate.from(subject.dateOfBirth) : null
      const periods = convictions
        .filter(c => c.subjectId === subject.id && dob && isDisposal(c.disposal))
        .map((c): NotificationPeriod | null => {
          try {
            return notificationPeriod({
              disposal: c.disposal as Parameters<typeof notificationPeriod>[0]['disposal'],
              custodialMonths: c.custodialMonths,
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

  private async raise(subject: PeriodicCandidate, dueOn: string, daysOverdue: number): Promise<boolean> {
    const at = nowDate(this.clock)
    const today = todayIn(this.clock).toString()
    return this.data.transaction(async repos => {
      const ftcId = await repos.register.addPeriodicOverdueFailure(subject.id, dueOn, daysOverdue, at)
      if (!ftcId) return false
      const summary = `Periodic notification (s.85(1)) due by ${dueOn} not given: ${daysOverdue} ${daysOverdue === 1 ? 'day' : 'days'} overdue`
      await repos.timeline.recordSubjectEvent({
        subjectId: subject.id,
        kind: 'possible-failure-to-comply',
        occurredOn: today,
        recordedAt: at,
        recordedBy: null,
        summary: `Possible failure to comply: ${summary}`,
        details: { ftcId, dueOn, daysOverdue },
      })
      await repos.audit.append(at, [
        {
          actorId: null,
          actorUsername: 'system',
          operation: 'collect',
          recordType: 'possible_failure_to_comply',
          recordId: ftcId,
          subjectId: subject.id,
          details: { kind: 'periodic-overdue', dueOn, daysOverdue },
        },
      ])
      await repos.timeline.raiseAlert({
        subjectId: subject.id,
        kind: 'periodic-overdue',
        priority: 'high',
        title: `Periodic notification missed: ${subject.givenName} ${subject.familyName} (${subject.reference})`,
        detail: `${summary}. A possible failure to comply (s.91) needs your review.`,
        data: { dueOn, daysOverdue, subjectReference: subject.reference },
        createdAt: at,
        createdBy: null,
        recipients: await alertRecipientsFor(repos, subject.id),
      })
      return true
    })
  }
}
