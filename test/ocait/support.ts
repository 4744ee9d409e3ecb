import { DEFAULT_TRIAGE_QUESTIONNAIRE } from '../../src/domain/ocait/triage.ts'

/** Every question answered 'no' except those listed 'yes'. */
export const triageAnswers = (yes: string[] = []) =>
  Object.fromEntries(DEFAULT_TRIAGE_QUESTIONNAIRE.questions.map(q => [q.id, yes.includes(q.id) ? 'yes' : 'no']))

/** A synthetic national referral: documentation-range IP (RFC 5737), an obviously made-up account. */
export const referralInput = (over: Record<string, unknown> = {}) => ({
  source: 'national',
  sourceReference: 'SYN-CT-0001',
  receivedAt: '2026-11-23T08:00',
  platform: 'Example Platform',
  accounts: [{ platform: 'Example Platform', kind: 'username', value: 'synthetic_user_0001' }],
  uploads: [{ ip: '203.0.113.7', time: '2026-11-20 23:15', zone: 'America/Los_Angeles' }],
  images: { a: 1, b: 3, c: 20 },
  suspect: { givenName: 'Synthe', familyName: 'Tester', dateOfBirth: '1985-03-04' },
  summary: 'Industry report: uploads of indecent images of children (synthetic test data).',
  ...over,
})
