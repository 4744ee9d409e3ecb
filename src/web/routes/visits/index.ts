import type { FastifyInstance } from 'fastify'
import { ValidationError, type FieldError } from '../../../domain/errors.ts'
import { parseDateParts } from '../../../domain/people/dateInput.ts'
import {
  VISIT_CHECKS,
  VISIT_FOLLOW_UPS,
  VISIT_OUTCOMES,
  suggestedFollowUps,
  type VisitOutcome,
} from '../../../domain/visits/index.ts'
import { newSecret } from '../../../services/auth/tokens.ts'
import type { Services } from '../../../app/composition.ts'
import { webActor } from '../../context.ts'
import type { Render } from '../../render.ts'

type Form = Record<string, unknown>
const text = (form: Form, key: string): string => {
  const value = form[key]
  return typeof value === 'string' ? value : ''
}
const list = (form: Form, key: string): string[] =>
  ([] as unknown[]).concat(form[key] ?? []).filter((v): v is string => typeof v === 'string')
const slug = (s: string) => s.replace(/[^a-z]+/g, '-')
const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/

/** Only same-site paths, so "returnTo" can never send an officer to another site. */
function safeReturn(value: string | undefined): string | null {
  return value && /^\/[a-z]/.test(value) && !value.startsWith('//') ? value : null
}

/** The visit form's fields as the service's input, plus the date/time error in GOV.UK words. */
function visitFromForm(subjectId: string, form: Form): { input: Record<string, unknown>; atError: FieldError | null } {
  const date = parseDateParts('Date of the visit', {
    day: text(form, 'at-day'),
    month: text(form, 'at-month'),
    year: text(form, 'at-year'),
  })
  const time = text(form, 'at-time').trim()
  let atError: FieldError | null = null
  if (!date.ok) atError = { field: 'at', message: date.message }
  else if (!TIME.test(time))
    atError = { field: 'at', message: 'Enter the time of the visit using the 24-hour clock, for example 19:30' }
  const [, hh = '', mm = ''] = TIME.exec(time) ?? []
  const chosen = list(form, 'followUps')
  return {
    input: {
      subjectId,
      kind: text(form, 'kind') || undefined,
      at: date.ok && !atError ? `${date.date.toString()}T${hh.padStart(2, '0')}:${mm}` : '',
      officerIds: [text(form, 'officer1'), text(form, 'officer2')],
      outcome: text(form, 'outcome') || undefined,
      checks: list(form, 'checks'),
      findings: text(form, 'findings'),
      followUps: VISIT_FOLLOW_UPS.filter(f => chosen.includes(f)).map(type => ({
        type,
        details: text(form, `followUp-${slug(type)}`),
      })),
    },
    atError,
  }
}

