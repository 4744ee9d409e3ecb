import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startTestApp, type TestApp } from '../support/app.ts'
import { testEngines } from '../support/db.ts'
import { ifSet } from '../support/hooks.ts'

for (const engine of testEngines()) {
  describe(`register API [${engine}]`, () => {
    let t: TestApp
    let auth: { authorization: string }
    let subjectId: string
    before(async () => {
      t = await startTestApp({ engine, seed: false })
      const s = await t.f.managedSubject({ category: 'rso' })
      auth = { authorization: `Bearer ${await t.services.auth.createApiToken(s.om.username)}` }
      subjectId = s.id
    })
    after(async () => ifSet(t)?.close())

    const calc = (query: string, headers: Record<string, string> = auth) =>
      t.app.inject({ method: 'GET', url: `/api/v1/rules/notification-period?${query}`, headers })

    test('the calculator answers exactly {indefinite, periodMonths, lastDay}', async () => {
      const ten = await calc('disposal=imprisonment&custodialMonths=18&dateOfBirth=1980-01-01&relevantDate=2020-03-15')
      assert.equal(ten.statusCode, 200)
      assert.deepEqual(ten.json(), { indefinite: false, periodMonths: 120, lastDay: '2030-03-14' })
      const life = await calc('disposal=life&dateOfBirth=1980-01-01&relevantDate=2020-03-15')
      assert.deepEqual(life.json(), { indefinite: true, periodMonths: null, lastDay: null })
      const youth = await calc('disposal=caution&dateOfBirth=2005-06-01&relevantDate=2020-03-15')
      assert.deepEqual(youth.json(), { indefinite: false, periodMonths: 12, lastDay: '2021-03-14' })
      const discharge = await calc(
        'disposal=conditional-discharge&dischargeMonths=18&dateOfBirth=2005-06-01&relevantDate=2020-03-15',
      )
      assert.deepEqual(discharge.json(), { indefinite: false, periodMonths: 18, lastDay: '2021-09-14' })
    })

    test('impossible input is a 400 problem+json naming each field', async () => {
      const cases: Array<[string, string]> = [
        ['disposal=imprisonment&custodialMonths=-3&dateOfBirth=1980-01-01&relevantDate=2020-03-15', 'custodialMonths'],
        ['disposal=imprisonment&dateOfBirth=1980-01-01&relevantDate=2020-03-15', 'custodialMonths'],
        ['disposal=other&dateOfBirth=1980-01-01&relevantDate=1979-03-15', 'relevantDate'],
        ['disposal=banished&dateOfBirth=1980-01-01&relevantDate=2020-03-15', 'disposal'],
      ]
      for (const [query, field] of cases) {
        const res = await calc(query)
        assert.equal(res.statusCode, 400, query)
        assert.match(String(res.headers['content-type']), /application\/problem\+json/)
        const body = res.json<{ errors: Array<{ field: string; message: string }> }>()
        assert.ok(
          body.errors.some(e => e.field === field),
          `${query} names ${field}`,
        )
      }
    })

    test('the calculator needs a bearer token', async () => {
      const res = await calc('disposal=life&dateOfBirth=1980-01-01&relevantDate=2020-03-15', {})
      assert.equal(res.statusCode, 401)
    })

    test('POST a notification with an Idempotency-Key records it once and lists its alerts', async () => {
      const payload = {
        kind: 'change-of-home-address',
        notifiedOn: '2026-11-23',
        notifiedTime: '09:15',
        policeStation: 'Trafford police station',
        eventDate: '2026-11-23',
        noFixedAbode: 'no',
        address: { line1: '8 Api Avenue', town: 'Sale', postcode: 'M33 4AA' },
      }
      const send = () =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/subjects/${subjectId}/notifications`,
          headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': 'api-test-1' },
          payload,
        })
      const first = await send()
      assert.equal(first.statusCode, 201, first.body)
      const again = await send()
      assert.equal(again.json<{ id: string }>().id, first.json<{ id: string }>().id)
      assert.ok(first.json<{ alerts: Array<{ kind: string }> }>().alerts.some(a => a.kind === 'address-change'))
      const alerts = await t.app.inject({ method: 'GET', url: '/api/v1/alerts', headers: auth })
      assert.equal(alerts.statusCode, 200)
      assert.ok(alerts.json<{ items: Array<{ kind: string }> }>().items.some(a => a.kind === 'address-change'))
      const bad = await t.app.inject({
        method: 'POST',
        url: `/api/v1/subjects/${subjectId}/notifications`,
        headers: { ...auth, 'content-type': 'application/json' },
        payload: { ...payload, address: { line1: '', town: '', postcode: 'x' } },
      })
      assert.equal(bad.statusCode, 400)
      assert.deepEqual(
        bad
          .json<{ errors: Array<{ field: string }> }>()
          .errors.map(e => e.field)
          .sort(),
        ['address.line1', 'address.postcode', 'address.town'],
      )
    })

    test('the OpenAPI document describes the register endpoints', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{
        paths: Record<string, unknown>
      }>()
      for (const path of ['/rules/notification-period', '/subjects/{id}/notifications', '/alerts'])
        assert.ok(doc.paths[path], path)
    })
  })
}
