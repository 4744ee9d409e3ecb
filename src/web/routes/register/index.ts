import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Temporal } from 'temporal-polyfill'
import type { Actor } from '../../../domain/access/actor.ts'
import { LONDON } from '../../../domain/clock.ts'
import { NotFound, ValidationError, type FieldError } from '../../../domain/errors.ts'
import { parseDateParts } from '../../../domain/people/dateInput.ts'
import type { Services } from '../../../app/composition.ts'
import type { Draft } from '../../../services/register/draftService.ts'
import {
  KIND_LABELS,
  RECORDED_KINDS,
  isRecordedKind,
  truncateCardNumber,
} from '../../../domain/register/notificationInput.ts'
import { webActor } from '../../context.ts'
import type { Render } from '../../render.ts'
import { registerAlertRoutes } from './alerts.ts'
import { JOURNEYS, formName, type Field, type Journey, type Page } from './journeys.ts'
import { registerRecordPage } from './record.ts'

type Form = Record<string, unknown>
const str = (form: Form, key: string) => {
  const value = form[key]
  return typeof value === 'string' ? value : ''
}

/** The form keys a field owns: dates are three boxes. */
const keysOf = (field: Field): string[] => {
  const name = formName(field.path)
  return field.type === 'date' ? [`${name}-day`, `${name}-month`, `${name}-year`] : [name]
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.')
  let node: Record<string, unknown> = target
  parts.forEach((part, i) => {
    if (i === parts.length - 1) {
      node[part] = value
      return
    }
    const nextIsIndex = /^\d+$/.test(parts[i + 1] ?? '')
    node[part] ??= nextIsIndex ? [] : {}
    node = node[part] as Record<string, unknown>
  })
}

/** The service's input from a journey's answers, with GOV.UK date-input messages for the date fields. */
export function buildInput(
  journey: Journey,
  answers: Record<string, string>,
): { input: Record<string, unknown>; dateErrors: FieldError[] } {
  const input: Record<string, unknown> = { kind: journey.kind }
  const dateErrors: FieldError[] = []
  for (const page of journey.pages) {
    for (const field of page.fields) {
      const name = formName(field.path)
      if (field.type === 'date') {
        const parts = {
          day: answers[`${name}-day`] ?? '',
          month: answers[`${name}-month`] ?? '',
          year: answers[`${name}-year`] ?? '',
        }
        if (field.optional && !parts.day.trim() && !parts.month.trim() && !parts.year.trim()) continue
        const parsed = parseDateParts(field.label.replace(/ \(optional\)$/, ''), parts)
        if (parsed.ok) setPath(input, field.path, parsed.date.toString())
        else {
          dateErrors.push({ field: field.path, message: parsed.message })
          setPath(input, field.path, '')
        }
      } else {
        setPath(input, field.path, answers[name] ?? '')
      }
    }
  }
  if (answers.cardLast4 && !answers.cardNumber) input.cardLast4 = answers.cardLast4
  // The associate's address is optional as a whole: left blank, it is not given at all.
  const address = input.address as Record<string, string> | undefined
  if (journey.kind === 'association' && address && Object.values(address).every(v => !v.trim())) delete input.address
  return { input, dateErrors }
}

/** Every problem with the answers so far, date-input messages first for their fields. */
function problems(
  services: Services,
  journey: Journey,
  answers: Record<string, string>,
): { errors: FieldError[]; input: Record<string, unknown> } {
  const { input, dateErrors } = buildInput(journey, answers)
  let errors: FieldError[] = []
  try {
    services.notifications.validate(input)
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error
    errors = error.errors
  }
  const dated = new Set(dateErrors.map(e => e.field))
  return { errors: [...dateErrors, ...errors.filter(e => !dated.has(e.field))], input }
}

const onPage = (page: Page, errors: FieldError[]) =>
  errors.filter(e => page.fields.some(f => e.field === f.path || e.field.startsWith(`${f.path}.`)))

/** The "when and where" page starts at now and the officer's own station: most notifications are taken live. */
async function defaults(actor: Actor, services: Services): Promise<Record<string, string>> {
  const now = services.clock.now().toZonedDateTimeISO(LONDON)
  const { own } = await services.notificationDrafts.stations(actor)
  return {
    'notifiedOn-day': String(now.day),
    'notifiedOn-month': String(now.month),
    'notifiedOn-year': String(now.year),
    notifiedTime: `${String(now.hour).padStart(2, '0')}:${String(now.minute).padStart(2, '0')}`,
    policeStation: own ?? '',
  }
}

