import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseFieldMappings, readRecordsCsv } from '../src/cli/matchingCsv.ts'
import { dedupe } from '../src/domain/matching/batch.ts'
import { scoreClusters } from '../src/domain/matching/evaluation.ts'
import { prepareRecords } from '../src/domain/matching/recordSet.ts'
import { formatScores } from './matching/measure.ts'
import { publicDatasets } from './matching/publicDatasets.ts'
import { runSynthetic } from './matching/syntheticRun.ts'

/**
 * Identity-resolution benchmark: pairwise accuracy on the public labelled sets (labels used only to score), then
 * speed, memory and accuracy on synthetic people at 100,000 and 1,000,000 records.
 *
 *   npm run bench:matching                  everything
 *   npm run bench:matching -- --max 100000  skip the million-record run
 */
const args = process.argv.slice(2)
const option = (name: string): string | undefined => {
  const at = args.indexOf(name)
  return at >= 0 ? args[at + 1] : undefined
}

const onlySize = option('--synthetic-size')
if (onlySize !== undefined) {
  runSynthetic(Number(onlySize), Number(option('--queries') ?? 1000))
} else {
  runPublic()
  const max = Number(option('--max') ?? 1_000_000)
  for (const size of [100_000, 1_000_000].filter(n => n <= max)) {
    // Each size runs in a fresh process so peak memory is measured for that size alone.
    const child = spawnSync(
      process.execPath,
      [
        '--max-old-space-size=4096',
        '--import',
        'tsx',
        fileURLToPath(import.meta.url),
        '--synthetic-size',
        String(size),
      ],
      { stdio: 'inherit' },
    )
    if (child.status !== 0) console.log(`synthetic ${size}: failed (exit ${child.status})`)
  }
}

function runPublic(): void {
  for (const dataset of publicDatasets()) {
    if (!existsSync(dataset.path)) {
      console.log(`${dataset.name}: ${dataset.path} not found, skipped`)
      continue
    }
    const started = performance.now()
    const mappings = parseFieldMappings(dataset.fields)
    const csv = readRecordsCsv(dataset.path, dataset.id, mappings, dataset.truth.column)
    const set = prepareRecords(mappings, csv.rows)
    const result = dedupe(set)
    const seconds = (performance.now() - started) / 1000
    const label = dataset.truth.label ?? ((v: string) => v)
    const scores = scoreClusters(result.clusters.clusterOf, (csv.truth ?? []).map(label))
    console.log(
      `${dataset.name} dedupe (${set.size} records): ${formatScores(scores)}  ` +
        `(TP ${scores.truePositives} FP ${scores.falsePositives} FN ${scores.falseNegatives})  ${seconds.toFixed(2)} s  ` +
        `${Math.round(set.size / seconds)} records/s`,
    )
  }
}
