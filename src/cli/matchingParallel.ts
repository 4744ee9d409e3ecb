import { Worker } from 'node:worker_threads'
import {
  comparePairs,
  listCandidatePairs,
  withPatterns,
  type CandidatePairs,
} from '../domain/matching/candidatePairs.ts'
import type { BlockingOptions } from '../domain/matching/blocks.ts'
import type { FieldSpec } from '../domain/matching/fieldKinds.ts'
import type { RecordSet } from '../domain/matching/recordSet.ts'

export interface WorkerInput {
  fields: readonly FieldSpec[]
  size: number
  leftSize: number | undefined
  columns: { values: string[]; codes: Int32Array }[]
  left: Uint32Array
  right: Uint32Array
  pattern: Float64Array
  from: number
  to: number
}

/**
 * Candidate pairs compared on `workers` threads. Blocking lists the pairs on this thread (cheap); comparing them, the
 * bulk of the work, is split into equal slices, one per worker, written into one shared pattern array. Each pair's
 * pattern depends only on its two records, so the result is the same for any number of workers. With one worker
 * everything stays on this thread.
 *
 * The CLI, the benchmarks and `node --import tsx --test` all run TypeScript directly through tsx, so each worker
 * starts from a small .mjs file that registers tsx in that thread before loading matchingWorker.ts.
 */
export async function findCandidatePairsInParallel(
  set: RecordSet,
  options: BlockingOptions,
  workers: number,
): Promise<CandidatePairs> {
  const pairs = listCandidatePairs(set, options)
  if (workers <= 1 || pairs.count < 2 * workers) {
    const pattern = new Float64Array(pairs.count)
    comparePairs(set, pairs.left, pairs.right, 0, pairs.count, pattern)
    return withPatterns(set, pairs, pattern)
  }
  const shared = <T extends Uint32Array | Float64Array>(make: (buffer: SharedArrayBuffer) => T, from?: T): T => {
    const bytes = pairs.count * (from?.BYTES_PER_ELEMENT ?? Float64Array.BYTES_PER_ELEMENT)
    const array = make(new SharedArrayBuffer(bytes))
    if (from !== undefined) array.set(from.subarray(0, pairs.count))
    return array
  }
  const left = shared(b => new Uint32Array(b), pairs.left)
  const right = shared(b => new Uint32Array(b), pairs.right)
  const pattern = shared(b => new Float64Array(b))
  const columns = set.columns.map(column => ({ values: column.values, codes: column.sharedCodes(set.size) }))
  const slice = Math.ceil(pairs.count / workers)
  const runs: Promise<void>[] = []
  for (let w = 0; w < workers; w++) {
    const input: WorkerInput = {
      fields: set.fields,
      size: set.size,
      leftSize: set.leftSize,
      columns,
      left,
      right,
      pattern,
      from: Math.min(pairs.count, w * slice),
      to: Math.min(pairs.count, (w + 1) * slice),
    }
    runs.push(runWorker(input))
  }
  await Promise.all(runs)
  return withPatterns(set, { ...pairs, left, right }, pattern)
}

function runWorker(input: WorkerInput): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./matchingWorker.mjs', import.meta.url), { workerData: input })
    worker.once('message', () => {
      resolve()
    })
    worker.once('error', reject)
    worker.once('exit', code => {
      if (code !== 0) reject(new Error(`matching worker stopped with exit code ${code}`))
    })
  })
}
