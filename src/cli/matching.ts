import { writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { stringify } from 'csv-stringify/sync'
import { dedupe, defaultBatchOptions, link, type BatchOptions } from '../domain/matching/batch.ts'
import type { MatchModel } from '../domain/matching/model.ts'
import { defaultTrainingOptions } from '../domain/matching/training.ts'
import { scoreClusters, scoreLinks, type PairwiseScores } from '../domain/matching/evaluation.ts'
import { RecordSet } from '../domain/matching/recordSet.ts'
import { findCandidatePairsInParallel } from './matchingParallel.ts'
import {
  describeInputProblems,
  InputProblem,
  parseFieldMappings,
  readRecordsCsv,
  type CsvRecords,
} from './matchingCsv.ts'

interface DedupeOptions {
  in: string
  id: string
  fields: string
  out: string
  truth?: string
  strict?: boolean
  householdGuard: boolean
  workers: string
}

interface LinkOptions extends Omit<DedupeOptions, 'in'> {
  left: string
  right: string
}

/** Adds `dedupe` and `link`: batch identity resolution over CSV files with a header row. */
export function registerMatchingCommands(program: Command): void {
  program
    .command('dedupe')
    .description('find records of the same person in one CSV file; writes id,cluster_id for every row')
    .requiredOption('--in <file>', 'CSV file with a header row')
    .requiredOption('--id <column>', 'column holding each record’s id')
    .requiredOption('--fields <mapping>', 'field=column pairs, e.g. "first_name=given_name,surname=surname,dob=dob"')
    .requiredOption('--out <file>', 'where to write id,cluster_id')
    .option('--truth <column>', 'column naming the true person, to print pairwise precision, recall and F1')
    .option('--strict', 'stop at the first unreadable cell instead of reading it as missing and reporting it')
    .option(
      '--no-household-guard',
      'link relatives-like pairs on score alone even where the data shows households (it is off by itself where none)',
    )
    .option('--workers <n>', 'threads comparing candidate pairs (same output for any number)', '1')
    .action((options: DedupeOptions) => reportingProblems(() => runDedupe(options)))
  program
    .command('link')
    .description('find records in two CSV files that are the same person; writes left_id,right_id,match_probability')
    .requiredOption('--left <file>', 'first CSV file')
    .requiredOption('--right <file>', 'second CSV file (same columns)')
    .requiredOption('--id <column>', 'column holding each record’s id')
    .requiredOption('--fields <mapping>', 'field=column pairs')
    .requiredOption('--out <file>', 'where to write left_id,right_id,match_probability')
    .option('--truth <column>', 'column naming the true person, to print pairwise precision, recall and F1')
    .option('--strict', 'stop at the first unreadable cell instead of reading it as missing and reporting it')
    .option(
      '--no-household-guard',
      'link relatives-like pairs on score alone even where the data shows households (it is off by itself where none)',
    )
    .option('--workers <n>', 'threads comparing candidate pairs (same output for any number)', '1')
    .action((options: LinkOptions) => reportingProblems(() => runLink(options)))
}

async function runDedupe(options: DedupeOptions): Promise<void> {
  const started = performance.now()
  const mappings = parseFieldMappings(options.fields)
  const records = readRecordsCsv(options.in, options.id, mappings, options.truth, readOptions(options))
  reportInputProblems(options.in, records)
  const set = new RecordSet(mappings)
  for (const row of records.rows) set.add(row)
  const batch = batchOptions(options)
  const result = dedupe(set, batch, await findCandidatePairsInParallel(set, batch.blocking, workerCount(options)))
  const rows = records.ids.map((id, i) => [id, records.ids[result.clusters.clusterOf[i] as number] as string])
  writeFileSync(options.out, stringify(rows, { header: true, columns: ['id', 'cluster_id'] }))
  const people = new Set(result.clusters.clusterOf).size
  console.log(
    `${records.ids.length} records, ${people} people, ${result.links.length} links, ` +
      `${result.possibleLinks.length} possible links for review; wrote ${options.out}`,
  )
  printCalibration(result.model)
  if (records.truth !== undefined) printScores(scoreClusters(result.clusters.clusterOf, records.truth))
  printResources(started)
}

async function runLink(options: LinkOptions): Promise<void> {
  const started = performance.now()
  const mappings = parseFieldMappings(options.fields)
  const left = readRecordsCsv(options.left, options.id, mappings, options.truth, readOptions(options))
  const right = readRecordsCsv(options.right, options.id, mappings, options.truth, readOptions(options))
  reportInputProblems(options.left, left)
  reportInputProblems(options.right, right)
  const set = new RecordSet(mappings)
  for (const row of left.rows) set.add(row)
  set.leftSize = set.size
  for (const row of right.rows) set.add(row)
  const batch = batchOptions(options)
  const result = link(set, batch, await findCandidatePairsInParallel(set, batch.blocking, workerCount(options)))
  const offset = left.ids.length
  const pairs = result.links
    .map(p => ({ left: Math.min(p.a, p.b), right: Math.max(p.a, p.b) - offset, probability: p.probability }))
    .sort((x, y) => y.probability - x.probability)
  const rows = pairs.map(p => [left.ids[p.left], right.ids[p.right], p.probability.toFixed(6)])
  writeFileSync(options.out, stringify(rows, { header: true, columns: ['left_id', 'right_id', 'match_probability'] }))
  console.log(
    `${left.ids.length} + ${right.ids.length} records, ${pairs.length} links, ` +
      `${result.possibleLinks.length} possible links for review; wrote ${options.out}`,
  )
  printCalibration(result.model)
  if (left.truth !== undefined && right.truth !== undefined) printScores(scoreLinks(pairs, left.truth, right.truth))
  printResources(started)
}

function workerCount(options: { workers: string }): number {
  const workers = Number(options.workers)
  if (!Number.isInteger(workers) || workers < 1)
    throw new InputProblem('--workers: give a whole number of threads, 1 or more')
  return workers
}

function printResources(started: number): void {
  const peak = process.resourceUsage().maxRSS / 1024
  console.log(`time taken: ${((performance.now() - started) / 1000).toFixed(2)} s, peak memory ${peak.toFixed(0)} MiB`)
}

function batchOptions(options: { householdGuard: boolean }): BatchOptions {
  return { ...defaultBatchOptions, training: { ...defaultTrainingOptions, householdGuard: options.householdGuard } }
}

/** The threshold and the model's own estimate of how often its automatic links are right, by band. */
function printCalibration(model: MatchModel): void {
  const calibration = model.calibration
  if (calibration === undefined) return
  console.log(
    `link threshold ${model.thresholds.link}: model-estimated precision of automatic links ` +
      `${calibration.estimatedLinkPrecision.toFixed(4)} over ${calibration.links} pairs ` +
      `(design target ${calibration.target}${calibration.targetReached ? '' : ', not reached'})`,
  )
  const households = model.households
  if (households !== undefined) {
    console.log(
      `households: ${households.householdPairs} candidate pairs plainly of one household in ${households.records} records` +
        (households.measurable ? '' : ' (not measurable without first name, surname, date of birth and address)') +
        `; relatives rules ${households.guarded ? 'on' : 'off'}`,
    )
  }
  const bands = calibration.bands
    .filter(b => b.pairs > 0)
    .map(b => `${b.from}–${b.to}: ${b.estimatedPrecision.toFixed(3)} (${b.pairs})`)
  console.log(`estimated precision by match-probability band: ${bands.join(', ')}`)
}

function readOptions(options: { strict?: boolean }) {
  return { strict: options.strict === true }
}

function reportInputProblems(file: string, records: CsvRecords): void {
  for (const line of describeInputProblems(file, records)) console.warn(line)
}

function printScores(scores: PairwiseScores): void {
  console.log(
    `pairwise precision ${scores.precision.toFixed(4)}, recall ${scores.recall.toFixed(4)}, F1 ${scores.f1.toFixed(4)} ` +
      `(true positives ${scores.truePositives}, false positives ${scores.falsePositives}, ` +
      `false negatives ${scores.falseNegatives})`,
  )
}

/** Input problems become one clear line and exit code 2; anything else is a bug and keeps its stack trace. */
async function reportingProblems(run: () => Promise<void>): Promise<void> {
  try {
    await run()
  } catch (error) {
    if (!(error instanceof InputProblem)) throw error
    console.error(`error: ${error.message}`)
    process.exitCode = 2
  }
}
