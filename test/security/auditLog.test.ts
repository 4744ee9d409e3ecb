import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import { TestClock } from '../support/clock.ts'
import { describeOnEachEngine } from '../support/db.ts'
import { appendAudit } from '../../src/data/audit/auditRepository.ts'
import { createDataAccess } from '../../src/data/index.ts'
import { auditCheckpoint, checkCheckpoint, verifyAuditLog } from '../../src/services/audit/auditVerification.ts'

const KEY = 'checkpoint-key-checkpoint-key-checkpoint-key'

describeOnEachEngine('tamper-evident audit log', ctx => {
  const db = () => ctx.database.db

  /** Simulates someone with the database owner's rights going round the append-only trigger. */
  async function tamper(statement: string): Promise<void> {
    await sql.raw('alter table audit_event disable trigger audit_event_no_update').execute(db())
    try {
      await sql.raw(statement).execute(db())
    } finally {
      await sql.raw('alter table audit_event enable trigger audit_event_no_update').execute(db())
    }
  }

  async function freshLog(rows: number): Promise<void> {
    await tamper('delete from audit_event')
    await db()
      .updateTable('audit_head')
      .set({ seq: 0, hash: '0'.repeat(64) })
      .execute()
    for (let i = 0; i < rows; i++) {
      await appendAudit(db(), new Date(Date.UTC(2026, 10, 23, 10, 0, i)), [
        {
          actorId: null,
          actorUsername: `user${i % 3}`,
          operation: i % 2 ? 'consult' : 'collect',
          recordType: 'subject',
          recordId: `r${i}`,
          details: { n: i, nested: { b: 2, a: 1 } },
        },
      ])
    }
  }

  test('an untouched log verifies, row by row', async () => {
    await freshLog(12)
    const result = await verifyAuditLog(createDataAccess(ctx.database), 5)
    assert.deepEqual(result.ok && result.count, 12)
  })

  test('editing any single row is detected and named', async () => {
    for (const seq of [1, 6, 12]) {
      await freshLog(12)
      await tamper(`update audit_event set actor_username = 'someone-else' where seq = ${seq}`)
      const result = await verifyAuditLog(createDataAccess(ctx.database), 5)
      assert.equal(result.ok, false)
      assert.equal(result.seq, seq)
      assert.match(result.reason, /edited/)
    }
  })

  test('editing the details of a row is detected', async () => {
    await freshLog(6)
    await tamper(`update audit_event set details = '{"n": 99}' where seq = 3`)
    const result = await verifyAuditLog(createDataAccess(ctx.database))
    assert.equal(!result.ok && result.seq, 3)
  })

  test('deleting any single row is detected, including the newest', async () => {
    for (const seq of [1, 7, 12]) {
      await freshLog(12)
      await tamper(`delete from audit_event where seq = ${seq}`)
      const result = await verifyAuditLog(createDataAccess(ctx.database), 5)
      assert.equal(result.ok, false, `deleting row ${seq} went unnoticed`)
      assert.equal(result.seq, seq)
    }
  })

  test('reordering two rows is detected', async () => {
    await freshLog(10)
    // Swap rows 4 and 5 (content and links), keeping the sequence numbers in place.
    await tamper(`update audit_event set seq = -4 where seq = 4`)
    await tamper(`update audit_event set seq = 4 where seq = 5`)
    await tamper(`update audit_event set seq = 5 where seq = -4`)
    const result = await verifyAuditLog(createDataAccess(ctx.database))
    assert.equal(result.ok, false)
    assert.equal(result.seq, 4)
  })

  test('the application cannot update, delete or truncate audit rows, even as the table owner', async () => {
    await freshLog(3)
    await assert.rejects(sql`update audit_event set outcome = 'x' where seq = 1`.execute(db()), /append-only/)
    await assert.rejects(sql`delete from audit_event where seq = 1`.execute(db()), /append-only/)
    await assert.rejects(sql`truncate audit_event`.execute(db()), /append-only/)
    const result = await verifyAuditLog(createDataAccess(ctx.database))
    assert.equal(result.ok, true)
  })

  if (ctx.engine === 'postgres') {
    test('the vigil_app role has no UPDATE or DELETE privilege on the audit log', async () => {
      await freshLog(2)
      await db()
        .transaction()
        .execute(async trx => {
          await sql`set local role vigil_app`.execute(trx)
          await sql`select count(*) from audit_event`.execute(trx)
          await sql`savepoint s`.execute(trx)
          await assert.rejects(sql`update audit_event set outcome = 'x'`.execute(trx), /permission denied/)
          await sql`rollback to savepoint s`.execute(trx)
          await assert.rejects(sql`delete from audit_event`.execute(trx), /permission denied/)
        })
    })
  }

  test('a signed checkpoint matches until the row it names is changed', async () => {
    await freshLog(5)
    const checkpoint = await auditCheckpoint(createDataAccess(ctx.database), new TestClock(), KEY)
    assert.equal(checkpoint.seq, 5)
    assert.deepEqual(await checkCheckpoint(createDataAccess(ctx.database), KEY, checkpoint), { ok: true })
    assert.equal(
      (await checkCheckpoint(createDataAccess(ctx.database), 'another-key-another-key-another-key', checkpoint)).ok,
      false,
    )
    await tamper(`update audit_event set hash = repeat('f', 64) where seq = 5`)
    assert.equal((await checkCheckpoint(createDataAccess(ctx.database), KEY, checkpoint)).ok, false)
  })
})
