import { test } from 'node:test'
import assert from 'node:assert/strict'
import { generatePoliceStyle, policeStyleFields } from '../../bench/matching/policeStyle.ts'
import { dedupe, defaultBatchOptions } from '../domain/matching/batch.ts'
import { prepareRecords } from '../domain/matching/recordSet.ts'
import { findCandidatePairsInParallel } from './matchingParallel.ts'

test('worker threads compare candidate pairs with the same result, and the same clusters, for any number of workers', async () => {
  const people = generatePoliceStyle(400, 3)
  const set = prepareRecords(policeStyleFields, people.rows)
  const single = await findCandidatePairsInParallel(set, defaultBatchOptions.blocking, 1)
  const pairs = await findCandidatePairsInParallel(set, defaultBatchOptions.blocking, 2)
  const triple = await findCandidatePairsInParallel(set, defaultBatchOptions.blocking, 3)
  assert.ok(single.count > 100)
  assert.deepEqual(Array.from(pairs.pattern), Array.from(single.pattern))
  assert.deepEqual(Array.from(triple.pattern), Array.from(single.pattern))
  const clusters = (candidates: typeof single) =>
    Array.from(dedupe(set, defaultBatchOptions, candidates).clusters.clusterOf)
  const expected = Array.from(dedupe(set).clusters.clusterOf)
  assert.deepEqual(clusters(single), expected)
  assert.deepEqual(clusters(pairs), expected)
  assert.deepEqual(clusters(triple), expected)
})
