import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { Temporal } from 'temporal-polyfill'
import { ValidationError } from '../errors.ts'
import { compareRiskLevels } from '../risk/levels.ts'
import { ocaitSettings } from './settings.ts'
import { actionDueAt, DEFAULT_TRIAGE_QUESTIONNAIRE, timeliness, triage, type TriageAnswer } from './triage.ts'

const QUESTIONS = DEFAULT_TRIAGE_QUESTIONNAIRE.questions.map(q => q.id)
const answered = (yes: string[] = [], unknown: string[] = []) =>
  Object.fromEntries(QUESTIONS.map(id => [id, yes.includes(id) ? 'yes' : unknown.includes(id) ? 'unknown' : 'no']))

// KIRAT's four steps give Low / Medium / High / Very High (DOMAIN-RASSO.md §4.2 [V]); weights and bands are [U].
const CASES: Array<{ name: string; yes: string[]; grade: string; score: number }> = [
  { name: 'nothing known against the suspect', yes: [], grade: 'low', score: 0 },
  {
    name: 'other factors only',
    yes: ['other-convictions', 'domestic-abuse', 'substance-misuse'],
    grade: 'low',
    score: 3,
  },
  { name: 'a previous sexual conviction and prison', yes: ['sexual-conviction', 'prison'], grade: 'medium', score: 4 },
  {
    name: 'a facilitator and previous behaviour',
    yes: ['producing-images', 'sexual-conviction', 'prison'],
    grade: 'high',
    score: 8,
  },
  {
    name: 'access to children alone is at least medium',
    yes: ['children-of-acquaintances'],
    grade: 'medium',
    score: 3,
  },
  {
    name: 'access to children with grooming is very high whatever the score',
    yes: ['children-in-household', 'grooming-or-incitement'],
    grade: 'very_high',
    score: 7,
  },
  {
    name: 'a high score alone is very high',
    yes: ['sexual-conviction', 'several-convictions', 'producing-images', 'distributing-images', 'prison'],
    grade: 'very_high',
    score: 12,
  },
]

for (const c of CASES) {
  test(`triage: ${c.name} grades ${c.grade}`, () => {
    const r = triage({ answers: answered(c.yes) }, { mayLowerGrade: false })
    assert.equal(r.score, c.score)
    assert.equal(r.grade, c.grade)
    assert.equal(r.derivedGrade, c.grade)
    assert.equal(r.override, null)
  })
}

test('triage: every question must be answered, each named in its own message', () => {
  const answers = answered()
  delete answers['prison']
  answers['works-with-children'] = 'maybe'
  assert.throws(
    () => triage({ answers }, { mayLowerGrade: false }),
    (e: unknown) =>
      e instanceof ValidationError &&
      e.errors.map(x => x.field).join() === 'answers.prison,answers.works-with-children' &&
      e.errors.every(x => x.message.startsWith('Select yes, no or not known')),
  )
})

test('triage: unknown answers count as no but are named, because the grade may be understated', () => {
  const r = triage({ answers: answered([], ['works-with-children']) }, { mayLowerGrade: false })
  assert.equal(r.grade, 'low')
  assert.deepEqual(r.unknown, ['Works or volunteers with children (a position of trust)'])
  assert.match(r.explanation.join(' '), /may be understated/)
})

test('triage: professional judgement may raise the grade with a reason', () => {
  const r = triage(
    { answers: answered(), overrideGrade: 'high', overrideReason: 'Intelligence of contact with a child this week' },
    { mayLowerGrade: false },
  )
  assert.equal(r.derivedGrade, 'low')
  assert.equal(r.grade, 'high')
  assert.match(r.explanation.at(-1) ?? '', /Professional judgement: high instead of low/)
})

test('triage: a different grade needs a reason; lowering it is a supervisor’s decision', () => {
  const yes = ['children-in-household', 'grooming-or-incitement']
  assert.throws(
    () => triage({ answers: answered(yes), overrideGrade: 'high', overrideReason: '' }, { mayLowerGrade: true }),
    (e: unknown) => e instanceof ValidationError && e.errors[0]?.field === 'overrideReason',
  )
  assert.throws(
    () =>
      triage(
        { answers: answered(yes), overrideGrade: 'high', overrideReason: 'Children moved out last month (checked)' },
        { mayLowerGrade: false },
      ),
    (e: unknown) => e instanceof ValidationError && /Only a supervisor/.test(e.errors[0]?.message ?? ''),
  )
  const lowered = triage(
    { answers: answered(yes), overrideGrade: 'high', overrideReason: 'Children moved out last month (checked)' },
    { mayLowerGrade: true },
  )
  assert.equal(lowered.grade, 'high')
})

test('triage (property): answering yes to one more question never lowers the grade', () => {
  const answer = fc.constantFrom<TriageAnswer>('yes', 'no', 'unknown')
  fc.assert(
    fc.property(
      fc.array(answer, { minLength: QUESTIONS.length, maxLength: QUESTIONS.length }),
      fc.nat(QUESTIONS.length - 1),
      (list, i) => {
        const answers = Object.fromEntries(QUESTIONS.map((id, j) => [id, list[j]]))
        const before = triage({ answers }, { mayLowerGrade: false }).grade
        const after = triage({ answers: { ...answers, [QUESTIONS[i]!]: 'yes' } }, { mayLowerGrade: false }).grade
        return compareRiskLevels(after, before) >= 0
      },
    ),
  )
})

// HMICFRS 2023 [P]: very high within a day; high, medium, low within a week, two weeks and 30 days.
const received = Temporal.Instant.from('2026-11-20T09:00:00Z')
const triaged = Temporal.Instant.from('2026-11-21T15:00:00Z')
for (const [grade, due] of [
  ['very_high', '2026-11-21T09:00:00Z'],
  ['high', '2026-11-27T09:00:00Z'],
  ['medium', '2026-12-04T09:00:00Z'],
  ['low', '2026-12-20T09:00:00Z'],
] as const) {
  test(`target time to action: ${grade} is due ${due} from receipt`, () => {
    assert.equal(actionDueAt(grade, { receivedAt: received, triagedAt: triaged }, ocaitSettings()).toString(), due)
  })
}

test('target time to action: a force may start the clock at triage and change a target (settings)', () => {
  const settings = ocaitSettings({ targetFrom: 'triaged', targetDays: { very_high: 2, high: 7, medium: 14, low: 30 } })
  assert.equal(
    actionDueAt('very_high', { receivedAt: received, triagedAt: triaged }, settings).toString(),
    '2026-11-23T15:00:00Z',
  )
})

test('timeliness: hours left before the deadline, hours over after it', () => {
  const due = Temporal.Instant.from('2026-11-21T09:00:00Z')
  assert.deepEqual(timeliness(due, Temporal.Instant.from('2026-11-20T21:30:00Z')), { state: 'on-time', hoursLeft: 11 })
  assert.deepEqual(timeliness(due, Temporal.Instant.from('2026-11-21T11:10:00Z')), { state: 'overdue', hoursOver: 3 })
})
