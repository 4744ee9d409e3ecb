import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import type { InjectOptions } from 'fastify'
import { raiseAlert } from '../../src/data/timeline/timelineRepository.ts'
import { signIn, startTestApp, type TestApp } from '../support/app.ts'
import { ifSet } from '../support/hooks.ts'

/**
 * Every route in the app's route table must be either public (below) or have an access fixture:
 * who may call it (and an audit row must be written with the request's correlation id when it
 * touches personal data), and who must be refused (403/404). A new route without a fixture fails
 * this suite, so nobody can add a page that skips the checks.
 */
const PUBLIC = new Set([
  'GET /health',
  'GET /assets/*',
  'GET /assets/govuk/*',
  'GET /assets/moj/*',
  'GET /assets/app/*',
  'GET /sign-in',
  'POST /sign-in',
  'GET /sign-in/code',
  'POST /sign-in/code',
  'GET /sign-in/set-up',
  'POST /sign-in/set-up',
  'POST /sign-out',
  'GET /accessibility',
  'GET /api/v1/openapi.json',
])

interface Ctx {
  ownSubject: string
  /** The own subject's current version (optimistic concurrency), read again before each route is checked. */
  ownSubjectVersion: number
  otherSubject: string
  omStaffId: string
  /** Open possible duplicates from the seed (identity), a merge of the first and a person to check. */
  duplicates: string[]
  mergeId: string
  personId: string
  /** Alerts addressed to demo.om (one per route that acknowledges, so each starts open). */
  alertSeqs: number[]
  /** A seeded online child abuse referral of demo.ocait's team. */
  referralId: string
  /** API tokens of demo.om and demo.head, to revoke. */
  omTokenId: string
  headTokenId: string
}

interface Fixture {
  /** Who may call it (null: the route needs state a fixture cannot make up, so only refusals are checked). */
  as: string | null
  /** Who must be refused. */
  wrong: string[]
  url?: (ctx: Ctx) => string
  payload?: (ctx: Ctx) => Record<string, unknown>
  /** The route reads or writes personal data: an audit row with the request's correlation id is required. */
  audits: boolean
  /** A Server-Sent Events stream: only the anonymous refusal is checked (inject would wait for it to end). */
  stream?: boolean
}

const subjectUrl = (path: string) => (ctx: Ctx) => path.replace(':id', ctx.ownSubject)