/** "Check your answers" rows: each answer as the officer will read it, with a link back to its page. */
function summaryRows(subjectId: string, draft: Draft, journey: Journey) {
  const rows: Array<{ key: string; value: string; href: string; label: string }> = []
  for (const page of journey.pages) {
    for (const field of page.fields) {
      const name = formName(field.path)
      let value = draft.answers[name] ?? ''
      if (field.type === 'date') {
        const [d, m, y] = ['day', 'month', 'year'].map(p => draft.answers[`${name}-${p}`] ?? '')
        value = d && m && y ? `${d}/${m}/${y}` : ''
        try {
          if (value)
            value = Temporal.PlainDate.from(
              { year: Number(y), month: Number(m), day: Number(d) },
              { overflow: 'reject' },
            ).toLocaleString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })
        } catch {
          // shown as typed; the check on submission reports it
        }
      } else if (field.type === 'radios') {
        value = field.items.find(i => i.value === value)?.text ?? value
      } else if (field.path === 'cardNumber') {
        value = draft.answers.cardLast4 ? `Card ending ${draft.answers.cardLast4}` : ''
      }
      if (field.optional && !value) continue
      rows.push({
        key: field.label.replace(/ \(optional\)$/, ''),
        value: value || 'Not given',
        href: `/subjects/${subjectId}/notifications/${draft.id}/${page.slug}?change=1`,
        label: field.label.toLowerCase(),
      })
    }
  }
  return rows
}

