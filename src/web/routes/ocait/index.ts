import type { FastifyInstance } from 'fastify'
import type { FieldError } from '../../../domain/errors.ts'
import {
  ACCOUNT_KIND_LABELS,
  ACCOUNT_KINDS,
  REFERRAL_SOURCE_LABELS,
  REFERRAL_SOURCES,
} from '../../../domain/ocait/intake.ts'
import { TRIAGE_STEPS } from '../../../domain/ocait/triage.ts'
import { REFERRAL_GRADES } from '../../../domain/ocait/settings.ts'
import { RISK_LEVEL_LABELS } from '../../../domain/risk/levels.ts'
import { newSecret } from '../../../services/auth/tokens.ts'
import { QUEUE_VIEWS, type QueueView } from '../../../services/ocait/referralService.ts'
import type { Services } from '../../../app/composition.ts'
import { checked, formOf, formText, type Form } from '../../../http/forms.ts'
import { webActor } from '../../context.ts'
import type { Render } from '../../render.ts'
import { govukDateTime } from '../register/filters.ts'

/** Rows the intake form offers for accounts and uploads (an API client may send up to the domain's limits). */
const FORM_ROWS = 3

const VIEW_LABELS: Record<QueueView, string> = {
  open: 'Open',
  overdue: 'Overdue',
  'awaiting-triage': 'Awaiting triage',
  all: 'All referrals',
}

export const STATUS_LABELS: Record<string, string> = {
  'awaiting-triage': 'Awaiting triage',
  'in-development': 'In development',
  'ready-for-warrant': 'Ready for warrant',
  actioned: 'Actioned',
  transferred: 'Transferred',
  closed: 'Closed',
}