export const FIXTURES: Record<string, Fixture> = {
  'GET /': { as: 'demo.om', wrong: [], audits: true },
  'GET /subjects/search': { as: 'demo.om', wrong: [], audits: false },
  'POST /subjects/search': {
    as: 'demo.om',
    wrong: ['demo.admin', 'demo.partner', 'demo.analyst'],
    payload: () => ({ query: 'a' }),
    audits: true,
  },
  'GET /subjects/new': { as: 'demo.om', wrong: [], audits: false },
  'POST /subjects/new': {
    as: 'demo.om',
    wrong: ['demo.admin', 'demo.partner', 'demo.analyst', 'demo.investigator'],
    payload: () => ({
      formToken: randomUUID(),
      givenName: 'Route',
      familyName: 'Fixture',
      'dateOfBirth-day': '1',
      'dateOfBirth-month': '2',
      'dateOfBirth-year': '1970',
      gender: 'male',
      category: 'rso',
      'address-line1': '1 Fixture Way',
      'address-town': 'Sale',
      'address-postcode': 'M33 1AA',
    }),
    audits: true,
  },
  'GET /subjects/:id': {
    as: 'demo.om',
    wrong: ['demo.admin', 'demo.analyst', 'demo.partner', 'demo.auditor'],
    url: subjectUrl('/subjects/:id'),
    audits: true,
  },
  'GET /subjects/:id/registered': {
    as: 'demo.om',
    wrong: ['demo.admin', 'demo.partner'],
    url: subjectUrl('/subjects/:id/registered'),
    audits: true,
  },
  'POST /subjects/:id/break-glass': {
    as: 'demo.investigator',
    wrong: ['demo.admin', 'demo.partner', 'demo.analyst'],
    url: subjectUrl('/subjects/:id/break-glass'),
    payload: () => ({ reason: 'Incident 123 of 23/11: checking the address' }),
    audits: true,
  },
  'GET /subjects/:id/access-log': {
    as: 'demo.om',
    wrong: ['demo.investigator', 'demo.partner', 'demo.admin'],
    url: subjectUrl('/subjects/:id/access-log'),
    audits: true,
  },
  'GET /subjects/:id/share': {
    as: 'demo.om',
    wrong: ['demo.admin', 'demo.partner'],
    url: subjectUrl('/subjects/:id/share'),
    audits: true,
  },
  'POST /subjects/:id/share': {
    as: 'demo.om',
    wrong: ['demo.admin', 'demo.partner', 'demo.analyst'],
    url: subjectUrl('/subjects/:id/share'),
    // Shared with another agency than demo.partner's, so demo.partner stays a "wrong" caller elsewhere.
    payload: () => ({ agency: "Children's Services", scope: 'summary', purpose: 'MAPPA level 2 meeting' }),
    audits: true,
  },
  'GET /subjects/:id/sensitive': {
    as: 'demo.om',
    wrong: ['demo.admin', 'demo.partner', 'demo.investigator'],
    url: subjectUrl('/subjects/:id/sensitive'),
    audits: true,
  },
  'POST /subjects/:id/sensitive': {
    as: 'demo.om',
    wrong: ['demo.admin', 'demo.partner', 'demo.investigator'],
    url: subjectUrl('/subjects/:id/sensitive'),
    payload: ctx => ({ healthNotes: 'Type 2 diabetes', victimNotes: '', version: String(ctx.ownSubjectVersion) }),
    audits: true,
  },
  'GET /shared': { as: 'demo.partner', wrong: ['demo.admin', 'demo.om'], audits: true },
  'GET /account/sessions': { as: 'demo.om', wrong: [], audits: false },
  'POST /account/sessions/:id/end': {
    as: 'demo.om',
    wrong: [],
    url: () => `/account/sessions/${'0'.repeat(64)}/end`,
    audits: false,
  },
  'GET /account/tokens': { as: 'demo.om', wrong: [], audits: false },
  'POST /account/tokens': {
    as: 'demo.om',
    wrong: [],
    payload: () => ({ name: 'Route fixture', scopes: 'alerts:read', days: '7' }),
    audits: true,
  },
  'POST /account/tokens/:id/revoke': {
    as: 'demo.om',
    wrong: ['demo.head', 'demo.auditor', 'demo.partner'],
    url: ctx => `/account/tokens/${ctx.omTokenId}/revoke`,
    audits: true,
  },
  'GET /admin/tokens': { as: 'demo.admin', wrong: ['demo.om', 'demo.head', 'demo.auditor'], audits: true },
  'POST /admin/tokens/:id/revoke': {
    as: 'demo.admin',
    wrong: ['demo.om', 'demo.auditor'],
    url: ctx => `/admin/tokens/${ctx.headTokenId}/revoke`,
    audits: true,
  },
  'GET /admin/users': { as: 'demo.admin', wrong: ['demo.om', 'demo.head', 'demo.auditor'], audits: true },
  'POST /admin/users/:id/:action': {
    as: 'demo.admin',
    wrong: ['demo.om', 'demo.head'],
    url: ctx => `/admin/users/${ctx.omStaffId}/unlock`,
    audits: true,
  },
  'GET /audit': { as: 'demo.auditor', wrong: ['demo.om', 'demo.admin', 'demo.head'], audits: true },
  'GET /audit/export.csv': { as: 'demo.auditor', wrong: ['demo.om', 'demo.admin'], audits: true },
  'GET /analysis': { as: 'demo.analyst', wrong: ['demo.om', 'demo.partner', 'demo.admin'], audits: true },
  'GET /api/v1/governance/overdue': {
    as: 'demo.head',
    wrong: ['demo.partner', 'demo.admin', 'demo.auditor'],
    url: () => '/api/v1/governance/overdue?groupBy=district',
    audits: false,
  },
  'GET /api/v1/governance/subjects': {
    as: 'demo.head',
    wrong: ['demo.partner', 'demo.admin', 'demo.analyst'],
    url: () => '/api/v1/governance/subjects?measure=visits&cell=overdue',
    audits: true,
  },
  'POST /api/v1/subjects/:id/break-glass': {
    as: 'demo.investigator',
    wrong: ['demo.admin', 'demo.partner'],
    url: subjectUrl('/api/v1/subjects/:id/break-glass'),
    payload: () => ({ reason: 'Incident 456: checking the record' }),
    audits: true,
  },
  // Risk, visits, governance and workload (issue 5)
  'GET /governance': { as: 'demo.supervisor', wrong: ['demo.partner', 'demo.admin', 'demo.auditor'], audits: true },
  'GET /governance/export.csv': { as: 'demo.supervisor', wrong: ['demo.partner', 'demo.admin'], audits: true },
  'GET /governance/subjects': {
    as: 'demo.supervisor',
    wrong: ['demo.partner', 'demo.admin', 'demo.analyst'],
    url: () => '/governance/subjects?measure=visits&cell=overdue',
    audits: true,
  },
  'GET /governance/subjects.csv': {
    as: 'demo.supervisor',
    wrong: ['demo.partner', 'demo.admin', 'demo.analyst'],
    url: () => '/governance/subjects.csv?measure=visits&cell=overdue',
    audits: true,
  },
  'GET /governance/trend': { as: 'demo.head', wrong: ['demo.partner', 'demo.admin'], audits: false },
  'GET /subjects/:id/allocate': {
    as: 'demo.supervisor',
    wrong: ['demo.om', 'demo.admin', 'demo.partner', 'demo.analyst'],
    url: subjectUrl('/subjects/:id/allocate'),
    audits: true,
  },
  'GET /workload': { as: 'demo.supervisor', wrong: ['demo.partner', 'demo.admin', 'demo.auditor'], audits: true },
  'GET /visits/planner': { as: 'demo.om', wrong: ['demo.partner', 'demo.admin', 'demo.analyst'], audits: true },
  'GET /arms/:id': {
    as: null,
    wrong: ['demo.partner', 'demo.admin', 'demo.analyst'],
    url: () => '/arms/00000000-0000-4000-8000-000000000000',
    audits: false,
  },
  'POST /arms/:id/countersign': {
    as: null,
    wrong: ['demo.partner', 'demo.admin', 'demo.analyst'],
    url: () => '/arms/00000000-0000-4000-8000-000000000000/countersign',
    audits: false,
  },
  // The RM2000/S calculator holds no personal data unless opened for a subject.
  'GET /risk/rm2000': { as: 'demo.om', wrong: [], audits: false },
  'POST /risk/rm2000': {
    as: 'demo.om',
    wrong: [],
    payload: () => ({ ageAtRiskCommencement: '30', sexualAppearances: '1', criminalAppearances: '2' }),
    audits: false,
  },
  // Register and alerts (issue 4)
  'GET /alerts/stream': { as: null, wrong: [], stream: true, audits: false },
  'GET /alerts': { as: 'demo.om', wrong: [], audits: true },
  'GET /alerts/:seq': {
    as: 'demo.om',
    wrong: ['demo.admin', 'demo.partner'],
    url: ctx => `/alerts/${ctx.alertSeqs[0]}`,
    audits: true,
  },
  'POST /alerts/:seq/acknowledge': {
    as: 'demo.om',
    wrong: ['demo.admin', 'demo.partner'],
    url: ctx => `/alerts/${ctx.alertSeqs[1]}/acknowledge`,
    payload: () => ({ note: 'Spoke to the subject, address confirmed' }),
    audits: true,
  },
  'GET /api/v1/alerts': { as: 'demo.om', wrong: [], audits: true },
  'POST /api/v1/alerts/:seq/acknowledge': {
    as: 'demo.om',
    wrong: ['demo.admin', 'demo.partner'],
    url: ctx => `/api/v1/alerts/${ctx.alertSeqs[2]}/acknowledge`,
    payload: () => ({ note: 'Seen and actioned' }),
    audits: true,
  },
  // The calculator holds no personal data.
  'GET /api/v1/rules/notification-period': {
    as: 'demo.om',
    wrong: [],
    url: () => '/api/v1/rules/notification-period?disposal=caution&dateOfBirth=1980-01-01&relevantDate=2020-03-15',
    audits: false,
  },
  'GET /api/v1/subjects/:id/register': {
    as: 'demo.om',
    wrong: ['demo.admin', 'demo.analyst', 'demo.partner'],
    url: subjectUrl('/api/v1/subjects/:id/register'),
    audits: true,
  },
  'POST /api/v1/subjects/:id/notifications': {
    as: null,
    wrong: ['demo.admin', 'demo.analyst', 'demo.partner'],
    url: subjectUrl('/api/v1/subjects/:id/notifications'),
    payload: () => ({ kind: 'periodic' }),
    audits: false,
  },
  'GET /api/v1/me': { as: 'demo.om', wrong: [], audits: false },
  'POST /api/v1/subjects/search': {
    as: 'demo.om',
    wrong: ['demo.admin', 'demo.partner'],
    payload: () => ({ query: 'a' }),
    audits: true,
  },
  'POST /api/v1/subjects': {
    as: 'demo.om',
    wrong: ['demo.admin', 'demo.partner', 'demo.analyst'],
    payload: () => ({
      givenName: 'Api',
      familyName: 'Fixture',
      dateOfBirth: '1971-03-04',
      gender: 'male',
      category: 'rso',
      address: { line1: '2 Fixture Way', town: 'Sale', postcode: 'M33 1AB' },
    }),
    audits: true,
  },
  'GET /api/v1/subjects/:id': {
    as: 'demo.om',
    wrong: ['demo.admin', 'demo.analyst', 'demo.partner'],
    url: subjectUrl('/api/v1/subjects/:id'),
    audits: true,
  },
  'GET /identity/review': {
    as: 'demo.om',
    wrong: ['demo.admin', 'demo.analyst', 'demo.partner', 'demo.auditor'],
    audits: true,
  },
  'GET /identity/review/:id': {
    as: 'demo.om',
    wrong: ['demo.admin', 'demo.analyst', 'demo.partner'],
    url: ctx => `/identity/review/${ctx.duplicates[1]}`,
    audits: true,
  },
  'POST /identity/review/:id/confirm': {
    as: 'demo.supervisor',
    wrong: ['demo.admin', 'demo.analyst', 'demo.partner'],
    url: ctx => `/identity/review/${ctx.duplicates[1]}/confirm`,
    audits: true,
  },
  'POST /identity/review/:id/reject': {
    as: 'demo.om',
    wrong: ['demo.admin', 'demo.analyst', 'demo.partner'],
    url: ctx => `/identity/review/${ctx.duplicates[2]}/reject`,
    audits: true,
  },
  'GET /identity/merges/:id': {
    as: 'demo.head',
    wrong: ['demo.admin', 'demo.analyst', 'demo.partner'],
    url: ctx => `/identity/merges/${ctx.mergeId}`,
    audits: true,
  },
  'POST /identity/merges/:id/unmerge': {
    as: 'demo.supervisor',
    wrong: ['demo.admin', 'demo.analyst', 'demo.partner'],
    url: ctx => `/identity/merges/${ctx.mergeId}/unmerge`,
    audits: true,
  },
  'POST /api/v1/people/matches': {
    as: 'demo.investigator',
    wrong: ['demo.admin', 'demo.analyst', 'demo.partner'],
    payload: () => ({ givenName: 'Route', familyName: 'Fixture' }),
    audits: true,
  },
  'GET /api/v1/people/:id/repeat-suspect-check': {
    as: 'demo.om',
    wrong: ['demo.admin', 'demo.analyst', 'demo.partner'],
    url: ctx => `/api/v1/people/${ctx.personId}/repeat-suspect-check`,
    audits: true,
  },
  // Online child abuse referrals (issue 14): the owning team only; never partners, analysts or other teams.
  'GET /ocait': {
    as: 'demo.ocait',
    wrong: ['demo.partner', 'demo.admin', 'demo.analyst', 'demo.auditor'],
    audits: true,
  },
  'GET /ocait/referrals/new': {
    as: 'demo.ocait',
    wrong: ['demo.partner', 'demo.admin', 'demo.analyst'],
    audits: false,
  },
  'POST /ocait/referrals': {
    as: 'demo.ocait',
    wrong: ['demo.partner', 'demo.admin', 'demo.analyst', 'demo.auditor'],
    payload: () => ({
      formToken: randomUUID(),
      source: 'national',
      'receivedAt-day': '23',
      'receivedAt-month': '11',
      'receivedAt-year': '2026',
      'receivedAt-time': '08:00',
      summary: 'Route fixture referral (synthetic).',
    }),
    audits: true,
  },
  'GET /ocait/referrals/:id': {
    as: 'demo.ocait',
    wrong: ['demo.om', 'demo.investigator', 'demo.partner', 'demo.admin', 'demo.analyst'],
    url: ctx => `/ocait/referrals/${ctx.referralId}`,
    audits: true,
  },
  'GET /ocait/referrals/:id/triage': {
    as: 'demo.ocait',
    wrong: ['demo.om', 'demo.partner', 'demo.admin', 'demo.analyst'],
    url: ctx => `/ocait/referrals/${ctx.referralId}/triage`,
    audits: true,
  },
  'POST /ocait/referrals/:id/triage': {
    as: null,
    wrong: ['demo.om', 'demo.partner', 'demo.admin', 'demo.analyst'],
    url: ctx => `/ocait/referrals/${ctx.referralId}/triage`,
    payload: () => ({ version: '1' }),
    audits: false,
  },
}

