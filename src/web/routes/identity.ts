import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { Actor } from '../../domain/access/actor.ts'
import { ValidationError, type FieldError } from '../../domain/errors.ts'
import type { ExplanationRow, MatchExplanation } from '../../domain/identity/personRecord.ts'
import type { IndexedPerson } from '../../data/identity/identityRepository.ts'
import type { Services } from '../../app/composition.ts'
import { MergeRefused, type CandidateDetail, type MergeRecord } from '../../services/identity/duplicateReviewService.ts'
import type { LikelyMatch } from '../../services/identity/identityService.ts'
import { webActor } from '../context.ts'
import type { Render } from '../render.ts'

type Form = Record<string, unknown>
const text = (form: Form, key: string): string => {
  const value = form[key]
  return typeof value === 'string' ? value : ''
}

/** "97%": a reviewer reads a percentage, not 0.9731; certainty is never shown as 100%. */
export function percent(probability: number): string {
  if (probability >= 0.995) return 'over 99%'
  if (probability < 0.01) return 'under 1%'
  return `${Math.round(probability * 100)}%`
}

/** Each field's evidence in words and bits, strongest first, so the reviewer sees why the records were paired. */
export function explanationView(explanation: MatchExplanation) {
  const rows = explanation.rows
    .filter(r => r.level !== 'missing')
    .map((r: ExplanationRow) => ({
      ...r,
      bitsText: `${r.bits >= 0 ? '+' : '−'}${Math.abs(r.bits).toFixed(1)}`,
      verdict:
        r.bits > 0.5
          ? 'Points to the same person'
          : r.bits < -0.5
            ? 'Points to different people'
            : 'Little evidence either way',
    }))
    .sort((x, y) => Math.abs(y.bits) - Math.abs(x.bits))
  const missing = explanation.rows.filter(r => r.level === 'missing').map(r => r.field)
  return { ...explanation, percent: percent(explanation.matchProbability), rows, missing }
}

function personView(p: IndexedPerson) {
  return {
    ...p,
    name: [p.givenName, p.middleNames, p.familyName].filter(Boolean).join(' '),
    aliasNames: p.aliases.map(a => `${a.givenName} ${a.familyName}`),
    address: [p.addressLine, p.town, p.postcode].filter(Boolean).join(', '),
  }
}

function mergeView(merge: MergeRecord) {
  return {
    ...merge,
    surviving: personView(merge.surviving),
    merged: personView(merge.merged),
    decidedOn: merge.decidedAt.toISOString(),
    undoneOn: merge.undoneAt?.toISOString() ?? null,
  }
}

function matchView(m: LikelyMatch) {
  return {
    ...m,
    name: [m.givenName, m.middleNames, m.familyName].filter(Boolean).join(' '),
    aliasNames: m.aliases.map(a => `${a.givenName} ${a.familyName}`),
    explanation: explanationView(m.explanation),
  }
}

/** What the officer typed, fingerprinted: a "checked" flag is honoured only for the details that were checked. */
function fingerprint(input: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('hex').slice(0, 24)
}

/**
 * The registration form's "this person may already be known" step, without JavaScript: the first POST finds likely
 * matches and re-renders the form with them and a fingerprint of the checked details; the officer then opens the
 * existing record or confirms a different person, and the second POST saves. Returns nothing when saving may go on.
 */
export async function checkForKnownPerson(
  services: Services,
  actor: Actor,
  input: Record<string, unknown>,
  form: Form,
): Promise<
  | { possibleMatches: ReturnType<typeof matchView>[]; identityChecked: string; errors?: FieldError[]; status: number }
  | undefined
> {
  const checked = fingerprint(input)
  const confirmedDifferent = text(form, 'identityChecked') === checked && text(form, 'differentPerson') === 'yes'
  if (confirmedDifferent) return undefined
  const formToken = text(form, 'formToken')
  const matches = await services.identity.checkBeforeRegistering(
    actor,
    input,
    formToken ? `form:${formToken}` : undefined,
  )
  if (matches.length === 0) return undefined
  const possibleMatches = matches.map(matchView)
  if (text(form, 'identityChecked') === checked) {
    const errors = [
      { field: 'differentPerson', message: 'Confirm this is a different person, or open the existing record' },
    ]
    return { possibleMatches, identityChecked: checked, errors, status: 400 }
  }
  return { possibleMatches, identityChecked: checked, status: 200 }
}

