import type { FastifyInstance } from 'fastify'
import { ValidationError, type FieldError } from '../../domain/errors.ts'
import { parseDateParts } from '../../domain/people/dateInput.ts'
import type { Services } from '../../app/composition.ts'
import { newSecret } from '../../services/auth/tokens.ts'
import { ageOn, PARTNER_AGENCIES } from '../../services/subjects/subjectService.ts'
import { todayIn } from '../../domain/clock.ts'
import { checked, formOf, formText, type Form } from '../../http/forms.ts'
import { pagedQuery, parseInput } from '../../http/query.ts'
import { webActor } from '../context.ts'
import { checkForKnownPerson } from './identity.ts'
import type { Render } from '../render.ts'

const text = formText

/** The registration form's flat fields, shaped as the service expects (the same shape as the API's JSON). */
function registrationFromForm(form: Form): { input: Record<string, unknown>; dateError: FieldError | null } {
  const date = parseDateParts('Date of birth', {
    day: text(form, 'dateOfBirth-day'),
    month: text(form, 'dateOfBirth-month'),
    year: text(form, 'dateOfBirth-year'),
  })
  return {
    input: {
      givenName: text(form, 'givenName'),
      middleNames: text(form, 'middleNames'),
      familyName: text(form, 'familyName'),
      dateOfBirth: date.ok ? date.date.toString() : '',
      gender: text(form, 'gender') || undefined,
      pncId: text(form, 'pncId'),
      niNumber: text(form, 'niNumber'),
      category: text(form, 'category') || undefined,
      address: {
        line1: text(form, 'address-line1'),
        line2: text(form, 'address-line2'),
        town: text(form, 'address-town'),
        postcode: text(form, 'address-postcode'),
      },
      teamId: text(form, 'teamId'),
    },
    dateError: date.ok ? null : { field: 'dateOfBirth', message: date.message },
  }
}