const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`

/**
 * The intake form's flat fields as the service's input. Blank account and upload rows are left out; `rows` maps each
 * sent row back to its place on the form, so an error in the second filled row points at the right boxes.
 */
function intakeFromForm(form: Form): {
  input: Record<string, unknown>
  rows: { accounts: number[]; uploads: number[] }
} {
  const t = (k: string) => formText(form, k)
  const accounts: Array<Record<string, string>> = []
  const uploads: Array<Record<string, string>> = []
  const rows = { accounts: [] as number[], uploads: [] as number[] }
  for (let i = 0; i < FORM_ROWS; i++) {
    if (t(`accounts-${String(i)}-platform`) || t(`accounts-${String(i)}-value`)) {
      accounts.push({
        platform: t(`accounts-${String(i)}-platform`),
        kind: t(`accounts-${String(i)}-kind`),
        value: t(`accounts-${String(i)}-value`),
      })
      rows.accounts.push(i)
    }
    if (t(`uploads-${String(i)}-ip`) || t(`uploads-${String(i)}-time`)) {
      uploads.push({
        ip: t(`uploads-${String(i)}-ip`),
        time: t(`uploads-${String(i)}-time`),
        zone: t(`uploads-${String(i)}-zone`),
      })
      rows.uploads.push(i)
    }
  }
  const [d, m, y, time] = ['receivedAt-day', 'receivedAt-month', 'receivedAt-year', 'receivedAt-time'].map(t)
  const receivedAt =
    d && m && y ? `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}T${time?.trim() || '00:00'}`.trim() : ''
  return {
    input: {
      source: t('source') || undefined,
      sourceReference: t('sourceReference'),
      otherForce: t('otherForce'),
      receivedAt,
      platform: t('platform'),
      accounts,
      uploads,
      images: { a: t('images-a'), b: t('images-b'), c: t('images-c') },
      suspect: {
        givenName: t('suspect-givenName'),
        familyName: t('suspect-familyName'),
        dateOfBirth: t('suspect-dateOfBirth'),
        postcode: t('suspect-postcode'),
      },
      summary: t('summary'),
    },
    rows,
  }
}

/** Service field names for sent rows ("uploads.1.ip") as the form's own row ("uploads.2.ip"). */
function onForm(errors: FieldError[], rows: { accounts: number[]; uploads: number[] }): FieldError[] {
  return errors.map(e => {
    const m = /^(accounts|uploads)\.(\d+)\.(\w+)$/.exec(e.field)
    if (!m) return e
    const list = m[1] === 'accounts' ? rows.accounts : rows.uploads
    return { ...e, field: `${m[1] ?? ''}.${String(list[Number(m[2])] ?? 0)}.${m[3] ?? ''}` }
  })
}

export function registerOcaitRoutes(app: FastifyInstance, services: Services, render: Render): void {
  const newForm = (request: Parameters<Render>[0], reply: Parameters<Render>[1], values: Form, errors?: FieldError[]) =>
    render(
      request,
      reply,
      'pages/ocait/new.njk',
      {
        values,
        errors,
        formToken: formText(values, 'formToken') || newSecret(),
        sources: REFERRAL_SOURCES.map(value => ({ value, text: REFERRAL_SOURCE_LABELS[value] })),
        accountKinds: ACCOUNT_KINDS.map(value => ({ value, text: ACCOUNT_KIND_LABELS[value] })),
        formRows: Array.from({ length: FORM_ROWS }, (_, i) => i),
      },
      errors ? 400 : 200,
    )

  app.get<{ Querystring: { view?: string; page?: string } }>('/ocait', async (request, reply) => {
    const actor = webActor(request)
    const view = (QUEUE_VIEWS as readonly string[]).includes(request.query.view ?? '')
      ? (request.query.view as QueueView)
      : 'open'
    const page = /^\d{1,5}$/.test(request.query.page ?? '') ? Number(request.query.page) : 1
    const queue = await services.ocaitReferrals.queue(actor, view, page)
    const pages = Math.max(1, Math.ceil(queue.total / queue.pageSize))
    const base = `/ocait?view=${view}`
    return render(request, reply, 'pages/ocait/queue.njk', {
      queue,
      views: QUEUE_VIEWS.map(v => ({ key: v, label: VIEW_LABELS[v], href: `/ocait?view=${v}`, current: v === view })),
      viewLabel: VIEW_LABELS[view],
      statusLabels: STATUS_LABELS,
      pagination: {
        ...(queue.page > 1 ? { previous: { href: `${base}&page=${String(queue.page - 1)}` } } : {}),
        ...(queue.page < pages ? { next: { href: `${base}&page=${String(queue.page + 1)}` } } : {}),
      },
      pageCount: pages,
    })
  })

  app.get('/ocait/referrals/new', async (request, reply) => {
    services.ocaitReferrals.mayTake(webActor(request))
    return newForm(request, reply, {})
  })

  app.post('/ocait/referrals', async (request, reply) => {
    const actor = webActor(request)
    const form = formOf(request)
    const formToken = formText(form, 'formToken') || newSecret()
    const { input, rows } = intakeFromForm(form)
    const result = await checked(() => services.ocaitReferrals.take(actor, input, `form:${formToken}`))
    if (!result.ok) return newForm(request, reply, { ...form, formToken }, onForm(result.errors, rows))
    return reply.redirect(`/ocait/referrals/${result.value.id}?taken=1`, 303)
  })

  app.get<{ Params: { id: string }; Querystring: { taken?: string; triaged?: string } }>(
    '/ocait/referrals/:id',
    async (request, reply) => {
      const referral = await services.ocaitReferrals.page(webActor(request), request.params.id)
      return render(request, reply, 'pages/ocait/show.njk', {
        r: referral,
        statusLabel: STATUS_LABELS[referral.status] ?? referral.status,
        uploads: referral.uploads.map(u => ({ ...u, utc: utc(u.uploadedAt), london: govukDateTime(u.uploadedAt) })),
        accountKindLabels: ACCOUNT_KIND_LABELS,
        banner: request.query.taken === '1' ? 'taken' : request.query.triaged === '1' ? 'triaged' : null,
      })
    },
  )

  const triagePage = async (
    request: Parameters<Render>[0],
    reply: Parameters<Render>[1],
    id: string,
    values: Form | null,
    errors?: FieldError[],
  ) => {
    const { referral, questionnaire, mayLower } = await services.ocaitReferrals.triageForm(webActor(request), id)
    const previous = referral.triageResult
    const answers: Record<string, string> = {}
    for (const q of questionnaire.questions)
      answers[q.id] = values ? formText(values, `answers-${q.id}`) : (previous?.answers[q.id] ?? '')
    return render(
      request,
      reply,
      'pages/ocait/triage.njk',
      {
        r: referral,
        steps: TRIAGE_STEPS.map(s => ({ ...s, questions: questionnaire.questions.filter(q => q.step === s.step) })),
        answers,
        values: values ?? {
          overrideGrade: previous?.override?.grade ?? '',
          overrideReason: previous?.override?.reason ?? '',
        },
        version: values ? formText(values, 'version') || String(referral.version) : String(referral.version),
        grades: REFERRAL_GRADES.map(g => ({ value: g, text: RISK_LEVEL_LABELS[g] })),
        mayLower,
        errors: errors?.map(e => ({ ...e, field: e.field.replace(/^answers\./, 'answers-') })),
      },
      errors ? 400 : 200,
    )
  }

  app.get<{ Params: { id: string } }>('/ocait/referrals/:id/triage', async (request, reply) =>
    triagePage(request, reply, request.params.id, null),
  )

  app.post<{ Params: { id: string } }>('/ocait/referrals/:id/triage', async (request, reply) => {
    const actor = webActor(request)
    const form = formOf(request)
    const answers: Record<string, string> = {}
    for (const q of services.ocaitReferrals.questionnaire.questions) answers[q.id] = formText(form, `answers-${q.id}`)
    const result = await checked(() =>
      services.ocaitReferrals.triage(actor, request.params.id, {
        answers,
        overrideGrade: formText(form, 'overrideGrade'),
        overrideReason: formText(form, 'overrideReason'),
        version: formText(form, 'version'),
      }),
    )
    if (!result.ok) return triagePage(request, reply, request.params.id, form, result.errors)
    return reply.redirect(`/ocait/referrals/${request.params.id}?triaged=1`, 303)
  })

  // The deadline sweep runs with the alert sweeps' interval (0 turns it off, as in tests).
  let sweepTimer: NodeJS.Timeout | null = null
  app.addHook('onReady', () => {
    const every = services.alerts.settings.sweepIntervalMs
    if (every <= 0) return Promise.resolve()
    sweepTimer = setInterval(() => {
      services.ocaitReferrals.sweepDeadlines().catch((error: unknown) => {
        app.log.error({ err: error }, 'online child abuse referral sweep failed')
      })
    }, every)
    sweepTimer.unref()
    return Promise.resolve()
  })
  app.addHook('preClose', done => {
    if (sweepTimer) clearInterval(sweepTimer)
    done()
  })
}
