import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import { ValidationError, Forbidden } from '../../src/domain/errors.ts'
import type { Services } from '../../src/app/composition.ts'
import { describeOnEachEngine } from '../support/db.ts'
import type { TestClock } from '../support/clock.ts'
import { testServices } from '../support/app.ts'
import type { Factories } from '../support/factories.ts'
import { common, count } from './support.ts'

describeOnEachEngine('recording notifications', ctx => {
  let services: Services
  let clock: TestClock
  let f: Factories
  before(() => {
    ;({ services, clock, f } = testServices(ctx.database))
  })

  const recipientsOf = async (seq: number) =>
    (
      await ctx.database.db
        .selectFrom('alert_recipient')
        .select(['staff_id', 'reason'])
        .where('alert_seq', '=', seq)
        .execute()
    )
      .map(r => r.staff_id)
      .sort()

  test('a change of home address moves the home, writes the timeline and audit, and alerts the OM and supervisor', async () => {
    const s = await f.managedSubject()
    const result = await services.notifications.record(s.om, s.id, {
      kind: 'change-of-home-address',
      ...common,
      eventDate: '2026-11-22',
      noFixedAbode: 'no',
      address: { line1: '12 Acacia Avenue', town: 'Sale', postcode: 'm33 7xx' },
    })
    assert.equal(result.late, false)
    assert.equal(result.deadline, '2026-11-24')
    const homes = await ctx.database.db
      .selectFrom('person_address as pa')
      .innerJoin('address as a', 'a.id', 'pa.address_id')
      .select(['a.line1', 'a.postcode', 'pa.to_date', 'pa.from_date'])
      .where('pa.person_id', '=', s.personId)
      .where('pa.kind', 'in', ['home', 'nfa'])
      .orderBy('pa.from_date', 'desc')
      .execute()
    assert.equal(homes.filter(h => h.to_date === null).length, 1, 'one current home')
    assert.equal(homes[0]?.line1, '12 Acacia Avenue')
    assert.equal(homes[0].postcode, 'M33 7XX')
    assert.ok(
      homes.slice(1).every(h => h.to_date !== null),
      'the old home was closed',
    )
    const alert = result.alerts.find(a => a.kind === 'address-change')
    assert.ok(alert)
    assert.deepEqual(await recipientsOf(alert.seq), [s.omId, s.supervisorId].sort())
    const stored = await ctx.database.db
      .selectFrom('alert')
      .select(['data', 'detail'])
      .where('seq', '=', alert.seq)
      .executeTakeFirstOrThrow()
    assert.equal(stored.data.districtName, 'Trafford')
    assert.equal(stored.data.outsideForceArea, false)
    const events = await ctx.database.db
      .selectFrom('subject_event')
      .select('kind')
      .where('subject_id', '=', s.id)
      .execute()
    assert.ok(events.some(e => e.kind === 'change-of-home-address'))
    const audit = await ctx.database.db
      .selectFrom('audit_event')
      .select(['operation', 'record_type'])
      .where('subject_id', '=', s.id)
      .execute()
    assert.ok(audit.some(a => a.operation === 'collect' && a.record_type === 'notification'))
    assert.ok(audit.some(a => a.operation === 'alter' && a.record_type === 'person_address'))
  })

  test('an address outside Greater Manchester is flagged as another force area, high priority', async () => {
    const s = await f.managedSubject()
    const result = await services.notifications.record(s.om, s.id, {
      kind: 'change-of-home-address',
      ...common,
      eventDate: '2026-11-23',
      noFixedAbode: 'no',
      address: { line1: '1 Quay Street', town: 'Leeds', postcode: 'LS1 4AP' },
    })
    const alert = await ctx.database.db
      .selectFrom('alert')
      .selectAll()
      .where('seq', '=', result.alerts[0]?.seq ?? 0)
      .executeTakeFirstOrThrow()
    assert.equal(alert.priority, 'high')
    assert.equal(alert.data.outsideForceArea, true)
  })

  test('a late change of address raises a possible failure to comply with the days late', async () => {
    const s = await f.managedSubject()
    const result = await services.notifications.record(s.om, s.id, {
      kind: 'change-of-home-address',
      ...common,
      eventDate: '2026-11-10',
      noFixedAbode: 'no',
      address: { line1: '4 Late Lane', town: 'Altrincham', postcode: 'WA14 1AA' },
    })
    assert.equal(result.deadline, '2026-11-12')
    assert.equal(result.daysLate, 11)
    const ftc = await ctx.database.db
      .selectFrom('possible_failure_to_comply')
      .selectAll()
      .where('notification_id', '=', result.notificationId)
      .execute()
    assert.equal(ftc.length, 1)
    assert.equal(ftc[0]?.days_late, 11)
    assert.equal(ftc[0].basis, 's.84(1)(b)')
    const late = result.alerts.find(a => a.kind === 'late-notification')
    assert.ok(late, 'late alert raised')
    assert.deepEqual(await recipientsOf(late.seq), [s.omId, s.supervisorId].sort())
  })

  test('moving to an address where a child under 18 is recorded raises a child association alert', async () => {
    const s = await f.managedSubject()
    // Another subject's home where a child (aged 9) is recorded in the household.
    const household = await f.newAddress({ line1: '14 Child Lane', town: 'Sale', postcode: 'M33 4CL' })
    await f.newHousehold(household.id, [
      { relationship: 'parent', givenName: 'Jo' },
      { relationship: 'child of partner', givenName: 'Kim', dateOfBirth: '2017-06-01' },
    ])
    const result = await services.notifications.record(s.om, s.id, {
      kind: 'change-of-home-address',
      ...common,
      eventDate: '2026-11-23',
      noFixedAbode: 'no',
      address: { line1: household.line1.toUpperCase(), town: household.town, postcode: household.postcode ?? '' },
    })
    assert.ok(result.alerts.some(a => a.kind === 'child-association'))
    const events = await ctx.database.db
      .selectFrom('subject_event')
      .select('kind')
      .where('subject_id', '=', s.id)
      .execute()
    assert.ok(events.some(e => e.kind === 'association-with-child'))
  })

  test('staying with a child records the association and a high-priority alert', async () => {
    const s = await f.managedSubject()
    const result = await services.notifications.record(s.om, s.id, {
      kind: 'child-household',
      ...common,
      eventDate: '2026-11-21',
      address: { line1: '9 Elm Road', town: 'Stretford', postcode: 'M32 0AA' },
      child: { givenName: 'Amy', familyName: 'Example', dateOfBirth: '2015-05-05' },
      relationship: "Partner's sister's household",
    })
    assert.ok(result.alerts.some(a => a.kind === 'child-association'))
    const assoc = await ctx.database.db.selectFrom('association').selectAll().where('subject_id', '=', s.id).execute()
    assert.equal(assoc.length, 1)
    assert.equal(assoc[0]?.kind, 'stays-with')
  })

  test('a new associate with a child in their household raises a child association alert', async () => {
    const s = await f.managedSubject()
    const household = await f.newAddress({ line1: '3 Friend Close', town: 'Stretford', postcode: 'M32 9FC' })
    await f.newHousehold(household.id, [
      { relationship: 'parent', givenName: 'Pat', familyName: 'Friend' },
      { relationship: 'child', givenName: 'Lee', familyName: 'Friend', dateOfBirth: '2016-03-03' },
    ])
    const result = await services.notifications.record(s.om, s.id, {
      kind: 'association',
      ...common,
      eventDate: '2026-11-20',
      associate: { givenName: 'Pat', familyName: 'Friend' },
      relationship: 'Friend',
      address: { line1: household.line1, town: household.town, postcode: household.postcode ?? '' },
    })
    assert.ok(result.alerts.some(a => a.kind === 'child-association'))
  })

  test('a change of name keeps the old name as an alias and alerts', async () => {
    const s = await f.managedSubject()
    const before = await ctx.database.db
      .selectFrom('person')
      .selectAll()
      .where('id', '=', s.personId)
      .executeTakeFirstOrThrow()
    const result = await services.notifications.record(s.om, s.id, {
      kind: 'change-of-name',
      ...common,
      eventDate: '2026-11-22',
      givenName: 'Newname',
      familyName: 'Changed',
    })
    assert.ok(result.alerts.some(a => a.kind === 'new-name'))
    const after = await ctx.database.db
      .selectFrom('person')
      .selectAll()
      .where('id', '=', s.personId)
      .executeTakeFirstOrThrow()
    assert.equal(after.family_name, 'Changed')
    const aliases = await ctx.database.db
      .selectFrom('person_alias')
      .selectAll()
      .where('person_id', '=', s.personId)
      .execute()
    assert.ok(aliases.some(a => a.family_name === before.family_name && a.kind === 'previous'))
  })

  test('foreign travel given less than 7 days ahead is late and alerts', async () => {
    const s = await f.managedSubject()
    const result = await services.notifications.record(s.om, s.id, {
      kind: 'foreign-travel',
      ...common,
      departureDate: '2026-11-26',
      departureTime: '07:15',
      departurePoint: 'Manchester Airport',
      carrier: 'Example Air EA123',
      destinations: [{ country: 'Spain', arrivalPoint: 'Malaga', accommodation: 'Hotel Sol' }],
      returnDate: '2026-12-03',
      detailsKnownSevenDaysAhead: 'yes',
    })
    assert.equal(result.deadline, '2026-11-19')
    assert.equal(result.daysLate, 4)
    assert.ok(result.alerts.some(a => a.kind === 'foreign-travel'))
    assert.ok(result.alerts.some(a => a.kind === 'late-notification'))
  })

  test('card numbers are never stored: only the last 4 digits', async () => {
    const s = await f.managedSubject()
    await services.notifications.record(s.om, s.id, {
      kind: 'bank-details',
      ...common,
      accountKind: 'debit-card',
      provider: 'Example Bank',
      nameOnAccount: 'J Example',
      cardNumber: '4539 1488 0343 6467',
      cardExpiry: '04/29',
    })
    const rows = await ctx.database.db
      .selectFrom('financial_account')
      .selectAll()
      .where('subject_id', '=', s.id)
      .where('card_last4', '=', '6467')
      .execute()
    assert.equal(rows.length, 1)
    assert.equal(rows[0]?.card_expiry, '2029-04')
    const everywhere = JSON.stringify([
      await ctx.database.db.selectFrom('notification').select('details').where('subject_id', '=', s.id).execute(),
      await ctx.database.db
        .selectFrom('subject_event')
        .select(['summary', 'details'])
        .where('subject_id', '=', s.id)
        .execute(),
      await ctx.database.db.selectFrom('audit_event').select('details').where('subject_id', '=', s.id).execute(),
    ])
    assert.doesNotMatch(everywhere, /4539\s?1488/)
  })

  test('identity documents, release, periodic and initial notifications are recorded', async () => {
    const s = await f.managedSubject()
    const seeded = new Set(
      (await ctx.database.db.selectFrom('notification').select('id').where('subject_id', '=', s.id).execute()).map(
        r => r.id,
      ),
    )
    const kinds = [
      {
        kind: 'initial',
        eventDate: '2026-11-21',
        noFixedAbode: 'no',
        address: { line1: '3 First Street', town: 'Sale', postcode: 'M33 2AA' },
      },
      {
        kind: 'identity-documents',
        documentKind: 'passport',
        documentNumber: '123456789',
        issuingCountry: 'United Kingdom',
        nameOnDocument: 'J Example',
        expiresOn: '2030-01-01',
      },
      { kind: 'release-from-custody', eventDate: '2026-11-22', establishment: 'HMP Manchester' },
      { kind: 'periodic', noFixedAbode: 'no' },
    ]
    for (const k of kinds) {
      const r = await services.notifications.record(s.om, s.id, { ...common, ...k })
      assert.equal(r.kind, k.kind)
    }
    const stored = (
      await ctx.database.db.selectFrom('notification').select(['id', 'kind']).where('subject_id', '=', s.id).execute()
    ).filter(r => !seeded.has(r.id))
    assert.deepEqual(stored.map(r => r.kind).sort(), kinds.map(k => k.kind).sort())
  })

  test('a double-submitted notification records one notification', async () => {
    const s = await f.managedSubject()
    const before = await count(ctx.database, 'notification')
    const input = { kind: 'periodic', ...common, noFixedAbode: 'no' }
    const [a, b] = await Promise.all([
      services.notifications.record(s.om, s.id, input, 'form-token-1'),
      services.notifications.record(s.om, s.id, input, 'form-token-1'),
    ])
    assert.equal(a.notificationId, b.notificationId)
    const again = await services.notifications.record(s.om, s.id, input, 'form-token-1')
    assert.equal(again.notificationId, a.notificationId)
    assert.equal(await count(ctx.database, 'notification'), before + 1)
  })

  test('bad input is rejected with a message per field and writes nothing', async () => {
    const s = await f.managedSubject()
    const before = await Promise.all(
      (['notification', 'alert', 'audit_event', 'subject_event', 'person_address'] as const).map(t =>
        count(ctx.database, t),
      ),
    )
    await assert.rejects(
      services.notifications.record(s.om, s.id, {
        kind: 'change-of-home-address',
        notifiedOn: '2026-11-30',
        notifiedTime: '25:00',
        policeStation: '',
        eventDate: '2026-02-30',
        noFixedAbode: 'no',
        address: { line1: '', town: 'Sale', postcode: 'NOT A POSTCODE' },
      }),
      (error: unknown) => {
        assert.ok(error instanceof ValidationError)
        const fields = error.errors.map(e => e.field)
        for (const f of ['notifiedTime', 'policeStation', 'eventDate', 'address.line1', 'address.postcode'])
          assert.ok(fields.includes(f), f)
        return true
      },
    )
    await assert.rejects(
      services.notifications.record(s.om, s.id, {
        kind: 'bank-details',
        ...common,
        accountKind: 'credit-card',
        provider: 'X',
        nameOnAccount: 'Y',
        cardNumber: '4539148803436468',
        cardExpiry: '13/29',
      }),
      (error: unknown) => {
        assert.ok(error instanceof ValidationError)
        assert.deepEqual(error.errors.map(e => e.field).sort(), ['cardExpiry', 'cardNumber'])
        return true
      },
    )
    await assert.rejects(services.notifications.record(s.om, s.id, { kind: 'nonsense', ...common }), ValidationError)
    const after = await Promise.all(
      (['notification', 'alert', 'audit_event', 'subject_event', 'person_address'] as const).map(t =>
        count(ctx.database, t),
      ),
    )
    assert.deepEqual(after, before)
  })

  test('an officer from another team may not record a notification, and the refusal is audited', async () => {
    const s = await f.managedSubject()
    const stranger = await f.newStaff('offender_manager', { team: await f.newTeam({ district: 'Bolton' }) })
    await assert.rejects(
      services.notifications.record(stranger, s.id, { kind: 'periodic', ...common, noFixedAbode: 'no' }),
      Forbidden,
    )
    const denied = await ctx.database.db
      .selectFrom('audit_event')
      .select('outcome')
      .where('subject_id', '=', s.id)
      .where('outcome', '=', 'denied')
      .execute()
    assert.equal(denied.length, 1)
  })

  test('the periodic sweep raises one possible failure to comply per missed periodic notification', async () => {
    const s = await f.managedSubject()
    await services.notifications.record(s.om, s.id, { kind: 'periodic', ...common, noFixedAbode: 'no' })
    clock.set('2027-11-25T10:00:00Z')
    try {
      const first = await services.compliance.periodicOverdue()
      assert.ok(first >= 1)
      const again = await services.compliance.periodicOverdue()
      assert.equal(again, 0, 'nothing raised twice')
      const ftc = await ctx.database.db
        .selectFrom('possible_failure_to_comply')
        .selectAll()
        .where('subject_id', '=', s.id)
        .where('due_on', '=', '2027-11-23')
        .execute()
      assert.equal(ftc.length, 1)
      assert.equal(ftc[0]?.kind, 'periodic-overdue')
      assert.equal(ftc[0].days_late, 2)
      const alerts = await ctx.database.db
        .selectFrom('alert')
        .select('seq')
        .where('subject_id', '=', s.id)
        .where('kind', '=', 'periodic-overdue')
        .where(eb => eb(eb.ref('data', '->>').key('dueOn'), '=', '2027-11-23'))
        .execute()
      assert.equal(alerts.length, 1)
      assert.deepEqual(await recipientsOf(alerts[0]?.seq ?? 0), [s.omId, s.supervisorId].sort())
    } finally {
      clock.set('2026-11-23T10:00:00Z')
    }
  })

  test('the register record computes the requirement and masks bank details for other team members', async () => {
    const s = await f.managedSubject()
    await ctx.database.db.deleteFrom('conviction').where('subject_id', '=', s.id).execute()
    await ctx.database.db
      .insertInto('conviction')
      .values({
        subject_id: s.id,
        offence: 'Sexual assault (s.3)',
        court: 'Manchester Crown Court',
        conviction_date: '2020-03-15',
        relevant_date: '2020-03-15',
        disposal: 'imprisonment',
        custodial_months: 18,
        recorded_at: new Date(clock.now().epochMilliseconds),
      })
      .execute()
    await services.notifications.record(s.om, s.id, {
      kind: 'bank-details',
      ...common,
      accountKind: 'bank-account',
      provider: 'Bank',
      nameOnAccount: 'J',
      sortCode: '30-94-57',
      accountNumber: '12345678',
    })
    await services.notifications.record(s.om, s.id, { kind: 'periodic', ...common, noFixedAbode: 'no' })
    const mine = await services.registerRecord.view(s.om, s.id)
    assert.equal(mine.requirement?.lastDay, '2030-03-14')
    assert.equal(mine.requirement.periodMonths, 120)
    assert.equal(mine.requirement.nextPeriodicDue, '2027-11-23')
    assert.ok(mine.accounts.some(a => a.accountNumber === '12345678'))
    const colleague = await f.newStaff('offender_manager', { team: s.team, supervisor: s.supervisor })
    const theirs = await services.registerRecord.view(colleague, s.id)
    assert.ok(theirs.accounts.some(a => a.accountNumber === '••••5678'))
    assert.ok(theirs.accounts.every(a => a.accountNumber === null || a.accountNumber.startsWith('••••')))
    assert.equal(theirs.fullBankDetails, false)
  })
})