export function candidateView(c: CandidateDetail) {
  return {
    ...c,
    percent: percent(c.matchProbability),
    a: personView(c.a),
    b: personView(c.b),
    explanation: explanationView(c.explanation),
    survivor: c.survivor
      ? { keep: personView(c.survivor.keep), merge: personView(c.survivor.merge), because: c.survivor.because }
      : undefined,
  }
}

export function registerIdentityRoutes(app: FastifyInstance, services: Services, render: Render): void {
  app.get<{ Querystring: { page?: string; done?: string } }>('/identity/review', async (request, reply) => {
    const page = Math.max(1, Math.floor(Number(request.query.page ?? '1')) || 1)
    const queue = await services.duplicates.queue(webActor(request), page)
    // A pair with a subject the reviewer may not read shows no personal data: opening it asks for break-glass.
    const rows = queue.rows.map(r => ({
      ...r,
      percent: percent(r.matchProbability),
      a: 'restricted' in r.a ? undefined : personView(r.a),
      b: 'restricted' in r.b ? undefined : personView(r.b),
    }))
    const lastPage = Math.max(1, Math.ceil(queue.total / queue.pageSize))
    return render(request, reply, 'pages/identity/review.njk', {
      queue: { ...queue, rows, lastPage },
      done: request.query.done,
    })
  })

  app.get<{ Params: { id: string } }>('/identity/review/:id', async (request, reply) => {
    const candidate = await services.duplicates.candidate(webActor(request), request.params.id)
    return render(request, reply, 'pages/identity/candidate.njk', { candidate: candidateView(candidate), values: {} })
  })

  app.post<{ Params: { id: string } }>('/identity/review/:id/confirm', async (request, reply) => {
    const actor = webActor(request)
    const form = (request.body ?? {}) as Form
    try {
      const { mergeId } = await services.duplicates.confirm(actor, request.params.id, text(form, 'reason'))
      return await reply.redirect(`/identity/merges/${mergeId}`, 303)
    } catch (error) {
      if (!(error instanceof MergeRefused) && !(error instanceof ValidationError)) throw error
      const candidate = await services.duplicates.candidate(actor, request.params.id)
      const errors = error instanceof ValidationError ? error.errors : [{ field: 'decision', message: error.message }]
      return render(
        request,
        reply,
        'pages/identity/candidate.njk',
        { candidate: candidateView(candidate), values: form, errors },
        error instanceof ValidationError ? 400 : 409,
      )
    }
  })

  app.post<{ Params: { id: string } }>('/identity/review/:id/reject', async (request, reply) => {
    const actor = webActor(request)
    const form = (request.body ?? {}) as Form
    try {
      await services.duplicates.reject(actor, request.params.id, text(form, 'reason'))
    } catch (error) {
      if (!(error instanceof MergeRefused) && !(error instanceof ValidationError)) throw error
      const candidate = await services.duplicates.candidate(actor, request.params.id)
      const errors = error instanceof ValidationError ? error.errors : [{ field: 'decision', message: error.message }]
      return render(
        request,
        reply,
        'pages/identity/candidate.njk',
        { candidate: candidateView(candidate), values: form, errors },
        error instanceof ValidationError ? 400 : 409,
      )
    }
    return reply.redirect('/identity/review?done=rejected', 303)
  })

  app.get<{ Params: { id: string } }>('/identity/merges/:id', async (request, reply) => {
    const merge = await services.duplicates.mergeRecord(webActor(request), request.params.id)
    return render(request, reply, 'pages/identity/merge.njk', { merge: mergeView(merge) })
  })

  app.post<{ Params: { id: string } }>('/identity/merges/:id/unmerge', async (request, reply) => {
    const actor = webActor(request)
    const form = (request.body ?? {}) as Form
    try {
      await services.duplicates.unmerge(actor, request.params.id, text(form, 'reason'))
    } catch (error) {
      if (!(error instanceof MergeRefused) && !(error instanceof ValidationError)) throw error
      const merge = await services.duplicates.mergeRecord(actor, request.params.id)
      const errors = error instanceof ValidationError ? error.errors : [{ field: 'unmerge', message: error.message }]
      return render(
        request,
        reply,
        'pages/identity/merge.njk',
        { merge: mergeView(merge), errors },
        error instanceof ValidationError ? 400 : 409,
      )
    }
    return reply.redirect(`/identity/merges/${request.params.id}`, 303)
  })
}
