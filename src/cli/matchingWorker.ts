import { parentPort, workerData } from 'node:worker_threads'
import { comparePairs } from '../domain/matching/candidatePairs.ts'
import { RecordSet } from '../domain/matching/recordSet.ts'
import type { WorkerInput } from './matchingParallel.ts'

/**
 * One worker thread: rebuilds the record set from its distinct values and the shared codes (features are worked out
 * again here, once per distinct value), compares its slice of the candidate pairs into the shared pattern array and
 * says when it is done.
 */
const input = workerData as WorkerInput
const set = new RecordSet(input.fields)
set.size = input.size
set.leftSize = input.leftSize
input.columns.forEach((column, f) => set.columns[f]?.load(column.values, column.codes))
comparePairs(set, input.left, input.right, input.from, input.to, input.pattern)
parentPort?.postMessage('done')
