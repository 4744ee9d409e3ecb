import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Actor } from '../../src/domain/access/actor.ts'
import { BreakGlassRequired, Forbidden } from '../../src/domain/errors.ts'
import { personMatchKeys } from '../../src/domain/identity/personRecord.ts'
import { normaliseName } from '../../src/domain/people/names.ts'
import {
  candidatePersonIds,
  loadPeople,
  refreshPersonMatchKeys,
  type IndexedPerson,
} from '../../src/data/identity/identityRepository.ts'
import { MergeRefused, type RestrictedPerson } from '../../src/services/identity/duplicateReviewService.ts'
import { actorNamed, startTestApp, type TestApp } from '../support/app.ts'
import { testEngines } from '../support/db.ts'

interface NewPerson {
  givenName: string
  familyName: string
  dateOfBirth: string
  postcode?: string
  pncId?: string | null
  niNumber?: string | null
  alias?: { givenName: string; familyName: string }
}

for (const engine of testEngines()) {
  describe(`identity resolution: matches, review queue, merge and unmerge [${engine}]`, () => {
    let t: TestApp
    const actors = new Map<string, Actor>()
    before(async () => {
      t = await startTestApp({ engine, subjects: 40 })
    })
    after(async () => {
      await t.close()
    })

    const db = () => t.database.db
    async function actor(username: string): Promise<Actor> {
      const cached = actors.get(username) ?? (await actorNamed(t.database, username))
      actors.set(username, cached)
      return cached
    }

    /** A person with a current home, an optional alias and keys in the index: each test makes its own. */
    async function newPerson(p: NewPerson): Promise<string> {
      const at = new Date('2026-11-20T10:00:00Z')
      const person = await db()
        .insertInto('person')
        .values({
          given_name: p.givenName,
          family_name: p.familyName,
          given_norm: normaliseName(p.givenName),
          family_norm: normaliseName(p.familyName),
          middle_names: null,
          date_of_birth: p.dateOfBirth,
          gender: 'male',
          pnc_id: p.pncId ?? null,
          ni_number: p.niNumber ?? null,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const address = await db()
        .insertInto('address')
        .values({ line1: '14 Moss Lane', line2: null, town: 'Sale', postcode: p.postcode ?? 'M33 6GH', created_at: at })
        .returning('id')
        .executeTakeFirstOrThrow()
      await db()
        .insertInto('person_address')
        .values({ person_id: person.id, address_id: address.id, kind: 'home', from_date: '2020-01-01', created_at: at })
        .execute()
      if (p.alias) {
        await db()
          .insertInto('person_alias')
          .values({
            person_id: person.id,
            given_name: p.alias.givenName,
            family_name: p.alias.familyName,
            given_norm: normaliseName(p.alias.givenName),
            family_norm: normaliseName(p.alias.familyName),
            kind: 'alias',
            created_at: at,
          })
          .execute()
      }
      await refreshPersonMatchKeys(db(), [person.id])
      return person.id
    }

    function shown(p: IndexedPerson | RestrictedPerson): IndexedPerson {
      assert.ok(!('restricted' in p), 'the pair is shown in full')
      return p
    }

    async function queuePair(a: string, b: string): Promise<string> {
      const [x, y] = a < b ? [a, b] : [b, a]
      const row = await db()
        .insertInto('duplicate_candidate')
        .values({
          person_a_id: x,
          person_b_id: y,
          match_probability: 0.9,
          explanation: JSON.stringify({ rows: [], matchProbability: 0.9 }),
          found_at: new Date(t.clock.now().epochMilliseconds),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return row.id
    }

    /** Everything a merge may touch for two people, to compare before and after unmerge. */
    async function snapshot(ids: string[]) {
      const [aliases, addresses, households, subjects, people, keys] = await Promise.all([
        db()
          .selectFrom('person_alias')
          .select(['id', 'person_id', 'given_name', 'family_name'])
          .where('person_id', 'in', ids)
          .orderBy('id')
          .execute(),
        db()
          .selectFrom('person_address')
          .select(['id', 'person_id', 'to_date', 'kind'])
          .where('person_id', 'in', ids)
          .orderBy('id')
          .execute(),
        db()
          .selectFrom('household_member')
          .select(['id', 'person_id'])
          .where('person_id', 'in', ids)
          .orderBy('id')
          .execute(),
        db().selectFrom('subject').select(['id', 'person_id']).where('person_id', 'in', ids).orderBy('id').execute(),
        db()
          .selectFrom('person')
          .select(['id', 'pnc_id', 'ni_number', 'date_of_birth'])
          .where('id', 'in', ids)
          .orderBy('id')
          .execute(),
        db()
          .selectFrom('person_match_key')
          .select(['person_id', 'key'])
          .where('person_id', 'in', ids)
          .orderBy('person_id')
          .orderBy('key')
          .execute(),
      ])
      return { aliases, addresses, households, subjects, people, keys }
    }

    test('a new record finds an existing person through the blocking-key index, with a per-field explanation', async () => {
      const id = await newPerson({
        givenName: 'Jonathan',
        familyName: 'Smith',
        dateOfBirth: '1980-03-27',
        postcode: 'M33 6GH',
      })
      const keys = await db().selectFrom('person_match_key').select('key').where('person_id', '=', id).execute()
      assert.ok(
        keys.some(k => k.key === 'date of birth:19800327' || k.key.startsWith('date of birth:')),
        'the date of birth is a key',
      )
      const query = {
        givenName: 'Jon',
        familyName: 'Smyth',
        dateOfBirth: '1980-03-27',
        address: { postcode: 'M33 6GH' },
      }
      const found = await candidatePersonIds(
        db(),
        personMatchKeys({
          ...query,
          middleNames: null,
          gender: null,
          pncId: null,
          niNumber: null,
          postcode: 'M33 6GH',
          addressLine: null,
          town: null,
          aliases: [],
        }),
      )
      assert.ok(found.includes(id), 'the key index returns the person as a candidate')
      const matches = await t.services.identity.findLikelyMatches(await actor('demo.om'), query)
      const match = matches.find(m => m.personId === id)
      assert.ok(match, 'Jon Smyth is a likely match for Jonathan Smith')
      assert.ok(match.matchProbability >= 0.2)
      const first = match.explanation.rows.find(r => r.field === 'First name')
      assert.ok(first)
      assert.equal(first.level, 'known nickname')
      assert.ok(first.bits > 0)
      const audit = await db()
        .selectFrom('audit_event')
        .select(['operation', 'details'])
        .where('record_type', '=', 'person-match')
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow()
      assert.equal(audit.operation, 'consult')
    })

    test('an alias is matched as well as the recorded name', async () => {
      const id = await newPerson({
        givenName: 'Bartholomew',
        familyName: 'Quennell',
        dateOfBirth: '1975-11-02',
        alias: { givenName: 'Barry', familyName: 'Kettering' },
      })
      const matches = await t.services.identity.findLikelyMatches(await actor('demo.supervisor'), {
        givenName: 'Barry',
        familyName: 'Kettering',
        dateOfBirth: '1975-11-02',
      })
      const match = matches.find(m => m.personId === id)
      assert.ok(match)
      assert.equal(match.explanation.viaAlias, 'Barry Kettering')
    })

    test('registering a subject indexes the new person, so the next officer is warned', async () => {
      const om = await actor('demo.om')
      const input = {
        givenName: 'Peregrine',
        familyName: 'Ashcombe',
        dateOfBirth: '1969-07-14',
        gender: 'male',
        category: 'rso',
        address: { line1: '3 Cross Street', town: 'Sale', postcode: 'M33 7AQ' },
      }
      assert.deepEqual(await t.services.identity.checkBeforeRegistering(om, input), [])
      const { subjectId } = await t.services.subjects.register(om, input)
      const again = await t.services.identity.checkBeforeRegistering(om, { ...input, givenName: 'Perry' })
      assert.equal(again[0]?.subjectId, subjectId)
    })

    test('the seed plants duplicates and the scan queues them for review', async () => {
      const queue = await t.services.duplicates.queue(await actor('demo.supervisor'))
      assert.ok(queue.total >= 5, `queued ${queue.total}`)
      assert.ok(queue.rows.every(r => r.matchProbability >= 0.2))
      const again = await t.services.identity.scan()
      assert.equal(again.queued, 0, 'a second scan queues nothing new')
    })

    test('the repeat-suspect check finds a planted duplicate of a subject', async () => {
      // The unit head reads every team's subjects, so every pair in the queue is shown in full.
      const queue = await t.services.duplicates.queue(await actor('demo.head'))
      const pairs = queue.rows.map(r => [shown(r.a), shown(r.b)] as const)
      const pair = pairs.find(([a, b]) => a.subjectId || b.subjectId)
      assert.ok(pair)
      const subjectPerson = pair[0].subjectId ? pair[0] : pair[1]
      const other = pair[0].subjectId ? pair[1] : pair[0]
      const result = await t.services.identity.repeatSuspectCheck(await actor('demo.investigator'), subjectPerson.id)
      assert.ok(result.matches.some(m => m.personId === other.id))
      assert.ok(result.matches.every(m => m.personId !== subjectPerson.id))
    })

    test('a merge keeps every name as an alias and all history; unmerge restores exactly', async () => {
      const om = await actor('demo.om')
      const subject = await t.services.subjects.register(om, {
        givenName: 'Alfred',
        familyName: 'Pemberton',
        dateOfBirth: '1982-05-06',
        gender: 'male',
        category: 'rasso_suspect',
        address: { line1: '9 Dane Road', town: 'Sale', postcode: 'M33 2BN' },
      })
      const kept = (
        await db()
          .selectFrom('subject')
          .select('person_id')
          .where('id', '=', subject.subjectId)
          .executeTakeFirstOrThrow()
      ).person_id
      const dup = await newPerson({
        givenName: 'Alfie',
        familyName: 'Pembertn',
        dateOfBirth: '1982-05-06',
        niNumber: 'AB123456C',
        alias: { givenName: 'Alf', familyName: 'Stone' },
      })
      const household = await db()
        .insertInto('household')
        .values({
          address_id: (
            await db()
              .selectFrom('person_address')
              .select('address_id')
              .where('person_id', '=', dup)
              .executeTakeFirstOrThrow()
          ).address_id,
          created_at: new Date(t.clock.now().epochMilliseconds),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await db()
        .insertInto('household_member')
        .values({ household_id: household.id, person_id: dup, relationship: 'partner', from_date: '2024-01-01' })
        .execute()
      const candidateId = await queuePair(kept, dup)
      const before = await snapshot([kept, dup])

      const { mergeId, survivingPersonId } = await t.services.duplicates.confirm(
        await actor('demo.supervisor'),
        candidateId,
        'Same custody photograph',
      )
      assert.equal(survivingPersonId, kept, 'the subject record is the one kept')
      const [survivor] = await loadPeople(db(), [kept])
      const names = survivor?.aliases.map(a => `${a.givenName} ${a.familyName}`) ?? []
      assert.ok(names.includes('Alfie Pembertn'), 'the merged name is an alias')
      assert.ok(names.includes('Alf Stone'), 'the merged alias moved')
      assert.equal(survivor?.niNumber, 'AB123456C', 'a missing NI number is filled from the merged record')
      const history = await db()
        .selectFrom('person_address')
        .select(['person_id', 'to_date'])
        .where(
          'id',
          'in',
          before.addresses.map(a => a.id),
        )
        .execute()
      assert.ok(
        history.every(h => h.person_id === kept),
        'address history moved',
      )
      assert.equal(history.filter(h => h.to_date === null).length, 1, 'one current home remains')
      const member = await db()
        .selectFrom('household_member')
        .select('person_id')
        .where('household_id', '=', household.id)
        .executeTakeFirstOrThrow()
      assert.equal(member.person_id, kept)
      assert.deepEqual(
        await db().selectFrom('person_match_key').select('key').where('person_id', '=', dup).execute(),
        [],
        'the merged record leaves the index',
      )
      const combine = await db()
        .selectFrom('audit_event')
        .select(['operation', 'subject_id', 'details'])
        .where('record_id', '=', mergeId)
        .execute()
      assert.ok(combine.some(r => r.operation === 'combine' && r.subject_id === subject.subjectId))
      const timeline = await db()
        .selectFrom('subject_event')
        .select('kind')
        .where('subject_id', '=', subject.subjectId)
        .where('kind', '=', 'identity-merged')
        .execute()
      assert.equal(timeline.length, 1)
      // A merged record is no longer offered as a match of its own.
      const matches = await t.services.identity.findLikelyMatches(om, {
        givenName: 'Alfie',
        familyName: 'Pembertn',
        dateOfBirth: '1982-05-06',
      })
      assert.ok(matches.every(m => m.personId !== dup))
      assert.ok(
        matches.some(m => m.personId === kept),
        'the surviving record is found under the merged name',
      )

      await t.services.duplicates.unmerge(await actor('demo.supervisor'), mergeId, 'Twins, confirmed by probation')
      assert.deepEqual(await snapshot([kept, dup]), before, 'every row is as it was before the merge')
      const candidate = await t.services.duplicates.candidate(om, candidateId)
      assert.equal(candidate.status, 'open', 'the pair is back in the queue')
      const undo = await db()
        .selectFrom('audit_event')
        .select(['operation', 'details'])
        .where('record_id', '=', mergeId)
        .orderBy('seq')
        .execute()
      assert.deepEqual(
        undo.filter(r => r.operation === 'combine').map(r => (r.details as { action: string }).action),
        ['merge', 'unmerge'],
      )
      await assert.rejects(t.services.duplicates.unmerge(om, mergeId), MergeRefused)
    })

    test('two records with different PNC IDs are never merged, with a clear reason', async () => {
      const a = await newPerson({
        givenName: 'Crispin',
        familyName: 'Hollins',
        dateOfBirth: '1990-01-01',
        pncId: '19/0000001A',
      })
      const b = await newPerson({
        givenName: 'Crispin',
        familyName: 'Hollins',
        dateOfBirth: '1990-01-01',
        pncId: '19/0000002B',
      })
      const candidateId = await queuePair(a, b)
      const before = await snapshot([a, b])
      await assert.rejects(t.services.duplicates.confirm(await actor('demo.head'), candidateId), (error: Error) => {
        assert.ok(error instanceof MergeRefused)
        assert.match(
          error.message,
          /different PNC IDs \((19\/0000001A and 19\/0000002B|19\/0000002B and 19\/0000001A)\), so they are different people/,
        )
        return true
      })
      assert.deepEqual(await snapshot([a, b]), before, 'nothing was written')
      const refused = await db()
        .selectFrom('audit_event')
        .select(['operation', 'outcome'])
        .where('record_id', '=', candidateId)
        .execute()
      assert.deepEqual(
        refused.map(r => [r.operation, r.outcome]),
        [['combine', 'refused']],
      )
      assert.equal((await t.services.duplicates.candidate(await actor('demo.head'), candidateId)).status, 'open')
    })

    test('different NI numbers are refused too, and a rejection is recorded and audited', async () => {
      const a = await newPerson({
        givenName: 'Ottilie',
        familyName: 'Marsh',
        dateOfBirth: '1991-02-02',
        niNumber: 'AB111111A',
      })
      const b = await newPerson({
        givenName: 'Ottilie',
        familyName: 'Marsh',
        dateOfBirth: '1991-02-02',
        niNumber: 'AB222222B',
      })
      const candidateId = await queuePair(a, b)
      await assert.rejects(
        t.services.duplicates.confirm(await actor('demo.om'), candidateId),
        /different National Insurance numbers/,
      )
      await t.services.duplicates.reject(await actor('demo.om'), candidateId, 'Sisters')
      const decided = await db()
        .selectFrom('duplicate_candidate')
        .select(['status', 'reason'])
        .where('id', '=', candidateId)
        .executeTakeFirstOrThrow()
      assert.deepEqual(decided, { status: 'rejected', reason: 'Sisters' })
      const rows = await db()
        .selectFrom('audit_event')
        .select(['operation', 'details'])
        .where('record_id', '=', candidateId)
        .where('outcome', '=', 'success')
        .execute()
      assert.ok(rows.some(r => r.operation === 'combine' && (r.details as { action: string }).action === 'reject'))
    })

    /** A subject managed by a team other than demo.om's, and a second record of the same person to pair it with. */
    async function otherTeamPair(): Promise<{ subjectId: string; personId: string; dup: string; candidateId: string }> {
      const om = await actor('demo.om')
      const subject = await db()
        .selectFrom('subject as s')
        .innerJoin('person as p', 'p.id', 's.person_id')
        .select(['s.id', 's.person_id', 'p.given_name', 'p.family_name', 'p.date_of_birth'])
        .where('s.managing_team_id', '!=', om.teamId ?? '')
        .orderBy('s.reference')
        .executeTakeFirstOrThrow()
      const dup = await newPerson({
        givenName: subject.given_name,
        familyName: `${subject.family_name}e`,
        dateOfBirth: subject.date_of_birth ?? '1980-01-01',
        pncId: null,
        niNumber: null,
      })
      const candidateId = await queuePair(subject.person_id, dup)
      return { subjectId: subject.id, personId: subject.person_id, dup, candidateId }
    }

    test("another team's subject in a pair: no details and no merge without need-to-know, refusals audited", async () => {
      const pair = await otherTeamPair()
      const subjectRow = await db()
        .selectFrom('subject as s')
        .innerJoin('person as p', 'p.id', 's.person_id')
        .select(['p.family_name', 'p.date_of_birth'])
        .where('s.id', '=', pair.subjectId)
        .executeTakeFirstOrThrow()
      const before = await snapshot([pair.personId, pair.dup])
      const om = await actor('demo.om')
      const investigator = await actor('demo.investigator')
      for (const who of [om, investigator]) {
        await assert.rejects(t.services.duplicates.candidate(who, pair.candidateId), BreakGlassRequired)
        await assert.rejects(t.services.duplicates.confirm(who, pair.candidateId, 'Same person'), Forbidden)
        await assert.rejects(t.services.duplicates.reject(who, pair.candidateId, 'Different'), Forbidden)
        const denied = await db()
          .selectFrom('audit_event')
          .select(['operation', 'outcome', 'record_type'])
          .where('actor_id', '=', who.id)
          .where('subject_id', '=', pair.subjectId)
          .orderBy('seq')
          .execute()
        assert.deepEqual(
          denied.map(r => [r.operation, r.outcome]),
          [
            ['consult', 'denied'],
            ['alter', 'denied'],
            ['alter', 'denied'],
          ],
          `${who.username}'s refusals are audited against the subject`,
        )
      }
      assert.deepEqual(await snapshot([pair.personId, pair.dup]), before, 'nothing was merged')

      // The queue still lists the pair (so the work is visible) but shows nothing about either person.
      let shownRow: unknown
      for (let page = 1; shownRow === undefined; page++) {
        const queue = await t.services.duplicates.queue(om, page)
        shownRow = queue.rows.find(r => r.id === pair.candidateId)
        if (queue.rows.length === 0) break
      }
      assert.ok(shownRow, 'the pair is in the queue')
      assert.equal((shownRow as { visible: boolean }).visible, false)
      const text = JSON.stringify(shownRow)
      assert.ok(!text.includes(subjectRow.family_name), 'no name')
      assert.ok(!text.includes(subjectRow.date_of_birth ?? 'no date'), 'no date of birth')

      // Break-glass lets the investigator read the pair, audited against the subject; it never allows a merge.
      await t.services.subjects.breakGlass(investigator, pair.subjectId, 'Linked to a live rape investigation')
      const detail = await t.services.duplicates.candidate(investigator, pair.candidateId)
      assert.equal(detail.id, pair.candidateId)
      const consulted = await db()
        .selectFrom('audit_event')
        .select(['record_type', 'details'])
        .where('actor_id', '=', investigator.id)
        .where('subject_id', '=', pair.subjectId)
        .where('operation', '=', 'consult')
        .where('outcome', '=', 'success')
        .execute()
      assert.equal(consulted.length, 1, 'one consultation row for the subject in the pair')
      assert.deepEqual(consulted[0]?.details, {
        via: 'duplicate-candidate',
        candidateId: pair.candidateId,
        parts: ['identity', 'address'],
      })
      await assert.rejects(t.services.duplicates.confirm(investigator, pair.candidateId), Forbidden)
      assert.deepEqual(await snapshot([pair.personId, pair.dup]), before, 'still nothing merged')
      const log = await t.services.subjects.accessLog(await actor('demo.head'), pair.subjectId)
      assert.ok(
        log.rows.some(
          r => r.actorUsername === 'demo.investigator' && r.operation === 'consult' && r.outcome === 'success',
        ),
        "the subject's access log shows the investigator's look at the pair",
      )

      // The managing team (here the unit head, who manages every team) may merge.
      const { survivingPersonId } = await t.services.duplicates.confirm(
        await actor('demo.head'),
        pair.candidateId,
        'Same person',
      )
      assert.equal(survivingPersonId, pair.personId)
    })

    test('analysts, partners, administrators and auditors cannot search for or merge duplicates', async () => {
      const a = await newPerson({ givenName: 'Ambrose', familyName: 'Kell', dateOfBirth: '1970-04-04' })
      const b = await newPerson({ givenName: 'Ambrose', familyName: 'Kel', dateOfBirth: '1970-04-04' })
      const candidateId = await queuePair(a, b)
      for (const username of ['demo.analyst', 'demo.partner', 'demo.admin', 'demo.auditor']) {
        const who = await actor(username)
        await assert.rejects(
          t.services.identity.findLikelyMatches(who, { givenName: 'Ambrose', familyName: 'Kell' }),
          Forbidden,
        )
        await assert.rejects(t.services.identity.repeatSuspectCheck(who, a), Forbidden)
        await assert.rejects(t.services.duplicates.queue(who), Forbidden)
        await assert.rejects(t.services.duplicates.candidate(who, candidateId), Forbidden)
        await assert.rejects(t.services.duplicates.confirm(who, candidateId), Forbidden)
        await assert.rejects(t.services.duplicates.reject(who, candidateId), Forbidden)
        const wrote = await db()
          .selectFrom('audit_event')
          .select('seq')
          .where('correlation_id', '=', `test-${username}`)
          .where('outcome', '=', 'success')
          .execute()
        assert.deepEqual(wrote, [], `${username} did work`)
      }
      assert.equal(
        (
          await db()
            .selectFrom('duplicate_candidate')
            .select('status')
            .where('id', '=', candidateId)
            .executeTakeFirstOrThrow()
        ).status,
        'open',
      )
    })

    test('API: POST /people/matches answers with explanations; GET repeat-suspect-check; bad input gets problem+json', async () => {
      const id = await newPerson({ givenName: 'Wilhelmina', familyName: 'Thackeray', dateOfBirth: '1988-12-03' })
      const token = await t.services.auth.createApiToken('demo.investigator')
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/people/matches',
        headers,
        payload: { givenName: 'Wilhelmena', familyName: 'Thackery', dateOfBirth: '1988-12-03' },
      })
      assert.equal(res.statusCode, 200, res.body)
      const item = res
        .json<{ items: Array<{ personId: string; explanation: { fields: Array<{ field: string }> } }> }>()
        .items.find(i => i.personId === id)
      assert.ok(item)
      assert.ok(item.explanation.fields.some(f => f.field === 'Date of birth'))
      const bad = await t.app.inject({
        method: 'POST',
        url: '/api/v1/people/matches',
        headers,
        payload: { givenName: '', dateOfBirth: '1988-13-40' },
      })
      assert.equal(bad.statusCode, 400)
      assert.match(String(bad.headers['content-type']), /problem\+json/)
      const check = await t.app.inject({
        method: 'GET',
        url: `/api/v1/people/${id}/repeat-suspect-check`,
        headers: { authorization: `Bearer ${token}` },
      })
      assert.equal(check.statusCode, 200)
      const missing = await t.app.inject({
        method: 'GET',
        url: '/api/v1/people/00000000-0000-4000-8000-000000000000/repeat-suspect-check',
        headers: { authorization: `Bearer ${token}` },
      })
      assert.equal(missing.statusCode, 404)
      const analyst = await t.services.auth.createApiToken('demo.analyst')
      const refused = await t.app.inject({
        method: 'POST',
        url: '/api/v1/people/matches',
        headers: { ...headers, authorization: `Bearer ${analyst}` },
        payload: { givenName: 'Mina', familyName: 'Thackery' },
      })
      assert.equal(refused.statusCode, 403)
    })
  })
}
