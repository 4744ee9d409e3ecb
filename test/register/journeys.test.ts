import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { signIn, startTestApp, type TestApp } from '../support/app.ts'
import { JOURNEYS } from '../../src/web/routes/register/journeys.ts'
import { RECORDED_KINDS } from '../../src/domain/register/notificationInput.ts'
import { ifSet } from '../support/hooks.ts'

const given = {
  'notifiedOn-day': '23',
  'notifiedOn-month': '11',
  'notifiedOn-year': '2026',
  notifiedTime: '09:40',
  policeStation: 'Trafford police station',
}
const address = { 'address-line1': '21 Walk Street', 'address-town': 'Sale', 'address-postcode': 'M33 5WS' }
const date = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-')
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: String(y) }
}

/** Valid answers for every page of every journey, by page slug. */
const ANSWERS: Record<string, Record<string, Record<string, string>>> = {
  initial: { details: { ...date('eventDate', '2026-11-21'), noFixedAbode: 'no', ...address } },
  'change-of-name': { name: { givenName: 'Walker', familyName: 'Renamed', ...date('eventDate', '2026-11-22') } },
  'change-of-home-address': {
    address: {
      ...date('eventDate', '2026-11-22'),
      noFixedAbode: 'yes',
      'address-line1': 'Under the railway arches',
      'address-town': 'Manchester',
    },
  },
  'other-address': { address: { ...address, ...date('fromDate', '2026-11-10'), ...date('eventDate', '2026-11-20') } },
  'child-household': {
    household: { ...address, ...date('eventDate', '2026-11-22'), relationship: 'Friend of the family' },
    child: { 'child-givenName': 'Kid', 'child-familyName': 'Walker', ...date('child-dateOfBirth', '2016-04-04') },
  },
  'release-from-custody': { release: { ...date('eventDate', '2026-11-21'), establishment: 'HMP Risley' } },
  periodic: { abode: { noFixedAbode: 'no' } },
  'identity-documents': {
    document: {
      documentKind: 'driving-licence',
      documentNumber: 'WALKE801017AB9CD',
      issuingCountry: 'United Kingdom',
      nameOnDocument: 'A Walker',
      ...date('expiresOn', '2031-01-01'),
    },
  },
  'bank-details': {
    account: {
      accountKind: 'bank-account',
      provider: 'Example Bank',
      nameOnAccount: 'A Walker',
      sortCode: '30-94-57',
      accountNumber: '87654321',
    },
  },
  'foreign-travel': {
    departure: {
      ...date('departureDate', '2026-12-20'),
      departureTime: '06:30',
      departurePoint: 'Manchester Airport',
      carrier: 'EA 99',
      detailsKnownSevenDaysAhead: 'yes',
    },
    destination: {
      'destinations-0-country': 'Spain',
      'destinations-0-arrivalPoint': 'Alicante',
      'destinations-0-accommodation': 'Villa',
      ...date('returnDate', '2026-12-27'),
    },
  },
  association: {
    associate: {
      'associate-givenName': 'Sam',
      'associate-familyName': 'Mate',
      relationship: 'Friend',
      ...date('eventDate', '2026-11-15'),
    },
    address: {},
  },
}

describe('every notification journey, page by page [pglite]', () => {
  let t: TestApp
  let om: { cookie: string; csrf: string }
  let subjectId: string
  before(async () => {
    t = await startTestApp({ seed: false })
    const s = await t.f.managedSubject({ signIn: true, category: 'rso' })
    om = await signIn(t.app, s.om.username)
    subjectId = s.id
  })
  after(async () => ifSet(t)?.close())

  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: om.cookie } })
  const post = (url: string, payload: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, headers: { cookie: om.cookie }, payload: { _csrf: om.csrf, ...payload } })
  const notifications = async () =>
    (
      await t.database.db
        .selectFrom('notification')
        .select(t.database.db.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n

  test('every kind has answers in this test', () => {
    assert.deepEqual(Object.keys(ANSWERS).sort(), [...RECORDED_KINDS].sort())
  })

  for (const kind of RECORDED_KINDS) {
    test(`${kind}: blank pages are rejected with GOV.UK messages; valid answers record one notification`, async () => {
      const startedWith = await notifications()
      const start = await post(`/subjects/${subjectId}/notifications/new`, { kind })
      assert.equal(start.statusCode, 303)
      const base = String(start.headers.location).replace(/\/[^/]+$/, '')
      for (const page of JOURNEYS[kind].pages) {
        const shown = await get(`${base}/${page.slug}`)
        assert.equal(shown.statusCode, 200, `${kind}/${page.slug} renders`)
        const required = page.fields.filter(f => !f.optional)
        if (required.length > 0) {
          const blank = Object.fromEntries(
            page.fields.flatMap(f =>
              f.type === 'date'
                ? ['day', 'month', 'year'].map(p => [`${f.path.replace(/\./g, '-')}-${p}`, ''])
                : [[f.path.replace(/\./g, '-'), '']],
            ),
          )
          const refused = await post(`${base}/${page.slug}`, blank)
          assert.equal(refused.statusCode, 400, `${kind}/${page.slug} refuses blanks`)
          assert.match(refused.body, /govuk-error-summary/)
          assert.match(refused.body, /govuk-error-message/)
        }
        const answers = page.slug === 'given' ? given : (ANSWERS[kind]?.[page.slug] ?? {})
        const accepted = await post(`${base}/${page.slug}`, answers)
        assert.equal(
          accepted.statusCode,
          303,
          `${kind}/${page.slug}: ${/govuk-error-summary[\s\S]*?<\/ul>/.exec(accepted.body)?.[0] ?? ''}`,
        )
      }
      assert.equal(await notifications(), startedWith, 'nothing written before confirmation')
      const check = await get(`${base}/check`)
      assert.equal(check.statusCode, 200)
      const done = await post(`${base}/check`, {})
      assert.equal(done.statusCode, 303, done.body.slice(0, 800))
      const confirmation = await get(String(done.headers.location))
      assert.match(confirmation.body, /Notification recorded/)
      assert.equal(await notifications(), startedWith + 1)
    })
  }
})
