import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { signIn, startTestApp, type TestApp } from '../support/app.ts'
import { testEngines } from '../support/db.ts'
import { ifSet } from '../support/hooks.ts'

const CLI = { id: null, username: 'cli:test' }

for (const engine of testEngines()) {
  describe(`personal API tokens [${engine}]`, () => {
    let t: TestApp
    before(async () => {
      t = await startTestApp({ engine, subjects: 20 })
    })
    after(async () => ifSet(t)?.close())

    const api = (token: string, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
      t.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json' } : {}) },
        ...(payload ? { payload } : {}),
      })
    const staffId = async (username: string) =>
      (await t.database.db.selectFrom('staff').select('id').where('username', '=', username).executeTakeFirstOrThrow())
        .id
    const tokenAudit = (action: string) =>
      t.database.db
        .selectFrom('audit_event')
        .select(['actor_username', 'record_id', 'details'])
        .where('record_type', '=', 'api_token')
        .execute()
        .then(rows => rows.filter(r => (r.details as { action?: string }).action === action))

    test('made on the account page: shown once, stored hashed, listed without the secret, audited', async () => {
      const om = await signIn(t.app, 'demo.om')
      const created = await t.app.inject({
        method: 'POST',
        url: '/account/tokens',
        headers: { cookie: om.cookie },
        payload: { _csrf: om.csrf, name: 'Nightly export', scopes: ['alerts:read', 'governance:read'], days: '30' },
      })
      assert.equal(created.statusCode, 200)
      const token = /data-qa="new-token">(vgl_[A-Za-z0-9_-]+)</.exec(created.body)?.[1]
      assert.ok(token, 'the new token is shown')
      const stored = await t.database.db.selectFrom('api_token').select(['token_hash', 'scopes']).execute()
      assert.ok(
        stored.every(r => r.token_hash !== token && !r.token_hash.includes(token)),
        'only a hash is stored',
      )
      const list = await t.app.inject({ method: 'GET', url: '/account/tokens', headers: { cookie: om.cookie } })
      assert.match(list.body, /Nightly export/)
      assert.match(list.body, /alerts:read, governance:read/)
      assert.ok(!list.body.includes(token), 'the secret is never shown again')
      assert.equal((await api(token, 'GET', '/api/v1/me')).statusCode, 200)
      const audit = await tokenAudit('create token')
      assert.ok(
        audit.some(a => a.actor_username === 'demo.om' && (a.details as { name: string }).name === 'Nightly export'),
      )
      const lastUsed = await t.database.db
        .selectFrom('api_token')
        .select('last_used_at')
        .where('name', '=', 'Nightly export')
        .executeTakeFirstOrThrow()
      assert.ok(lastUsed.last_used_at, 'the last use is recorded')
    })

    test('a bad token form is refused with messages, and nothing is created', async () => {
      const om = await signIn(t.app, 'demo.om')
      const bad = await t.app.inject({
        method: 'POST',
        url: '/account/tokens',
        headers: { cookie: om.cookie },
        payload: { _csrf: om.csrf, name: '', scopes: 'everything:write', days: '999' },
      })
      assert.equal(bad.statusCode, 400)
      assert.match(bad.body, /Enter a name for the token/)
      assert.match(bad.body, /Unknown scope: everything:write/)
      assert.match(bad.body, /from 1 to 366/)
    })

    test('a token reaches only its scopes: read for GET, write for POST, and only the capabilities named', async () => {
      const reader = (await t.services.apiTokens.issue('demo.om', { name: 'r', scopes: 'alerts:read' }, CLI)).token
      assert.equal((await api(reader, 'GET', '/api/v1/alerts')).statusCode, 200)
      const write = await api(reader, 'POST', '/api/v1/alerts/1/acknowledge', { note: 'x' })
      assert.equal(write.statusCode, 403)
      assert.match(String(write.headers['content-type']), /application\/problem\+json/)
      assert.match(write.body, /alerts:write/)
      assert.equal((await api(reader, 'GET', '/api/v1/governance/overdue')).statusCode, 403)
      const writer = (await t.services.apiTokens.issue('demo.om', { name: 'w', scopes: 'alerts:write' }, CLI)).token
      assert.notEqual((await api(writer, 'POST', '/api/v1/alerts/1/acknowledge', { note: 'x' })).statusCode, 403)
    })

    test('every API route declares its capability: a token without it is refused before anything runs', async () => {
      const allReads = (
        await t.services.apiTokens.issue(
          'demo.head',
          {
            name: 'reads',
            scopes:
              'subjects:read,register:read,alerts:read,risk:read,visits:read,workload:read,governance:read,identity:read',
          },
          CLI,
        )
      ).token
      const governanceOnly = (
        await t.services.apiTokens.issue('demo.head', { name: 'gov', scopes: ['governance:read'] }, CLI)
      ).token
      const routes = t.app.routeTable.filter(r => r.url.startsWith('/api/') && r.url !== '/api/v1/openapi.json')
      assert.ok(routes.length > 5)
      for (const route of routes) {
        const url = route.url.replace(/:id\b/g, '00000000-0000-4000-8000-000000000000').replace(/:[A-Za-z]+/g, '1')
        const method = route.method as 'GET' | 'POST'
        const body = method === 'GET' ? undefined : {}
        if (method !== 'GET') {
          const response = await api(allReads, method, url, body)
          assert.equal(response.statusCode, 403, `${method} ${route.url} with read-only scopes: ${response.statusCode}`)
        }
        if (route.url === '/api/v1/me' || (method === 'GET' && route.url.startsWith('/api/v1/governance/'))) continue
        const response = await api(governanceOnly, method, url, body)
        assert.equal(
          response.statusCode,
          403,
          `${method} ${route.url} with governance:read only: ${response.statusCode}`,
        )
      }
    })

    test('a token expires (90 days by default)', async () => {
      const issued = await t.services.apiTokens.issue(
        'demo.supervisor',
        { name: 'default', scopes: 'alerts:read' },
        CLI,
      )
      const short = await t.services.apiTokens.issue(
        'demo.supervisor',
        { name: 'one day', scopes: 'alerts:read', days: 1 },
        CLI,
      )
      assert.equal(Math.round((issued.expiresAt.getTime() - t.clock.now().epochMilliseconds) / 86_400_000), 90)
      assert.equal((await api(short.token, 'GET', '/api/v1/me')).statusCode, 200)
      t.clock.advance({ hours: 25 })
      assert.equal((await api(short.token, 'GET', '/api/v1/me')).statusCode, 401)
      assert.equal((await api(issued.token, 'GET', '/api/v1/me')).statusCode, 200)
    })

    test('the owner revokes a token; someone else cannot; an administrator can, from the tokens page', async () => {
      const mine = await t.services.apiTokens.issue('demo.om', { name: 'mine', scopes: 'alerts:read' }, CLI)
      const other = await t.services.apiTokens.issue('demo.om', { name: 'other', scopes: 'alerts:read' }, CLI)
      const head = await signIn(t.app, 'demo.head')
      const refused = await t.app.inject({
        method: 'POST',
        url: `/account/tokens/${mine.id}/revoke`,
        headers: { cookie: head.cookie },
        payload: { _csrf: head.csrf },
      })
      assert.equal(refused.statusCode, 404)
      assert.equal((await api(mine.token, 'GET', '/api/v1/me')).statusCode, 200)
      const om = await signIn(t.app, 'demo.om')
      const revoked = await t.app.inject({
        method: 'POST',
        url: `/account/tokens/${mine.id}/revoke`,
        headers: { cookie: om.cookie },
        payload: { _csrf: om.csrf },
      })
      assert.equal(revoked.statusCode, 303)
      assert.equal((await api(mine.token, 'GET', '/api/v1/me')).statusCode, 401)
      const admin = await signIn(t.app, 'demo.admin')
      const page = await t.app.inject({ method: 'GET', url: '/admin/tokens', headers: { cookie: admin.cookie } })
      assert.equal(page.statusCode, 200)
      assert.match(page.body, new RegExp(`/admin/tokens/${other.id}/revoke`))
      assert.ok(!page.body.includes(other.token))
      const byAdmin = await t.app.inject({
        method: 'POST',
        url: `/admin/tokens/${other.id}/revoke`,
        headers: { cookie: admin.cookie },
        payload: { _csrf: admin.csrf },
      })
      assert.equal(byAdmin.statusCode, 303)
      assert.equal((await api(other.token, 'GET', '/api/v1/me')).statusCode, 401)
      const audit = await tokenAudit('revoke token')
      assert.deepEqual(
        audit
          .filter(a => a.record_id === mine.id || a.record_id === other.id)
          .map(a => a.actor_username)
          .sort(),
        ['demo.admin', 'demo.om'],
      )
    })

    for (const action of ['end-sessions', 'reset-mfa', 'disable'] as const) {
      test(`"${action}" by an administrator revokes the user's API tokens with their sessions`, async () => {
        const username = { 'end-sessions': 'demo.investigator', 'reset-mfa': 'demo.partner', disable: 'demo.analyst' }[
          action
        ]
        const issued = await t.services.apiTokens.issue(username, { name: action, scopes: 'alerts:read' }, CLI)
        assert.equal((await api(issued.token, 'GET', '/api/v1/me')).statusCode, 200)
        const admin = await signIn(t.app, 'demo.admin')
        const done = await t.app.inject({
          method: 'POST',
          url: `/admin/users/${await staffId(username)}/${action}`,
          headers: { cookie: admin.cookie },
          payload: { _csrf: admin.csrf },
        })
        assert.equal(done.statusCode, 303)
        assert.equal((await api(issued.token, 'GET', '/api/v1/me')).statusCode, 401)
        const row = await t.database.db
          .selectFrom('api_token')
          .select(['revoked_at', 'revoked_by'])
          .where('id', '=', issued.id)
          .executeTakeFirstOrThrow()
        assert.ok(row.revoked_at, 'the token row is revoked, not just refused')
        assert.equal(row.revoked_by, await staffId('demo.admin'))
        const owner = await staffId(username)
        assert.ok(
          (await tokenAudit('revoke all tokens')).some(a => a.record_id === owner && a.actor_username === 'demo.admin'),
        )
      })
    }
  })
}
