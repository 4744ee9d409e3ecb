import type { FastifyInstance } from 'fastify'
import { ValidationError, type FieldError } from '../../../domain/errors.ts'
import { parseDateParts } from '../../../domain/people/dateInput.ts'
import {
  ARMS_PROTECTIVE_FACTORS,
  ARMS_RISK_FACTORS,
  FACTOR_RATINGS,
  RISK_LEVELS,
  RM2000S_AGGRAVATING_FACTORS,
  RM2000S_DEFAULT_TABLE,
} from '../../../domain/risk/index.ts'
import type { Services } from '../../../app/composition.ts'
import { webActor } from '../../context.ts'
import type { Render } from '../../render.ts'

type Form = Record<string, unknown>
const text = (form: Form, key: string): string => {
  const value = form[key]
  return typeof value === 'string' ? value : ''
}
const ACTION_ROWS = 3

const FACTORS = [
  ...ARMS_RISK_FACTORS.map((name, i) => ({ group: 'risk', name, id: `risk-${i}` })),
  ...ARMS_PROTECTIVE_FACTORS.map((name, i) => ({ group: 'protective', name, id: `protective-${i}` })),
]

/** The flat ARMS form as the service's nested input, with date messages in GOV.UK words. */
function armsFromForm(subjectId: string, form: Form): { input: Record<string, unknown>; dateErrors: FieldError[] } {
  const dateErrors: FieldError[] = []
  const date = (prefix: string, label: string, field: string) => {
    const parts = {
      day: text(form, `${prefix}-day`),
      month: text(form, `${prefix}-month`),
      year: text(form, `${prefix}-year`),
    }
    const parsed = parseDateParts(label, parts)
    if (!parsed.ok) dateErrors.push({ field, message: parsed.message })
    return parsed.ok ? parsed.date.toString() : ''
  }
  const factors: Record<string, Record<string, unknown>> = { risk: {}, protective: {} }
  for (const f of FACTORS) {
    ;(factors[f.group] as Record<string, unknown>)[f.name] = {
      rating: text(form, `${f.id}-rating`) || undefined,
      evidence: text(form, `${f.id}-evidence`),
    }
  }
  const actions = []
  for (let i = 0; i < ACTION_ROWS; i++) {
    const used =
      text(form, `action-${i}-description`) || text(form, `action-${i}-ownerId`) || text(form, `action-${i}-day`)
    if (i > 0 && !used) continue
    actions.push({
      description: text(form, `action-${i}-description`),
      ownerId: text(form, `action-${i}-ownerId`),
      dueOn: date(`action-${i}`, 'Date the action is due', `plan.actions.${actions.length}.dueOn`),
    })
  }
  const judgement = text(form, 'judgementLevel')
  return {
    input: {
      subjectId,
      assessedOn: date('assessedOn', 'Date of the assessment', 'assessedOn'),
      factors,
      ...(judgement ? { professionalJudgement: { level: judgement, reason: text(form, 'judgementReason') } } : {}),
      plan: { actions },
    },
    dateErrors,
  }
}

/** Service field names ("factors.risk.sexual preoccupation.evidence") to the form's element ids. */
function toFormField(field: string): string {
  const m = /^factors\.(risk|protective)\.([^.]+)\.(rating|evidence)$/.exec(field)
  if (m) return `${FACTORS.find(f => f.group === m[1] && f.name === m[2])?.id ?? 'factors'}-${m[3]}`
  const a = /^plan\.actions\.(\d+)\.(description|ownerId|dueOn)$/.exec(field)
  if (a) return `action-${a[1]}-${a[2]}`
  if (field === 'plan.actions') return 'action-0-description'
  if (field.startsWith('professionalJudgement')) return field.endsWith('reason') ? 'judgementReason' : 'judgementLevel'
  return field
}

export function registerRiskRoutes(app: FastifyInstance, services: Services, render: Render): void {
  const armsPage = async (
    request: Parameters<Render>[0],
    reply: Parameters<Render>[1],
    subjectId: string,
    values: Form,
    errors?: FieldError[],
  ) => {
    const summary = await services.visits.summary(webActor(request), subjectId)
    const owners = await services.risk.planOwners(summary.subject.managingTeamId)
    return render(
      request,
      reply,
      'pages/risk/arms-new.njk',
      {
        s: summary.subject,
        owners,
        values,
        errors,
        factors: FACTORS,
        ratings: FACTOR_RATINGS,
        levels: RISK_LEVELS,
        actionRows: [0, 1, 2],
      },
      errors ? 400 : 200,
    )
  }

  app.get<{ Params: { id: string } }>('/subjects/:id/arms/new', async (request, reply) =>
    armsPage(request, reply, request.params.id, {}),
  )

  app.post<{ Params: { id: string } }>('/subjects/:id/arms', async (request, reply) => {
    const form = (request.body ?? {}) as Form
    const { input, dateErrors } = armsFromForm(request.params.id, form)
    let assessmentId: string
    try {
      ;({ assessmentId } = await services.risk.recordArms(webActor(request), input))
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const byField = new Map(dateErrors.map(e => [e.field, e]))
      const errors = error.errors.map(e => byField.get(e.field) ?? e).map(e => ({ ...e, field: toFormField(e.field) }))
      return armsPage(request, reply, request.params.id, form, errors)
    }
    return reply.redirect(`/arms/${assessmentId}`, 303)
  })

  app.get<{ Params: { id: string } }>('/arms/:id', async (request, reply) => {
    const assessment = await services.risk.assessment(webActor(request), request.params.id)
    return render(request, reply, 'pages/risk/arms-show.njk', { a: assessment, factors: FACTORS })
  })

  app.post<{ Params: { id: string } }>('/arms/:id/countersign', async (request, reply) => {
    const actor = webActor(request)
    const form = (request.body ?? {}) as Form
    try {
      await services.risk.countersign(actor, request.params.id, { comments: form.comments })
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const assessment = await services.risk.assessment(actor, request.params.id)
      return render(
        request,
        reply,
        'pages/risk/arms-show.njk',
        { a: assessment, factors: FACTORS, values: form, errors: error.errors },
        400,
      )
    }
    return reply.redirect(`/arms/${request.params.id}`, 303)
  })

  const rm2000Page = (
    request: Parameters<Render>[0],
    reply: Parameters<Render>[1],
    data: Record<string, unknown>,
    status = 200,
  ) =>
    render(
      request,
      reply,
      'pages/risk/rm2000.njk',
      { aggravating: RM2000S_AGGRAVATING_FACTORS, table: RM2000S_DEFAULT_TABLE, values: {}, ...data },
      status,
    )

  app.get<{ Querystring: { subjectId?: string } }>('/risk/rm2000', async (request, reply) => {
    webActor(request)
    return rm2000Page(request, reply, { values: { subjectId: request.query.subjectId ?? '' } })
  })

  app.post('/risk/rm2000', async (request, reply) => {
    const actor = webActor(request)
    const form = (request.body ?? {}) as Form
    const subjectId = text(form, 'subjectId')
    const save = subjectId !== '' && text(form, 'save') === 'yes'
    let result
    try {
      result = save ? await services.risk.recordRm2000(actor, subjectId, form) : services.risk.calculateRm2000(form)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return rm2000Page(request, reply, { values: form, errors: error.errors }, 400)
    }
    return rm2000Page(request, reply, { values: form, result, saved: save })
  })
}
