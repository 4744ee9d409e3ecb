import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseFieldMappings, readRecordsCsv } from '../src/cli/matchingCsv.ts'
import { dedupe, defaultBatchOptions, link, type BatchResult } from '../src/domain/matching/batch.ts'
import { clusterLinks } from '../src/domain/matching/clustering.ts'
import { scoreClusterExactness, scoreClusters, scoreLinks } from '../src/domain/matching/evaluation.ts'
import { prepareRecords } from '../src/domain/matching/recordSet.ts'
import { formatScores } from './matching/measure.ts'
import { generatePoliceStyle, policeStyleFields } from './matching/policeStyle.ts'
import { publicDatasets } from './matching/publicDatasets.ts'
import { runSynthetic } from './matching/syntheticRun.ts'

/**
 * Identity-resolution benchmark: pairwise and cluster-level accuracy on the public labelled sets (labels used only to
 * score) and on the synthetic UK police-style set, then speed, memory and accuracy on synthetic people at 100,000 and
 * 1,000,000 records. Cluster-level: a predicted cluster counts only if it is exactly one person's records.
 *
 *   npm run bench:matching                          everything
 *   npm run bench:matching -- --max 100000          skip the million-record run
 *   npm run bench:matching -- --police-people 2000  a smaller police-style set
 *   npm run bench:matching -- --sets public,police  only some parts (public, police, synthetic)
 */
const args = process.argv.slice(2)
const option = (name: string): string | undefined => {
  const at = args.indexOf(name)
  return at >= 0 ? args[at + 1] : undefined
}

const onlySize = option('--synthetic-size')
const sets = new Set((option('--sets') ?? 'public,police,synthetic').split(','))
if (onlySize !== undefined) {
  await runSynthetic(Number(onlySize), Number(option('--queries') ?? 1000), Number(option('--workers') ?? 1))
} else {
  if (sets.has('public')) runPublic()
  if (sets.has('police')) runPoliceStyle(Number(option('--police-people') ?? 10_000))
  const max = sets.has('synthetic') ? Number(option('--max') ?? 1_000_000) : 0
  for (const size of [100_000, 1_000_000].filter(n => n <= max)) {
    for (const workers of [1, 2]) {
      // Each run is a fresh process so peak memory is measured for that size and worker count alone.
      const child = spawnSync(
        process.execPath,
        [
          '--max-old-space-size=4096',
          '--import',
          'tsx',
          fileURLToPath(import.meta.url),
          '--synthetic-size',
          String(size),
          '--workers',
          String(workers),
        ],
        { stdio: 'inherit' },
      )
      if (child.status !== 0) console.log(`synthetic ${size}, ${workers} workers: failed (exit ${child.status})`)
    }
  }
}

function runPublic(): void {
  for (const dataset of publicDatasets()) {
    const files = [dataset.path, ...(dataset.right === undefined ? [] : [dataset.right])]
    const absent = files.find(file => !existsSync(file))
    if (absent !== undefined) {
      console.log(`${dataset.name}: ${absent} not found, skipped`)
      continue
    }
    const started = performance.now()
    const mappings = parseFieldMappings(dataset.fields)
    const csvs = files.map(file => readRecordsCsv(file, dataset.id, mappings, dataset.truth.column))
    const set = prepareRecords(
      mappings,
      csvs.flatMap(csv => csv.rows),
    )
    if (dataset.right !== undefined) set.leftSize = csvs[0]?.ids.length
    const options = defaultBatchOptions
    const label = dataset.truth.label ?? ((v: string) => v)
    const truth = csvs.flatMap(csv => (csv.truth ?? []).map(label))
    if (dataset.right === undefined) {
      const result = dedupe(set, options)
      report(
        `${dataset.name} dedupe (${set.size} records)`,
        started,
        set.size,
        result,
        result.clusters.clusterOf,
        truth,
      )
    } else {
      const result = link(set, options)
      const leftSize = set.leftSize ?? 0
      const pairs = result.links.map(p => ({ left: Math.min(p.a, p.b), right: Math.max(p.a, p.b) - leftSize }))
      const pairwise = scoreLinks(pairs, truth.slice(0, leftSize), truth.slice(leftSize))
      const clusters = clusterLinks(set, result.links).clusterOf
      report(
        `${dataset.name} (${leftSize} ↔ ${set.size - leftSize})`,
        started,
        set.size,
        result,
        clusters,
        truth,
        pairwise,
      )
    }
  }
}

/** The synthetic UK police-style set: households, twins, fathers and sons, married names, mistyped PNC IDs. */
function runPoliceStyle(people: number): void {
  const started = performance.now()
  const generated = generatePoliceStyle(people)
  const set = prepareRecords(policeStyleFields, generated.rows)
  const result = dedupe(set)
  const truth = Array.from(generated.person, String)
  report(
    `UK police-style (${people} people, ${set.size} records, seed 19)`,
    started,
    set.size,
    result,
    result.clusters.clusterOf,
    truth,
  )
}

function report(
  name: string,
  started: number,
  records: number,
  result: BatchResult,
  clusterOf: ArrayLike<number>,
  truth: readonly string[],
  pairwise = scoreClusters(clusterOf, truth),
): void {
  const seconds = (performance.now() - started) / 1000
  const clusters = scoreClusterExactness(clusterOf, truth)
  const calibration = result.model.calibration
  const households = result.model.households
  console.log(
    `${name}: pairwise ${formatScores(pairwise)} (TP ${pairwise.truePositives} FP ${pairwise.falsePositives} ` +
      `FN ${pairwise.falseNegatives}); clusters ${formatScores(clusters)} (${clusters.exact} of ${clusters.actual} people exact)`,
  )
  console.log(
    `  link threshold ${result.model.thresholds.link}` +
      (calibration === undefined
        ? ''
        : `, model-estimated precision of automatic links ${calibration.estimatedLinkPrecision.toFixed(4)} ` +
          `(target ${calibration.target})`) +
      `; ${result.possibleLinks.length} pairs for review; ${seconds.toFixed(2)} s, ${Math.round(records / seconds)} records/s`,
  )
  if (households !== undefined) {
    console.log(
      `  households: ${households.householdPairs} pairs plainly of one household in ${households.records} records` +
        (households.measurable ? '' : ' (not measurable: fields missing)') +
        `; relatives rules ${households.guarded ? 'on' : 'off'}`,
    )
  }
}