export function registerSubjectRoutes(app: FastifyInstance, services: Services, render: Render): void {
  app.get('/subjects/search', async (request, reply) => {
    webActor(request)
    return render(request, reply, 'pages/subjects/search.njk', {})
  })

  // Search is a POST so that names never appear in URLs, browser history or access logs.
  app.post('/subjects/search', async (request, reply) => {
    const actor = webActor(request)
    const form = formOf(request)
    const query = text(form, 'query')
    const outcome = await checked(async () => {
      const { page } = parseInput(pagedQuery, { page: form.page })
      return services.subjects.search(actor, query, page)
    })
    if (!outcome.ok) return render(request, reply, 'pages/subjects/search.njk', { query, errors: outcome.errors }, 400)
    return render(request, reply, 'pages/subjects/search.njk', { query, results: outcome.value })
  })

  app.get('/subjects/new', async (request, reply) => {
    webActor(request)
    const teams = await services.subjects.teams()
    return render(request, reply, 'pages/subjects/new.njk', { teams, values: {}, formToken: newSecret() })
  })

  app.post('/subjects/new', async (request, reply) => {
    const actor = webActor(request)
    const form = formOf(request)
    const { input, dateError } = registrationFromForm(form)
    const formToken = text(form, 'formToken') || newSecret()
    const outcome = await checked(async () => {
      // A double-submitted form goes straight to what the first submission created.
      const earlier = await services.subjects.earlierRegistration(actor, `form:${formToken}`)
      if (earlier) return { registered: earlier.subjectId }
      const known = await checkForKnownPerson(services, actor, input, form)
      if (known) return { known }
      const { subjectId } = await services.subjects.register(actor, input, `form:${formToken}`)
      return { registered: subjectId }
    })
    if (!outcome.ok) {
      const errors = outcome.errors.map(e => (e.field === 'dateOfBirth' && dateError ? dateError : e))
      const teams = await services.subjects.teams()
      return render(request, reply, 'pages/subjects/new.njk', { teams, values: form, errors, formToken }, 400)
    }
    if ('registered' in outcome.value) return reply.redirect(`/subjects/${outcome.value.registered}/registered`, 303)
    const { known } = outcome.value
    const teams = await services.subjects.teams()
    return render(request, reply, 'pages/subjects/new.njk', { teams, values: form, formToken, ...known }, known.status)
  })

  app.get<{ Params: { id: string } }>('/subjects/:id/registered', async (request, reply) => {
    const subject = await services.subjects.view(webActor(request), request.params.id)
    return render(request, reply, 'pages/subjects/registered.njk', { subject })
  })

  app.post<{ Params: { id: string } }>('/subjects/:id/break-glass', async (request, reply) => {
    const actor = webActor(request)
    const form = (request.body ?? {}) as Form
    try {
      await services.subjects.breakGlass(actor, request.params.id, text(form, 'reason'))
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return render(
        request,
        reply,
        'pages/subjects/break-glass.njk',
        { subjectId: request.params.id, errors: error.errors, values: form },
        400,
      )
    }
    return reply.redirect(`/subjects/${request.params.id}`, 303)
  })

  app.get<{ Params: { id: string } }>('/subjects/:id/access-log', async (request, reply) => {
    const actor = webActor(request)
    const { page } = parseInput(pagedQuery, request.query)
    const log = await services.subjects.accessLog(actor, request.params.id, page)
    return render(request, reply, 'pages/subjects/access-log.njk', { log, subjectId: request.params.id })
  })

  app.get<{ Params: { id: string } }>('/subjects/:id/share', async (request, reply) => {
    const subject = await services.subjects.view(webActor(request), request.params.id)
    return render(request, reply, 'pages/subjects/share.njk', { subject, agencies: PARTNER_AGENCIES, values: {} })
  })

  app.post<{ Params: { id: string } }>('/subjects/:id/share', async (request, reply) => {
    const actor = webActor(request)
    const form = (request.body ?? {}) as Form
    try {
      await services.subjects.share(actor, request.params.id, form)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const subject = await services.subjects.view(actor, request.params.id)
      return render(
        request,
        reply,
        'pages/subjects/share.njk',
        { subject, agencies: PARTNER_AGENCIES, values: form, errors: error.errors },
        400,
      )
    }
    return reply.redirect(`/subjects/${request.params.id}`, 303)
  })

  app.get<{ Params: { id: string } }>('/subjects/:id/sensitive', async (request, reply) => {
    const subject = await services.subjects.viewSensitive(webActor(request), request.params.id)
    return render(request, reply, 'pages/subjects/sensitive.njk', {
      subject,
      // The version the form is based on: a save after someone else's is refused, not silently applied.
      values: { healthNotes: subject.healthNotes, victimNotes: subject.victimNotes, version: subject.version },
    })
  })

  app.post<{ Params: { id: string } }>('/subjects/:id/sensitive', async (request, reply) => {
    const actor = webActor(request)
    const form = (request.body ?? {}) as Form
    try {
      await services.subjects.updateSensitiveNotes(actor, request.params.id, form)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const subject = await services.subjects.viewSensitive(actor, request.params.id)
      return render(
        request,
        reply,
        'pages/subjects/sensitive.njk',
        { subject, values: form, errors: error.errors },
        400,
      )
    }
    return reply.redirect(`/subjects/${request.params.id}`, 303)
  })

  app.get('/shared', async (request, reply) => {
    const items = await services.subjects.sharedWithMyAgency(webActor(request))
    return render(request, reply, 'pages/subjects/shared.njk', { items })
  })

  app.get<{ Params: { id: string } }>('/subjects/:id', async (request, reply) => {
    const subject = await services.subjects.page(webActor(request), request.params.id)
    const today = todayIn(services.clock)
    return render(request, reply, 'pages/subjects/show.njk', {
      subject,
      age: subject.dateOfBirth ? ageOn(subject.dateOfBirth, today) : null,
      household: subject.household.map(m => ({ ...m, age: m.dateOfBirth ? ageOn(m.dateOfBirth, today) : null })),
      currentAddress: subject.addresses.find(a => a.toDate === null && a.kind !== 'other') ?? null,
    })
  })
}