export function registerVisitRoutes(app: FastifyInstance, services: Services, render: Render): void {
  const formPage = async (
    request: Parameters<Render>[0],
    reply: Parameters<Render>[1],
    subjectId: string,
    values: Form,
    errors?: FieldError[],
  ) => {
    const actor = webActor(request)
    const summary = await services.visits.summary(actor, subjectId)
    const officers = await services.visits.attendingOfficers(summary.subject.managingTeamId)
    const outcome = text(values, 'outcome')
    const suggested = (VISIT_OUTCOMES as readonly string[]).includes(outcome)
      ? suggestedFollowUps(outcome as VisitOutcome)
      : []
    return render(
      request,
      reply,
      'pages/visits/new.njk',
      {
        summary,
        officers,
        values,
        errors,
        checks: VISIT_CHECKS,
        followUps: VISIT_FOLLOW_UPS.map(type => ({
          type,
          id: `followUp-${slug(type)}`,
          suggested: suggested.includes(type),
        })),
        chosenChecks: list(values, 'checks'),
        chosenFollowUps: list(values, 'followUps'),
        formToken: text(values, 'formToken') || newSecret(),
      },
      errors ? 400 : 200,
    )
  }

  app.get<{ Params: { id: string }; Querystring: { returnTo?: string } }>(
    '/subjects/:id/visits/new',
    async (request, reply) => {
      const actor = webActor(request)
      return formPage(request, reply, request.params.id, {
        officer1: actor.id,
        returnTo: safeReturn(request.query.returnTo) ?? '',
      })
    },
  )

  app.post<{ Params: { id: string } }>('/subjects/:id/visits', async (request, reply) => {
    const actor = webActor(request)
    const form = (request.body ?? {}) as Form
    const { input, atError } = visitFromForm(request.params.id, form)
    const formToken = text(form, 'formToken') || newSecret()
    try {
      if (atError) {
        // Collect every other field's message too, so the summary lists them all at once.
        await services.visits.recordVisit(actor, { ...input, at: '' }, `form:${formToken}`).catch((e: unknown) => {
          if (e instanceof ValidationError)
            throw new ValidationError([atError, ...e.errors.filter(x => x.field !== 'at')])
          throw e
        })
        throw new ValidationError([atError])
      }
      await services.visits.recordVisit(actor, input, `form:${formToken}`)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const errors = error.errors.map(e => {
        const m = /^followUps\.(\d+)\.details$/.exec(e.field)
        const followUps = input.followUps as Array<{ type: string }>
        return m ? { ...e, field: `followUp-${slug(followUps[Number(m[1])]?.type ?? '')}` } : e
      })
      return formPage(request, reply, request.params.id, { ...form, formToken }, errors)
    }
    const back = safeReturn(text(form, 'returnTo'))
    return reply.redirect(back ?? `/subjects/${request.params.id}/visits?recorded=1`, 303)
  })

  app.get<{ Params: { id: string }; Querystring: { recorded?: string } }>(
    '/subjects/:id/visits',
    async (request, reply) => {
      const summary = await services.visits.summary(webActor(request), request.params.id)
      return render(request, reply, 'pages/visits/show.njk', { summary, recorded: request.query.recorded === '1' })
    },
  )

  app.post<{ Params: { id: string } }>('/subjects/:id/visit-plan', async (request, reply) => {
    const actor = webActor(request)
    const form = (request.body ?? {}) as Form
    const action = text(form, 'action')
    try {
      if (action === 'request-override')
        await services.visits.requestOverride(actor, request.params.id, { months: form.months, reason: form.reason })
      else if (action === 'approve-override') await services.visits.approveOverride(actor, request.params.id)
      else if (action === 'start-reactive')
        await services.visits.setReactive(actor, request.params.id, { reactive: true, reason: form.reason })
      else if (action === 'end-reactive')
        await services.visits.setReactive(actor, request.params.id, { reactive: false })
      else throw new ValidationError([{ field: 'action', message: 'Choose what to change' }])
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const summary = await services.visits.summary(actor, request.params.id)
      return render(
        request,
        reply,
        'pages/visits/show.njk',
        { summary, values: form, errors: error.errors, action },
        400,
      )
    }
    return reply.redirect(`/subjects/${request.params.id}/visits`, 303)
  })

  app.get<{ Querystring: { officerId?: string; days?: string } }>('/visits/planner', async (request, reply) => {
    const actor = webActor(request)
    const officerId = request.query.officerId ?? actor.id
    const days = Number(request.query.days ?? '14')
    const team = actor.teamId ? await services.visits.attendingOfficers(actor.teamId) : []
    let run
    try {
      run = await services.visits.planner(actor, officerId, days)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return render(
        request,
        reply,
        'pages/visits/planner.njk',
        {
          run: null,
          officers: team.filter(o => o.teamId === actor.teamId),
          values: request.query,
          errors: error.errors,
        },
        400,
      )
    }
    return render(request, reply, 'pages/visits/planner.njk', {
      run,
      officers: team.filter(o => o.teamId === actor.teamId),
      values: { officerId, days: String(days) },
    })
  })
}