/** Register record and notification journeys (issue 4), and the alert inbox and stream. */
export function registerRegisterRoutes(app: FastifyInstance, services: Services, render: Render): void {
  registerAlertRoutes(app, services, render)
  registerRecordPage(app, services, render)

  const journeyOrThrow = async (request: FastifyRequest<{ Params: { id: string; draftId: string } }>, actor: Actor) => {
    const draft = await services.notificationDrafts.get(actor, request.params.id, request.params.draftId)
    if (!draft) throw new NotFound('This notification has expired or does not exist')
    return { draft, journey: JOURNEYS[draft.kind] }
  }

  const renderPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    actor: Actor,
    subjectId: string,
    draft: Draft,
    page: Page,
    values: Record<string, string>,
    errors: FieldError[] = [],
    change = false,
  ) => {
    const subject = await services.notificationDrafts.journeySubject(actor, subjectId, page.slug)
    const journey = JOURNEYS[draft.kind]
    const index = journey.pages.indexOf(page)
    const back =
      index > 0
        ? `/subjects/${subjectId}/notifications/${draft.id}/${journey.pages[index - 1]?.slug}`
        : `/subjects/${subjectId}/notifications/new`
    return render(
      request,
      reply,
      'pages/register/question.njk',
      {
        subject,
        draft,
        page,
        journey,
        values,
        errors,
        kindLabel: KIND_LABELS[draft.kind],
        stations: (await services.notificationDrafts.stations(actor)).all,
        back,
        change,
        first: index === 0,
      },
      errors.length ? 400 : 200,
    )
  }

  app.get<{ Params: { id: string } }>('/subjects/:id/notifications/new', async (request, reply) => {
    const actor = webActor(request)
    const subject = await services.notificationDrafts.journeySubject(actor, request.params.id, 'choose-kind')
    return render(request, reply, 'pages/register/choose-kind.njk', {
      subject,
      kinds: RECORDED_KINDS.map(k => ({ value: k, text: KIND_LABELS[k], hint: JOURNEYS[k].basis })),
    })
  })

  app.post<{ Params: { id: string } }>('/subjects/:id/notifications/new', async (request, reply) => {
    const actor = webActor(request)
    const kind = str((request.body ?? {}) as Form, 'kind')
    if (!isRecordedKind(kind)) {
      const subject = await services.notificationDrafts.journeySubject(actor, request.params.id, 'choose-kind')
      const errors = [{ field: 'kind', message: 'Select the kind of notification' }]
      return render(
        request,
        reply,
        'pages/register/choose-kind.njk',
        {
          subject,
          errors,
          kinds: RECORDED_KINDS.map(k => ({ value: k, text: KIND_LABELS[k], hint: JOURNEYS[k].basis })),
        },
        400,
      )
    }
    const draft = await services.notificationDrafts.start(
      actor,
      request.params.id,
      kind,
      await defaults(actor, services),
    )
    return reply.redirect(
      `/subjects/${request.params.id}/notifications/${draft.id}/${JOURNEYS[kind].pages[0]?.slug}`,
      303,
    )
  })

  app.get<{ Params: { id: string; notificationId: string } }>(
    '/subjects/:id/notifications/recorded/:notificationId',
    async (request, reply) => {
      const actor = webActor(request)
      const recorded = await services.notifications.recorded(actor, request.params.id, request.params.notificationId)
      return render(request, reply, 'pages/register/confirmation.njk', {
        ...recorded,
        kindLabel: isRecordedKind(recorded.notification.kind)
          ? KIND_LABELS[recorded.notification.kind]
          : recorded.notification.kind,
      })
    },
  )

  app.get<{ Params: { id: string; draftId: string } }>(
    '/subjects/:id/notifications/:draftId/check',
    async (request, reply) => {
      const actor = webActor(request)
      const { draft, journey } = await journeyOrThrow(request, actor)
      const subject = await services.notificationDrafts.journeySubject(actor, request.params.id, 'check')
      return render(request, reply, 'pages/register/check.njk', {
        subject,
        draft,
        kindLabel: KIND_LABELS[draft.kind],
        rows: summaryRows(request.params.id, draft, journey),
        back: `/subjects/${request.params.id}/notifications/${draft.id}/${journey.pages.at(-1)?.slug}`,
      })
    },
  )

  app.post<{ Params: { id: string; draftId: string } }>(
    '/subjects/:id/notifications/:draftId/check',
    async (request, reply) => {
      const actor = webActor(request)
      const subjectId = request.params.id
      const draft = await services.notificationDrafts.get(actor, subjectId, request.params.draftId)
      if (!draft) {
        // A double-submitted form: the first submission recorded it and removed the draft.
        const earlier = await services.notifications.recordedByKey(actor, subjectId, `draft:${request.params.draftId}`)
        if (earlier)
          return reply.redirect(`/subjects/${subjectId}/notifications/recorded/${earlier.notificationId}`, 303)
        throw new NotFound('This notification has expired or does not exist')
      }
      const journey = JOURNEYS[draft.kind]
      const { errors, input } = problems(services, journey, draft.answers)
      let notificationId: string
      try {
        if (errors.length > 0) throw new ValidationError(errors)
        ;({ notificationId } = await services.notifications.record(actor, subjectId, input, `draft:${draft.id}`))
        await services.notificationDrafts.discard(actor, draft.id)
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        const page = journey.pages.find(p => onPage(p, error.errors).length > 0) ?? journey.pages[0]
        if (!page) throw error
        return await renderPage(
          request,
          reply,
          actor,
          subjectId,
          draft,
          page,
          draft.answers,
          onPage(page, error.errors),
        )
      }
      return reply.redirect(`/subjects/${subjectId}/notifications/recorded/${notificationId}`, 303)
    },
  )

  app.get<{ Params: { id: string; draftId: string; slug: string }; Querystring: { change?: string } }>(
    '/subjects/:id/notifications/:draftId/:slug',
    async (request, reply) => {
      const actor = webActor(request)
      const { draft, journey } = await journeyOrThrow(request, actor)
      const page = journey.pages.find(p => p.slug === request.params.slug)
      if (!page) throw new NotFound('No such page')
      return renderPage(
        request,
        reply,
        actor,
        request.params.id,
        draft,
        page,
        draft.answers,
        [],
        request.query.change === '1',
      )
    },
  )

  app.post<{ Params: { id: string; draftId: string; slug: string }; Querystring: { change?: string } }>(
    '/subjects/:id/notifications/:draftId/:slug',
    async (request, reply) => {
      const actor = webActor(request)
      const { draft, journey } = await journeyOrThrow(request, actor)
      const page = journey.pages.find(p => p.slug === request.params.slug)
      if (!page) throw new NotFound('No such page')
      const form = (request.body ?? {}) as Form
      const answers = { ...draft.answers }
      for (const field of page.fields) for (const key of keysOf(field)) answers[key] = str(form, key).trim()
      const change = request.query.change === '1' || str(form, 'change') === '1'
      const pageErrors = onPage(page, problems(services, journey, answers).errors)
      if (pageErrors.length > 0)
        return renderPage(request, reply, actor, request.params.id, draft, page, answers, pageErrors, change)
      if (page.fields.some(f => f.path === 'cardNumber')) {
        // Cut the card number to its last 4 digits before the draft is saved: the full number is never stored.
        const card = answers.cardNumber ? truncateCardNumber(answers.cardNumber) : null
        if (card && 'last4' in card) answers.cardLast4 = card.last4
        delete answers.cardNumber
      }
      await services.notificationDrafts.save(actor, { ...draft, answers })
      const index = journey.pages.indexOf(page)
      const next = change ? undefined : journey.pages[index + 1]
      return reply.redirect(
        `/subjects/${request.params.id}/notifications/${draft.id}/${next ? next.slug : 'check'}`,
        303,
      )
    },
  )
}
