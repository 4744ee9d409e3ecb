import type { FastifyInstance } from 'fastify'
import type { Services } from '../../../app/composition.ts'
import { KIND_LABELS, isRecordedKind } from '../../../domain/register/notificationInput.ts'
import { webActor } from '../../context.ts'
import type { Render } from '../../render.ts'

const DISPOSAL_LABELS: Record<string, string> = {
  imprisonment: 'Imprisonment',
  life: 'Imprisonment for life',
  ipp: 'Imprisonment for public protection',
  'hospital-order-restricted': 'Hospital order with a restriction order',
  'hospital-order': 'Hospital order',
  caution: 'Caution',
  'conditional-discharge': 'Conditional discharge',
  other: 'Other (for example a community order)',
}

const EVENT_LABELS: Record<string, string> = {
  'association-with-child': 'Association with a child',
  'possible-failure-to-comply': 'Possible failure to comply',
  'alert-acknowledged': 'Alert acknowledged',
  registered: 'Registered',
}

const eventLabel = (kind: string): string =>
  isRecordedKind(kind)
    ? KIND_LABELS[kind]
    : (EVENT_LABELS[kind] ?? kind.charAt(0).toUpperCase() + kind.slice(1).replace(/[-_]/g, ' '))

/** "10 years", "3 years 6 months", "Indefinite": the period as an officer says it. */
export function periodLabel(period: { indefinite: boolean; periodMonths: number | null } | null): string {
  if (!period) return 'Not known'
  if (period.indefinite || period.periodMonths === null) return 'Indefinite'
  const years = Math.floor(period.periodMonths / 12)
  const months = period.periodMonths % 12
  return [
    years ? `${years} ${years === 1 ? 'year' : 'years'}` : '',
    months ? `${months} ${months === 1 ? 'month' : 'months'}` : '',
  ]
    .filter(Boolean)
    .join(' ')
}

/** The subject's register record: requirement, convictions, what was notified, and the timeline. */
export function registerRecordPage(app: FastifyInstance, services: Services, render: Render): void {
  app.get<{ Params: { id: string } }>('/subjects/:id/register', async (request, reply) => {
    const { record, canRecord } = await services.registerRecord.read(webActor(request), request.params.id)
    return render(request, reply, 'pages/register/record.njk', {
      record,
      canRecord,
      requirementPeriod: record.requirement ? periodLabel(record.requirement) : null,
      convictions: record.convictions.map(c => ({
        ...c,
        disposalLabel: DISPOSAL_LABELS[c.disposal] ?? c.disposal,
        periodText: periodLabel(c.period),
      })),
      timelineItems: record.timeline.map(e => ({
        label: { text: eventLabel(e.kind) },
        text: e.summary,
        datetime: { timestamp: e.recordedAt.toISOString(), type: 'datetime' },
        byline: e.by ? { text: e.by } : undefined,
      })),
    })
  })
}