/**
 * Routes under /subjects/:id are personal data by definition. Without an explicit fixture, a GET
 * with only the subject id must open for the subject's offender manager with an audit row and be
 * refused to roles without case access; anything else is checked for refusals only.
 */
function defaultFixture(method: string, path: string): Fixture | undefined {
  if (!path.startsWith('/subjects/:id')) return undefined
  const onlySubjectId = (path.match(/:/g) ?? []).length === 1
  const fill = (ctx: Ctx) =>
    path.replace(':id', ctx.ownSubject).replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000')
  if (method === 'GET' && onlySubjectId)
    return { as: 'demo.om', wrong: ['demo.admin', 'demo.partner', 'demo.analyst'], url: fill, audits: true }
  return { as: null, wrong: ['demo.admin', 'demo.partner', 'demo.analyst'], url: fill, audits: false }
}

const fixtureFor = (key: string): Fixture | undefined => {
  const [method, path] = key.split(' ') as [string, string]
  return FIXTURES[key] ?? defaultFixture(method, path)
}

describe('every route is access-checked and audited', () => {
  let t: TestApp
  const sessions = new Map<string, { cookie: string; csrf: string }>()
  const tokens = new Map<string, string>()
  let ctx: Ctx
  before(async () => {
    t = await startTestApp({ subjects: 60 })
    const db = t.database.db
    const om = await db
      .selectFrom('staff')
      .select(['id', 'team_id'])
      .where('username', '=', 'demo.om')
      .executeTakeFirstOrThrow()
    const own = await db
      .selectFrom('subject')
      .select('id')
      .where('offender_manager_id', '=', om.id)
      .orderBy('reference')
      .executeTakeFirstOrThrow()
    const other = await db
      .selectFrom('subject')
      .select('id')
      .where('managing_team_id', '!=', om.team_id ?? '')
      .orderBy('reference')
      .executeTakeFirstOrThrow()
    // Pairs of people who are not subjects, so demo.om's team may open and decide them (a pair holding another
    // team's subject needs break-glass to read and cannot be decided outside its team: test/identity). The seed's
    // best-scored pair lends its explanation, so the pages render a real one.
    const seeded = await db
      .selectFrom('duplicate_candidate')
      .select(['match_probability', 'explanation'])
      .orderBy('match_probability', 'desc')
      .orderBy('id')
      .executeTakeFirstOrThrow()
    const duplicates: Array<{ id: string; person_a_id: string }> = []
    const fixturePair = (i: number) => {
      const pair = duplicates[i]
      if (!pair) throw new Error('fixture pairs were not made')
      return pair
    }
    for (let i = 0; i < 4; i++) {
      const at = new Date('2026-11-20T10:00:00Z')
      const people = await db
        .insertInto('person')
        .values(
          ['Routa', 'Routh'].map(given => ({
            given_name: `${given}${i}`,
            family_name: 'Fixture',
            given_norm: `${given.toLowerCase()}${i}`,
            family_norm: 'fixture',
            middle_names: null,
            date_of_birth: '1970-02-01',
            gender: 'male' as const,
            pnc_id: null,
            ni_number: null,
            created_at: at,
            updated_at: at,
          })),
        )
        .returning('id')
        .execute()
      const [a, b] = people.map(p => p.id).sort() as [string, string]
      const pair = await db
        .insertInto('duplicate_candidate')
        .values({
          person_a_id: a,
          person_b_id: b,
          match_probability: seeded.match_probability,
          explanation: JSON.stringify(seeded.explanation),
          found_at: at,
        })
        .returning(['id', 'person_a_id'])
        .executeTakeFirstOrThrow()
      duplicates.push(pair)
    }
    const supervisor = await db
      .selectFrom('staff')
      .select(['id', 'username', 'display_name as displayName', 'role', 'team_id as teamId', 'agency'])
      .where('username', '=', 'demo.supervisor')
      .executeTakeFirstOrThrow()
    const { mergeId } = await t.services.duplicates.confirm(
      { ...supervisor, correlationId: 'route-fixture' },
      fixturePair(0).id,
    )
    const alertSeqs: number[] = []
    for (let i = 0; i < 3; i++) {
      const alert = await raiseAlert(db, {
        subjectId: own.id,
        kind: 'address-change',
        priority: 'normal',
        title: `Route fixture alert ${i}`,
        createdAt: new Date(t.clock.now().epochMilliseconds),
        createdBy: null,
        recipients: [{ staffId: om.id, reason: 'offender manager' }],
      })
      alertSeqs.push(alert.seq)
    }
    const operator = { id: null, username: 'cli:route-fixture' }
    const omToken = await t.services.apiTokens.issue('demo.om', { name: 'fixture', scopes: 'alerts:read' }, operator)
    const headToken = await t.services.apiTokens.issue(
      'demo.head',
      { name: 'fixture', scopes: 'alerts:read' },
      operator,
    )
    ctx = {
      omTokenId: omToken.id,
      headTokenId: headToken.id,
      ownSubject: own.id,
      ownSubjectVersion: 1,
      otherSubject: other.id,
      omStaffId: om.id,
      duplicates: duplicates.map(d => d.id),
      mergeId,
      personId: fixturePair(3).person_a_id,
      alertSeqs,
      referralId: (await db.selectFrom('ocait_referral').select('id').orderBy('reference').executeTakeFirstOrThrow())
        .id,
    }
  })
  after(async () => ifSet(t)?.close())

  async function call(method: string, url: string, username: string | null, payload?: Record<string, unknown>) {
    const requestId = randomUUID()
    const api = url.startsWith('/api/')
    const headers: Record<string, string> = { 'x-request-id': requestId }
    let body = payload
    if (username && api) {
      if (!tokens.has(username)) tokens.set(username, await t.services.auth.createApiToken(username))
      headers.authorization = `Bearer ${tokens.get(username)}`
    } else if (username) {
      const s = sessions.get(username) ?? (await signIn(t.app, username))
      sessions.set(username, s)
      headers.cookie = s.cookie
      if (method === 'POST') body = { ...payload, _csrf: s.csrf }
    }
    const options: InjectOptions = { method, url, headers }
    if (method === 'POST') options.payload = body ?? {}
    const response = await t.app.inject(options)
    return { response, requestId }
  }

  const auditRows = (requestId: string) =>
    t.database.db
      .selectFrom('audit_event')
      .select(['operation', 'outcome'])
      .where('correlation_id', '=', requestId)
      .execute()

  test('the route table has a fixture or a public entry for every route', () => {
    const missing = t.app.routeTable
      .map(r => `${r.method} ${r.url}`)
      .filter(key => !PUBLIC.has(key) && !fixtureFor(key))
    assert.deepEqual(missing, [], `routes without an access test: ${missing.join(', ')}`)
  })

  test('anonymous callers are refused by every non-public route', async () => {
    for (const route of t.app.routeTable) {
      const key = `${route.method} ${route.url}`
      if (PUBLIC.has(key)) continue
      const fixture = fixtureFor(key)
      const url = fixture?.url?.(ctx) ?? route.url
      const { response, requestId } = await call(route.method, url, null, fixture?.payload?.(ctx))
      const refused = url.startsWith('/api/') ? [401] : route.method === 'GET' ? [302] : [302, 403]
      assert.ok(refused.includes(response.statusCode), `${key} answered ${response.statusCode} to an anonymous caller`)
      assert.deepEqual(
        (await auditRows(requestId)).filter(r => r.outcome === 'success' && r.operation !== 'sign-in'),
        [],
        `${key} did work for an anonymous caller`,
      )
    }
  })

  test('each route opens for the right caller (audited) and refuses the wrong ones', async t2 => {
    for (const route of t.app.routeTable) {
      const key = `${route.method} ${route.url}`
      const fixture = fixtureFor(key)
      if (PUBLIC.has(key) || !fixture) continue
      await t2.test(
        `${key}: allowed for ${fixture.as ?? '(not checked)'}${fixture.audits ? ' and audited' : ''}, refused for ${fixture.wrong.join(', ') || 'nobody else'}`,
        () => checkRoute(key, fixture),
      )
    }
  })

  async function checkRoute(key: string, fixture: Fixture): Promise<void> {
    {
      ctx.ownSubjectVersion = (
        await t.database.db
          .selectFrom('subject')
          .select('version')
          .where('id', '=', ctx.ownSubject)
          .executeTakeFirstOrThrow()
      ).version
      const [method, path] = key.split(' ') as [string, string]
      const url = fixture.url?.(ctx) ?? path
      if (key.endsWith('/subjects/:id/break-glass')) {
        // Break-glass is for subjects outside the caller's team.
        const { response, requestId } = await call(
          method,
          url.replace(ctx.ownSubject, ctx.otherSubject),
          fixture.as,
          fixture.payload?.(ctx),
        )
        assert.ok(response.statusCode < 400, `${key} as ${fixture.as}: ${response.statusCode}`)
        assert.ok((await auditRows(requestId)).some(r => r.operation === 'break-glass' && r.outcome === 'success'))
      } else if (fixture.as && !fixture.stream) {
        const { response, requestId } = await call(method, url, fixture.as, fixture.payload?.(ctx))
        assert.ok(
          response.statusCode < 400,
          `${key} as ${fixture.as}: ${response.statusCode} ${response.body.slice(0, 300)}`,
        )
        if (fixture.audits) {
          const rows = await auditRows(requestId)
          assert.ok(
            rows.some(r => r.outcome === 'success'),
            `${key} wrote no audit row for ${fixture.as}`,
          )
        }
      }
      for (const wrong of fixture.wrong) {
        const { response, requestId } = await call(method, url, wrong, fixture.payload?.(ctx))
        assert.ok([403, 404].includes(response.statusCode), `${key} as ${wrong} answered ${response.statusCode}`)
        const rows = await auditRows(requestId)
        assert.deepEqual(
          rows.filter(r => r.outcome === 'success' && r.operation !== 'sign-in'),
          [],
          `${key} as ${wrong} did work`,
        )
      }
    }
  }
})
