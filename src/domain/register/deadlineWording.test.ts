import assert from 'node:assert/strict'
import { test } from 'node:test'
import { DEADLINE_WORDING, deadlineWording } from './deadlineWording.ts'
import { RECORDED_KINDS } from './notificationInput.ts'
import { registerSettings } from './settings.ts'

test("the journeys say today's statutory deadlines word for word", () => {
  assert.equal(DEADLINE_WORDING.initial, 'Section 83(1): within 3 days of the relevant date or release.')
  assert.equal(
    DEADLINE_WORDING['other-address'],
    'Section 84(1)(c): within 3 days of completing a qualifying period (7 days, or 7 days in total in 12 months).',
  )
  assert.equal(
    DEADLINE_WORDING['child-household'],
    'Regulation 10 of SI 2012/1876: within 3 days of staying 12 hours or more at a household with a child.',
  )
  assert.equal(
    DEADLINE_WORDING.periodic,
    'Section 85(1): within one year of the last notification, or weekly with no fixed abode.',
  )
  assert.equal(
    DEADLINE_WORDING['foreign-travel'],
    'Section 86: at least 7 days before departure, or at least 12 hours before if the details were not known 7 days ahead.',
  )
})

test('every kind of notification has its deadline wording', () => {
  for (const kind of RECORDED_KINDS) assert.ok(DEADLINE_WORDING[kind].length > 0, kind)
})

test('a corrected register setting corrects the wording with it', () => {
  const wording = deadlineWording(
    registerSettings({ noFixedAbodePeriodDays: 3, foreignTravelNoticeDays: 14, foreignTravelShortNoticeHours: 24 }),
  )
  assert.match(wording.periodic, /every 3 days with no fixed abode/)
  assert.equal(
    wording['foreign-travel'],
    'Section 86: at least 14 days before departure, or at least 24 hours before if the details were not known 14 days ahead.',
  )
})
