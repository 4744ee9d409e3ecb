import { findCandidatePairsInParallel } from '../../src/cli/matchingParallel.ts'
import { dedupe, defaultBatchOptions } from '../../src/domain/matching/batch.ts'
import { scoreClusterExactness, scoreClusters } from '../../src/domain/matching/evaluation.ts'
import { MatchIndex } from '../../src/domain/matching/matchIndex.ts'
import { seededRandom } from '../../src/domain/matching/random.ts'
import { prepareRecords } from '../../src/domain/matching/recordSet.ts'
import { formatScores, MemoryWatch, percentile } from './measure.ts'
import { generatePeople, syntheticFields } from './syntheticPeople.ts'

/**
 * One synthetic size, run in its own process so its peak memory is its own: dedupe every record, then check
 * single new records against the deduplicated table as the person-creation warning would.
 */
export async function runSynthetic(size: number, queries: number, workers = 1): Promise<void> {
  const memory = new MemoryWatch()
  const people = generatePeople(size + queries, 42)
  memory.sample()
  const started = performance.now()
  const set = prepareRecords(syntheticFields, people.rows.slice(0, size))
  const prepared = performance.now()
  memory.sample()
  const candidates = await findCandidatePairsInParallel(set, defaultBatchOptions.blocking, workers)
  const result = dedupe(set, defaultBatchOptions, candidates)
  const seconds = (performance.now() - started) / 1000
  memory.sample()
  const truth = Array.from(people.person.subarray(0, size), String)
  const scores = scoreClusters(result.clusters.clusterOf, truth)
  const clusters = scoreClusterExactness(result.clusters.clusterOf, truth)
  console.log(
    `synthetic ${size.toLocaleString('en-GB')}, ${workers} worker${workers === 1 ? '' : 's'}: ${formatScores(scores)}  ` +
      `${seconds.toFixed(1)} s (prepare ${((prepared - started) / 1000).toFixed(1)} s)  ` +
      `${Math.round(size / seconds).toLocaleString('en-GB')} records/s  ${result.candidatePairs.toLocaleString('en-GB')} candidate pairs  ` +
      memory.report(),
  )
  console.log(`  clusters ${formatScores(clusters)} (${clusters.exact} of ${clusters.actual} people exact)`)
  const index = new MatchIndex(set, result.model)
  memory.sample()
  const timings: number[] = []
  const random = seededRandom(7)
  let found = 0
  for (let q = 0; q < queries; q++) {
    // Half the queries are records not yet in the table (later records of the generated stream, many of them new
    // people), half are existing records retyped.
    const row = random() < 0.5 ? people.rows[size + q] : people.rows[Math.floor(random() * size)]
    const before = performance.now()
    const matches = index.findMatches(row ?? [])
    timings.push(performance.now() - before)
    if (matches.length > 0) found++
  }
  timings.sort((a, b) => a - b)
  console.log(
    `  single-record check against ${size.toLocaleString('en-GB')} people: p50 ${percentile(timings, 50).toFixed(2)} ms  ` +
      `p95 ${percentile(timings, 95).toFixed(2)} ms  (${queries} queries, ${found} with a match)  ${memory.report()}`,
  )
}
