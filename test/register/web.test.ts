import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { actorNamed, signIn, startTestApp, type TestApp } from '../support/app.ts'
import { testEngines } from '../support/db.ts'
import { readEvents } from './support.ts'

// A short poll, so the safety net for alerts written without a NOTIFY can be seen within a test.
process.env.ALERT_POLL_MS = '300'

for (const engine of testEngines()) {
  describe(`register web journeys and alerts [${engine}]`, () => {
    let t: TestApp & { url: string }
    let om: { cookie: string; csrf: string }
    let subjectId: string
    before(async () => {
      t = await startTestApp({ engine, subjects: 80, listen: true })
      om = await signIn(t.app, 'demo.om')
      // The demo officer signs in; the subject the journeys are about is made here, not picked from the seed.
      subjectId = (await t.f.newSubject({ manager: await actorNamed(t.database, 'demo.om'), category: 'rso' })).id
    })
    after(async () => t.close())

    async function omActor() {
      const staff = await t.database.db
        .selectFrom('staff')
        .selectAll()
        .where('username', '=', 'demo.om')
        .executeTakeFirstOrThrow()
      return {
        id: staff.id,
        username: staff.username,
        displayName: staff.display_name,
        role: staff.role,
        teamId: staff.team_id,
        agency: null,
        correlationId: 'test',
      }
    }

    const get = (url: string, cookie = om.cookie) => t.app.inject({ method: 'GET', url, headers: { cookie } })
    const post = (url: string, payload: Record<string, string>, who = om) =>
      t.app.inject({ method: 'POST', url, headers: { cookie: who.cookie }, payload: { _csrf: who.csrf, ...payload } })

    async function startJourney(kind: string): Promise<string> {
      const res = await post(`/subjects/${subjectId}/notifications/new`, { kind })
      assert.equal(res.statusCode, 303, res.body.slice(0, 500))
      return String(res.headers.location)
    }

    test('a change of home address goes question pages → check your answers → confirmation, and a double submit records once', async () => {
      const first = await startJourney('change-of-home-address')
      assert.match(first, /\/given$/)
      const given = await get(first)
      assert.equal(given.statusCode, 200)
      assert.match(given.body, /When and where was the notification given\?/)
      const next = await post(first, {
        'notifiedOn-day': '23',
        'notifiedOn-month': '11',
        'notifiedOn-year': '2026',
        notifiedTime: '09:45',
        policeStation: 'Trafford police station',
      })
      assert.equal(next.statusCode, 303)
      const addressPage = String(next.headers.location)
      assert.match(addressPage, /\/address$/)
      const toCheck = await post(addressPage, {
        'eventDate-day': '22',
        'eventDate-month': '11',
        'eventDate-year': '2026',
        noFixedAbode: 'no',
        'address-line1': '77 Journey Road',
        'address-town': 'Sale',
        'address-postcode': 'M33 6AA',
      })
      assert.equal(toCheck.statusCode, 303)
      const check = await get(String(toCheck.headers.location))
      assert.match(check.body, /Check your answers/)
      assert.match(check.body, /77 Journey Road/)
      assert.doesNotMatch(String(toCheck.headers.location), /Journey|M33/, 'no personal data in URLs')
      const [a, b] = await Promise.all([
        post(String(toCheck.headers.location), {}),
        post(String(toCheck.headers.location), {}),
      ])
      assert.equal(a.statusCode, 303)
      assert.equal(b.statusCode, 303)
      assert.equal(a.headers.location, b.headers.location)
      const confirmation = await get(String(a.headers.location))
      assert.match(confirmation.body, /Notification recorded/)
      assert.match(confirmation.body, /New home address/)
      const rows = await t.database.db
        .selectFrom('notification')
        .select('id')
        .where('subject_id', '=', subjectId)
        .where('kind', '=', 'change-of-home-address')
        .execute()
      assert.equal(rows.length, 1)
    })

    test('a question page rejects bad input with an error summary and writes nothing', async () => {
      const before = await t.database.db
        .selectFrom('notification')
        .select(t.database.db.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
      const first = await startJourney('foreign-travel')
      const bad = await post(first, {
        'notifiedOn-day': '31',
        'notifiedOn-month': '2',
        'notifiedOn-year': '2026',
        notifiedTime: '9.30',
        policeStation: '',
      })
      assert.equal(bad.statusCode, 400)
      assert.match(bad.body, /govuk-error-summary/)
      assert.match(bad.body, /Date notified must be a real date/)
      assert.match(bad.body, /Time notified must be a real time/)
      assert.match(bad.body, /Select the police station/)
      assert.match(bad.body, /href="#policeStation"/)
      const after = await t.database.db
        .selectFrom('notification')
        .select(t.database.db.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
      assert.equal(Number(after.n), Number(before.n))
    })

    test('a card number entered in a journey is cut to its last 4 digits before the draft is saved', async () => {
      const first = await startJourney('bank-details')
      const next = await post(first, {
        'notifiedOn-day': '23',
        'notifiedOn-month': '11',
        'notifiedOn-year': '2026',
        notifiedTime: '09:45',
        policeStation: 'Trafford police station',
      })
      const account = String(next.headers.location)
      const toCheck = await post(account, {
        accountKind: 'credit-card',
        provider: 'Example Card Co',
        nameOnAccount: 'J Example',
        cardNumber: '4539 1488 0343 6467',
        cardExpiry: '04/29',
      })
      assert.equal(toCheck.statusCode, 303, toCheck.body.slice(0, 2000))
      const drafts = await t.database.db.selectFrom('notification_draft').select('answers').execute()
      assert.doesNotMatch(JSON.stringify(drafts), /45391488/)
      const check = await get(String(toCheck.headers.location))
      assert.match(check.body, /Card ending 6467/)
      const done = await post(String(toCheck.headers.location), {})
      assert.equal(done.statusCode, 303)
      const record = await get(`/subjects/${subjectId}/register`)
      assert.match(record.body, /•••• •••• •••• 6467/)
    })

    test('the register record shows the requirement, notifications and the MoJ timeline, and is audited once', async () => {
      await t.f.newNotification({ id: subjectId }, { kind: 'change-of-home-address', notifiedOn: '2026-11-20' })
      const before = await t.database.db
        .selectFrom('audit_event')
        .select(eb => eb.fn.max<string>('seq').as('seq'))
        .executeTakeFirstOrThrow()
      const res = await get(`/subjects/${subjectId}/register`)
      assert.equal(res.statusCode, 200)
      assert.match(res.body, /moj-timeline/)
      assert.match(res.body, /Change of home address/)
      assert.match(res.body, /data-qa="record-notification-link"/)
      // One consultation row for the request, naming the parts of the subject shown.
      const audited = await t.database.db
        .selectFrom('audit_event')
        .select(['operation', 'record_type', 'details'])
        .where('seq', '>', Number(before.seq))
        .where('subject_id', '=', subjectId)
        .execute()
      assert.deepEqual(
        audited.map(a => [a.operation, a.record_type, a.details.parts]),
        [['consult', 'subject', ['identity', 'address', 'household']]],
      )
      const subjectPage = await get(`/subjects/${subjectId}`)
      assert.match(subjectPage.body, /data-qa="register-links"/)
    })

    test('the header counts unacknowledged alerts; acknowledging needs a note and is on the timeline', async () => {
      await t.services.notifications.record(await omActor(), subjectId, {
        kind: 'change-of-name',
        notifiedOn: '2026-11-23',
        notifiedTime: '09:00',
        policeStation: 'Trafford police station',
        eventDate: '2026-11-23',
        givenName: 'Header',
        familyName: 'Count',
      })
      const home = await get('/')
      const count = Number(/data-qa="alert-count">(\d+)</.exec(home.body)?.[1])
      assert.ok(count >= 1)
      const inbox = await get('/alerts')
      assert.equal(inbox.statusCode, 200)
      const seq = /href="\/alerts\/(\d+)"/.exec(inbox.body)?.[1]
      assert.ok(seq)
      const empty = await post(`/alerts/${seq}/acknowledge`, { note: '  ' })
      assert.equal(empty.statusCode, 400)
      assert.match(empty.body, /Enter a note about what you have done/)
      const ok = await post(`/alerts/${seq}/acknowledge`, { note: 'Visit booked' })
      assert.equal(ok.statusCode, 303)
      const shown = await get(`/alerts/${seq}`)
      assert.match(shown.body, /Visit booked/)
      const after = Number(/data-qa="alert-count">(\d+)</.exec(shown.body)?.[1])
      assert.equal(after, count - 1)
      const events = await t.database.db
        .selectFrom('subject_event')
        .select('kind')
        .where('kind', '=', 'alert-acknowledged')
        .execute()
      assert.ok(events.length >= 1)
    })

    test('the alert stream replays what was missed after Last-Event-ID, then delivers new alerts live', async () => {
      for (const name of ['Alpha', 'Beta']) {
        await t.services.notifications.record(await omActor(), subjectId, {
          kind: 'change-of-name',
          notifiedOn: '2026-11-23',
          notifiedTime: '09:00',
          policeStation: 'Trafford police station',
          eventDate: '2026-11-23',
          givenName: name,
          familyName: 'Renamed',
        })
      }
      const mine = await t.database.db
        .selectFrom('alert_recipient as r')
        .innerJoin('staff as s', 's.id', 'r.staff_id')
        .select('r.alert_seq as seq')
        .where('s.username', '=', 'demo.om')
        .orderBy('r.alert_seq')
        .execute()
      assert.ok(mine.length >= 2)
      const from = mine[0]?.seq ?? 0
      const missed = mine.filter(m => m.seq > from).length
      const replay = readEvents(
        `${t.url}/alerts/stream`,
        { cookie: om.cookie, 'last-event-id': String(from) },
        missed + 1,
      )
      await replay.opened
      const live = await startJourney('foreign-travel')
      await post(live, {
        'notifiedOn-day': '23',
        'notifiedOn-month': '11',
        'notifiedOn-year': '2026',
        notifiedTime: '09:45',
        policeStation: 'Trafford police station',
      })
      const departure = live.replace(/given$/, 'departure')
      await post(departure, {
        'departureDate-day': '10',
        'departureDate-month': '12',
        'departureDate-year': '2026',
        departureTime: '07:00',
        departurePoint: 'Manchester Airport',
        carrier: 'EA 1',
        detailsKnownSevenDaysAhead: 'yes',
      })
      const destination = live.replace(/given$/, 'destination')
      const toCheck = await post(destination, {
        'destinations-0-country': 'France',
        'destinations-0-arrivalPoint': 'Paris',
        'destinations-0-accommodation': 'Hotel',
      })
      assert.equal(toCheck.statusCode, 303, toCheck.body.slice(0, 1500))
      await post(String(toCheck.headers.location), {})
      const events = await replay
      assert.equal(events.length, missed + 1)
      assert.deepEqual(
        events.slice(0, missed).map(e => Number(e.id)),
        mine.filter(m => m.seq > from).map(m => m.seq),
      )
      assert.equal(events.at(-1)?.data.kind, 'foreign-travel')
      const streamed = await t.database.db
        .selectFrom('audit_event')
        .select('details')
        .where('actor_username', '=', 'demo.om')
        .where('record_type', '=', 'alert')
        .where('correlation_id', '=', 'alert-stream')
        .execute()
      const audited = new Set(streamed.flatMap(r => (r.details.alertSeqs as number[] | undefined) ?? []))
      assert.ok(
        events.every(e => audited.has(Number(e.id))),
        'every pushed alert was audited',
      )
    })

    test('an alert written without a NOTIFY still reaches an open stream (the poll safety net)', async () => {
      const staff = await omActor()
      const latest = await t.services.alerts.latestSeq(staff.id)
      const events = readEvents(
        `${t.url}/alerts/stream`,
        { cookie: om.cookie, 'last-event-id': String(latest) },
        1,
        4000,
      )
      await events.opened
      const { raiseAlert } = await import('../../src/data/timeline/timelineRepository.ts')
      await t.database.db.transaction().execute(trx =>
        raiseAlert(trx, {
          subjectId,
          kind: 'visit-overdue',
          priority: 'normal',
          title: 'Raised by another capability without a signal',
          createdAt: new Date(t.clock.now().epochMilliseconds),
          createdBy: null,
          recipients: [{ staffId: staff.id, reason: 'offender manager' }],
        }),
      )
      const received = await events
      assert.equal(received.length, 1)
      assert.equal(received[0]?.data.title, 'Raised by another capability without a signal')
    })

    test('an unacknowledged high-priority alert escalates to the supervisor after the configured time, once', async () => {
      const s = await t.f.managedSubject()
      const actor = s.om
      const result = await t.services.notifications.record(actor, s.id, {
        kind: 'child-household',
        notifiedOn: '2026-11-23',
        notifiedTime: '09:00',
        policeStation: 'Trafford police station',
        eventDate: '2026-11-22',
        address: { line1: '5 Test Row', town: 'Sale', postcode: 'M33 1AB' },
        child: { givenName: 'C', familyName: 'Child', dateOfBirth: '2016-01-01' },
        relationship: 'Friend',
      })
      const seq = result.alerts.find(a => a.kind === 'child-association')?.seq
      assert.ok(seq)
      assert.equal(await t.services.alerts.escalateOverdue(), 0, 'not yet due')
      t.clock.advance({ minutes: t.services.alerts.settings.escalateAfterMinutes + 1 })
      const escalated = await t.services.alerts.escalateOverdue()
      assert.ok(escalated >= 1)
      assert.equal(await t.services.alerts.escalateOverdue(), 0, 'escalated once')
      const toSupervisor = await t.database.db
        .selectFrom('alert as a')
        .innerJoin('alert_recipient as r', 'r.alert_seq', 'a.seq')
        .select(['a.kind', 'r.staff_id', 'r.reason'])
        .where('a.kind', '=', 'escalation')
        .where(eb => eb(eb.ref('a.data', '->>').key('escalatedFrom'), '=', String(seq)))
        .execute()
      assert.ok(toSupervisor.some(r => r.staff_id === s.supervisorId && r.reason === 'escalation'))
    })
  })
}
