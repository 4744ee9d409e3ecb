import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ConfigError, loadConfig } from './config.ts'

test('development defaults: port 3000 on the embedded database', () => {
  const config = loadConfig({})
  assert.equal(config.port, 3000)
  assert.equal(config.database.engine, 'pglite')
  assert.equal(config.seed.onStart, true)
})

test('DATABASE_URL selects PostgreSQL', () => {
  const config = loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/vigil' })
  assert.deepEqual(config.database, { engine: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/vigil' })
})

test('production without SESSION_SECRET stops start-up with a message naming the variable', () => {
  assert.throws(
    () => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://x@localhost/v' }),
    (err: Error) => err instanceof ConfigError && /SESSION_SECRET/.test(err.message),
  )
})

test('production never seeds demo data unless asked', () => {
  const secret = 'x'.repeat(40)
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://x@localhost/v',
    SESSION_SECRET: secret,
    AUDIT_SIGNING_KEY: secret,
  })
  assert.equal(config.seed.onStart, false)
  assert.equal(config.https, true)
})

test('a malformed PORT is rejected with a clear message', () => {
  assert.throws(() => loadConfig({ PORT: 'eighty' }), /PORT/)
})
