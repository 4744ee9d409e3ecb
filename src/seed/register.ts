import type { Kysely } from 'kysely'
import { Temporal } from 'temporal-polyfill'
import { notificationPeriod, type Disposal } from '../domain/register/index.ts'
import type { Database } from '../data/database.ts'
import type { DB } from '../data/schema.ts'
import { applyEventDueDates, bulkInsert, skipRowChecksIfPermitted } from './bulkInsert.ts'
import { dateString, dayNumber, hashString, mulberry32, uuidFor } from './deterministic.ts'

/**
 * Synthetic register data for every seeded RSO: the conviction behind the requirement, a notification history from
 * the initial notification to today (home moves, yearly periodic notifications, identity documents, bank and card
 * details, foreign travel), the possible failures to comply that late or missed notifications raise, the timeline,
 * and the last three weeks' alerts to offender managers and supervisors. Deterministic: each subject's data comes
 * from a PRNG seeded by the run seed and the subject's reference.
 *
 * Proportions (synthetic): ~5% of change notifications late, ~4% of periodic notifications late, ~4% of active
 * subjects overdue a periodic notification, ~6% with a foreign trip in the last year or booked, half with a passport,
 * 60% with a bank account, 30% with a card (last 4 digits only).
 */
export async function seedRegister(
  database: Database,
  options: { seed: number; today: Temporal.PlainDate },
): Promise<{ notifications: number; alerts: number }> {
  const { db } = database
  const today = dayNumber(options.today.toString())
  const subjects = await db
    .selectFrom('subject as s')
    .innerJoin('person as p', 'p.id', 's.person_id')
    .leftJoin('staff as om', 'om.id', 's.offender_manager_id')
    .innerJoin('team as t', 't.id', 's.managing_team_id')
    .select([
      's.id',
      's.reference',
      's.person_id as personId',
      's.status',
      's.registered_on as registeredOn',
      's.offender_manager_id as omId',
      'om.supervisor_id as supervisorId',
      'p.date_of_birth as dateOfBirth',
      'p.given_name as givenName',
      'p.family_name as familyName',
      't.station_name as station',
    ])
    .where('s.category', '=', 'rso')
    .where('s.status', '!=', 'ended')
    .orderBy('s.reference')
    .execute()
  const moves = await db
    .selectFrom('person_address as pa')
    .innerJoin('subject as s', 's.person_id', 'pa.person_id')
    .select(['s.id as subjectId', 'pa.from_date as fromDate', 'pa.kind'])
    .where('s.category', '=', 'rso')
    .where('pa.kind', 'in', ['home', 'nfa'])
    .orderBy('pa.from_date')
    .execute()
  const movesBySubject = new Map<string, string[]>()
  for (const m of moves) movesBySubject.set(m.subjectId, [...(movesBySubject.get(m.subjectId) ?? []), m.fromDate])

  const rows = emptyRows()
  for (const s of subjects)
    generateSubject(rows, { ...s, seed: options.seed, today, moves: movesBySubject.get(s.id) ?? [] })
  await db.transaction().execute(async trx => {
    // Every reference is to a subject or officer just read; the subject_event trigger's effect is applied below.
    await skipRowChecksIfPermitted(trx)
    for (const table of [
      'conviction',
      'notification',
      'identity_document',
      'financial_account',
      'foreign_travel',
      'possible_failure_to_comply',
      'subject_event',
    ] as const) {
      await insertBatched(trx, table, rows[table])
    }
    await applyEventDueDates(trx)
    const seqs = new Map<string, number>()
    for (let i = 0; i < rows.alert.length; i += 1000) {
      const inserted = await trx
        .insertInto('alert')
        .values(rows.alert.slice(i, i + 1000))
        .returning(['id', 'seq'])
        .execute()
      for (const r of inserted) seqs.set(r.id, r.seq)
    }
    const recipients = rows.alert_recipient.map(({ alertId, ...r }) => ({ ...r, alert_seq: seqs.get(alertId) ?? 0 }))
    await insertBatched(trx, 'alert_recipient', recipients)
  })
  return { notifications: rows.notification.length, alerts: rows.alert.length }
}

interface SeedSubject {
  id: string
  reference: string
  personId: string
  status: string
  registeredOn: string
  omId: string | null
  supervisorId: string | null
  dateOfBirth: string | null
  givenName: string
  familyName: string
  station: string
  seed: number
  today: number
  moves: string[]
}

type Row = Record<string, unknown>
const emptyRows = () => ({
  conviction: [] as Row[],
  notification: [] as Row[],
  identity_document: [] as Row[],
  financial_account: [] as Row[],
  foreign_travel: [] as Row[],
  possible_failure_to_comply: [] as Row[],
  subject_event: [] as Row[],
  alert: [] as Array<{
    id: string
    subject_id: string
    kind: string
    priority: 'high' | 'normal'
    title: string
    detail: string
    data: string
    created_at: Date
    created_by: null
  }>,
  alert_recipient: [] as Array<{
    alertId: string
    staff_id: string
    reason: string
    read_at: Date | null
    acknowledged_at: Date | null
    acknowledgement_note: string | null
    escalated_at: Date | null
  }>,
})
type Rows = ReturnType<typeof emptyRows>

/** Schedule 3 offences (SOA 2003), with their paragraph, as officers would write them. */
const OFFENCES: Array<[string, string]> = [
  ['Sexual assault (SOA 2003 s.3)', '20'],
  ['Rape (SOA 2003 s.1)', '18'],
  ['Making indecent photographs of children (PCA 1978 s.1)', '13'],
  ['Possession of indecent photographs of children (CJA 1988 s.160)', '15'],
  ['Sexual communication with a child (SOA 2003 s.15A)', '24A'],
  ['Exposure (SOA 2003 s.66)', '33'],
  ['Voyeurism (SOA 2003 s.67)', '34'],
  ['Sexual activity with a child (SOA 2003 s.9)', '24'],
  ['Meeting a child following sexual grooming (SOA 2003 s.15)', '24'],
]
const COURTS = [
  'Manchester Crown Court (Minshull Street)',
  'Manchester Crown Court (Crown Square)',
  'Bolton Crown Court',
  'Manchester and Salford Magistrates’ Court',
  'Tameside Magistrates’ Court',
  'Wigan and Leigh Magistrates’ Court',
]
const COUNTRIES: Array<[string, string]> = [
  ['Spain', 'Malaga'],
  ['France', 'Paris Charles de Gaulle'],
  ['Republic of Ireland', 'Dublin'],
  ['Poland', 'Krakow'],
  ['Portugal', 'Faro'],
  ['Pakistan', 'Islamabad'],
  ['Turkey', 'Dalaman'],
  ['Netherlands', 'Amsterdam Schiphol'],
]
const BANKS = [
  'Barclays',
  'HSBC UK',
  'Lloyds Bank',
  'NatWest',
  'Santander UK',
  'Nationwide Building Society',
  'Co-operative Bank',
  'Monzo',
]

/** A disposal whose notification period still covers today (the register holds current requirements). */
function disposalFor(
  rand: () => number,
  yearsSince: number,
): { disposal: Disposal; custodialMonths: number | null; dischargeMonths: number | null; sentence: string } {
  const r = rand()
  if (yearsSince > 9.5 || r < 0.12) {
    if (r < 0.03)
      return { disposal: 'life', custodialMonths: null, dischargeMonths: null, sentence: 'Life imprisonment' }
    if (r < 0.05)
      return {
        disposal: 'hospital-order-restricted',
        custodialMonths: null,
        dischargeMonths: null,
        sentence: 'Hospital order with a restriction order',
      }
    const months = 30 + Math.floor(rand() * 90)
    return {
      disposal: 'imprisonment',
      custodialMonths: months,
      dischargeMonths: null,
      sentence: `${months} months' imprisonment`,
    }
  }
  if (yearsSince > 6.5 || r < 0.55) {
    const months = 7 + Math.floor(rand() * 23)
    return {
      disposal: 'imprisonment',
      custodialMonths: months,
      dischargeMonths: null,
      sentence: `${months} months' imprisonment${rand() < 0.3 ? ', suspended' : ''}`,
    }
  }
  if (yearsSince > 4.5 || r < 0.75) {
    const months = 1 + Math.floor(rand() * 6)
    return {
      disposal: 'imprisonment',
      custodialMonths: months,
      dischargeMonths: null,
      sentence: `${months} months' imprisonment`,
    }
  }
  if (yearsSince > 1.8 || r < 0.93)
    return {
      disposal: 'other',
      custodialMonths: null,
      dischargeMonths: null,
      sentence: 'Community order with a sex offender treatment requirement',
    }
  return { disposal: 'caution', custodialMonths: null, dischargeMonths: null, sentence: 'Simple caution' }
}

interface Given {
  kind: string
  event: number | null
  notified: number
  deadline: number | null
  details: Record<string, unknown>
  summary: string
}

function generateSubject(rows: Rows, s: SeedSubject): void {
  const rand = mulberry32(hashString(`${s.seed}:register:${s.reference}`))
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T
  const registered = dayNumber(s.registeredOn)
  const relevant = registered - Math.floor(rand() * 5)
  const yearsSince = (s.today - relevant) / 365.25
  const [offence, paragraph] = pick(OFFENCES)
  const disposal = disposalFor(rand, yearsSince)
  if (s.dateOfBirth) {
    // Move the relevant date only if the table would already have ended the requirement (adults under 18 halve).
    try {
      notificationPeriod({
        ...disposal,
        dateOfBirth: Temporal.PlainDate.from(s.dateOfBirth),
        relevantDate: Temporal.PlainDate.from(dateString(relevant)),
      })
    } catch {
      return
    }
  }
  rows.conviction.push({
    id: uuidFor(`${s.seed}:conviction:${s.reference}`),
    subject_id: s.id,
    offence,
    schedule3_paragraph: paragraph,
    court: pick(COURTS),
    offence_date: dateString(relevant - 60 - Math.floor(rand() * 400)),
    conviction_date: dateString(relevant),
    sentence_date: dateString(relevant),
    relevant_date: dateString(relevant),
    disposal: disposal.disposal,
    custodial_months: disposal.custodialMonths,
    discharge_months: disposal.dischargeMonths,
    sentence: disposal.sentence,
    recorded_at: at(registered, 9),
    recorded_by: s.omId,
  })

  // The history: initial notification, home moves (s.84(1)(b)) and periodic notifications (s.85) that each reset.
  const given: Given[] = []
  const lateBy = (share: number) => (rand() < share ? 1 + Math.floor(rand() * 18) : 0)
  const initialLate = lateBy(0.05)
  given.push({
    kind: 'initial',
    event: registered,
    notified: registered + (initialLate ? 2 + initialLate : Math.floor(rand() * 3)),
    deadline: registered + 2,
    details: { seeded: true },
    summary: 'home address and personal details given',
  })
  const changes = s.moves.map(dayNumber).filter(d => d > registered + 3 && d <= s.today)
  const overdue = s.status === 'active' && rand() < 0.04
  let lastReset = given[0]?.notified ?? registered
  let next = 0
  for (;;) {
    const due = anniversary(lastReset)
    const change = changes[next]
    if (change !== undefined && change <= due) {
      const late = lateBy(0.05)
      const notified = change + (late ? 2 + late : Math.floor(rand() * 3))
      if (notified > s.today) break
      given.push({
        kind: 'change-of-home-address',
        event: change,
        notified,
        deadline: change + 2,
        details: { seeded: true },
        summary: 'new home address notified',
      })
      lastReset = notified
      next++
      continue
    }
    if (overdue && due > s.today - 120) {
      if (due < s.today) overdueItem(rows, s, due, rand)
      break
    }
    const late = lateBy(0.04)
    const notified = late ? due + late : due - Math.floor(rand() * 25)
    if (notified > s.today) break
    given.push({
      kind: 'periodic',
      event: null,
      notified,
      deadline: due,
      details: { seeded: true },
      summary: 'details confirmed',
    })
    lastReset = notified
  }
  const initial = given[0]
  if (initial && rand() < 0.5) {
    rows.identity_document.push({
      subject_id: s.id,
      kind: 'passport',
      document_number: String(100_000_000 + Math.floor(rand() * 899_999_999)),
      issuing_country: 'United Kingdom',
      name_on_document: `${s.givenName} ${s.familyName}`.toUpperCase(),
      issued_on: dateString(initial.notified - 400 - Math.floor(rand() * 2000)),
      expires_on: dateString(initial.notified + 400 + Math.floor(rand() * 2000)),
      recorded_at: at(initial.notified, 10),
    })
  }
  if (initial && rand() < 0.6) {
    rows.financial_account.push({
      subject_id: s.id,
      kind: 'bank-account',
      provider: pick(BANKS),
      name_on_account: `${s.givenName.charAt(0)} ${s.familyName}`,
      sort_code: String(100_000 + Math.floor(rand() * 899_999)),
      account_number: String(10_000_000 + Math.floor(rand() * 89_999_999)),
      recorded_at: at(initial.notified, 10),
    })
  }
  if (initial && rand() < 0.3) {
    rows.financial_account.push({
      subject_id: s.id,
      kind: rand() < 0.7 ? 'debit-card' : 'credit-card',
      provider: pick(BANKS),
      name_on_account: `${s.givenName.charAt(0)} ${s.familyName}`,
      card_last4: String(1000 + Math.floor(rand() * 8999)),
      card_expiry: `${new Date(s.today * 86_400_000).getUTCFullYear() + 1 + Math.floor(rand() * 3)}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}`,
      recorded_at: at(initial.notified, 10),
    })
  }
  const trip = s.status === 'active' && rand() < 0.06
  if (trip) {
    const departure = s.today - 300 + Math.floor(rand() * 360)
    const late = rand() < 0.1
    const notified = Math.min(s.today, late ? departure - 2 : departure - 7 - Math.floor(rand() * 30))
    const [country, arrival] = pick(COUNTRIES)
    given.push({
      kind: 'foreign-travel',
      event: null,
      notified,
      deadline: departure - 7,
      details: { seeded: true, travel: { departure: `${dateString(departure)}T08:30`, known: true, excuse: false } },
      summary: `travelling to ${country} on ${dateString(departure)}`,
    })
    rows.foreign_travel.push({
      subject_id: s.id,
      notification_id: uuidFor(`${s.seed}:notification:${s.reference}:${given.length - 1}`),
      departure_at: at(departure, 8),
      departure_point: 'Manchester Airport',
      return_on: dateString(departure + 7 + Math.floor(rand() * 10)),
      return_point: 'Manchester Airport',
      carrier: `${pick(['Jet2', 'easyJet', 'Ryanair', 'TUI'])} flight ${100 + Math.floor(rand() * 900)}`,
      details_known_seven_days_ahead: true,
      reasonable_excuse: false,
      destinations: JSON.stringify([
        { country, arrivalPoint: arrival, accommodation: 'Hotel (name given at the desk)' },
      ]),
      recorded_at: at(notified, 11),
    })
  }

  given.forEach((g, index) => {
    // Keep the seed quick: the initial notification and the last five years (every screen shows recent history).
    if (index > 0 && g.notified < s.today - HISTORY_DAYS) return
    const id = uuidFor(`${s.seed}:notification:${s.reference}:${index}`)
    const daysLate = g.deadline !== null ? Math.max(0, g.notified - g.deadline) : 0
    rows.notification.push({
      id,
      subject_id: s.id,
      kind: g.kind,
      event_date: g.event === null ? null : dateString(g.event),
      notified_at: at(g.notified, 10),
      notified_on: dateString(g.notified),
      taken_by: s.omId,
      police_station: s.station,
      no_fixed_abode: g.kind === 'foreign-travel' ? null : false,
      details: JSON.stringify(g.details),
      deadline: g.deadline === null ? null : dateString(g.deadline),
      late: daysLate > 0,
      days_late: daysLate,
      recorded_at: at(g.notified, 10),
    })
    rows.subject_event.push({
      subject_id: s.id,
      kind: g.kind,
      occurred_on: dateString(g.event ?? g.notified),
      recorded_at: at(g.notified, 10),
      recorded_by: s.omId,
      summary: `${LABELS[g.kind] ?? g.kind} given at ${s.station}: ${g.summary}`,
      details: JSON.stringify({ notificationId: id }),
    })
    if (daysLate > 0 && g.deadline !== null) {
      const recent = s.today - g.notified < 90
      rows.possible_failure_to_comply.push({
        subject_id: s.id,
        notification_id: id,
        kind: 'late-notification',
        basis: BASIS[g.kind] ?? '',
        due_on: dateString(g.deadline),
        days_late: daysLate,
        raised_at: at(g.notified, 10),
        status: recent ? 'open' : 'closed',
        closed_at: recent ? null : at(g.notified + 14, 15),
        closed_by: recent ? null : s.supervisorId,
        outcome: recent
          ? null
          : pick([
              'Words of advice given',
              'Reasonable excuse accepted (hospital stay)',
              'Referred for investigation under s.91: no further action',
            ]),
      })
      if (s.today - g.notified <= 21) {
        alert(
          rows,
          s,
          g.notified,
          'late-notification',
          'high',
          `Late notification: ${s.givenName} ${s.familyName} (${s.reference})`,
          `${LABELS[g.kind]} given ${daysLate} days late (due by ${dateString(g.deadline)}, ${BASIS[g.kind]}).`,
          rand,
        )
      }
    }
    if (s.today - g.notified <= 21 && g.kind === 'change-of-home-address') {
      alert(
        rows,
        s,
        g.notified,
        'address-change',
        'normal',
        `New home address: ${s.givenName} ${s.familyName} (${s.reference})`,
        `Moved on ${dateString(g.event ?? g.notified)}.`,
        rand,
      )
    }
    if (s.today - g.notified <= 21 && g.kind === 'foreign-travel') {
      alert(
        rows,
        s,
        g.notified,
        'foreign-travel',
        'normal',
        `Foreign travel: ${s.givenName} ${s.familyName} (${s.reference})`,
        `Notified ${g.summary}.`,
        rand,
      )
    }
  })
}

function overdueItem(rows: Rows, s: SeedSubject, due: number, rand: () => number): void {
  const daysOverdue = s.today - due
  rows.possible_failure_to_comply.push({
    subject_id: s.id,
    notification_id: null,
    kind: 'periodic-overdue',
    basis: 's.85(1)',
    due_on: dateString(due),
    days_late: daysOverdue,
    raised_at: at(due + 1, 6),
    status: 'open',
  })
  rows.subject_event.push({
    subject_id: s.id,
    kind: 'possible-failure-to-comply',
    occurred_on: dateString(due + 1),
    recorded_at: at(due + 1, 6),
    recorded_by: null,
    summary: `Possible failure to comply: periodic notification (s.85(1)) due by ${dateString(due)} not given`,
    details: JSON.stringify({ dueOn: dateString(due) }),
  })
  if (daysOverdue <= 21) {
    alert(
      rows,
      s,
      due + 1,
      'periodic-overdue',
      'high',
      `Periodic notification missed: ${s.givenName} ${s.familyName} (${s.reference})`,
      `Periodic notification (s.85(1)) due by ${dateString(due)} not given.`,
      rand,
    )
  }
}

function alert(
  rows: Rows,
  s: SeedSubject,
  day: number,
  kind: string,
  priority: 'high' | 'normal',
  title: string,
  detail: string,
  rand: () => number,
): void {
  const recipients = [
    ...(s.omId ? [{ staffId: s.omId, reason: 'offender manager' }] : []),
    ...(s.supervisorId ? [{ staffId: s.supervisorId, reason: 'supervisor' }] : []),
  ]
  if (recipients.length === 0) return
  const id = uuidFor(`${s.seed}:alert:${s.reference}:${kind}:${day}`)
  const created = at(day, 10)
  rows.alert.push({
    id,
    subject_id: s.id,
    kind,
    priority,
    title,
    detail,
    data: JSON.stringify({ subjectReference: s.reference, seeded: true }),
    created_at: created,
    created_by: null,
  })
  // Older alerts have mostly been dealt with; the last week's are still open.
  const acknowledged = s.today - day > 7 && rand() < 0.8
  for (const r of recipients) {
    rows.alert_recipient.push({
      alertId: id,
      staff_id: r.staffId,
      reason: r.reason,
      read_at: acknowledged ? at(day, 12) : null,
      acknowledged_at: acknowledged ? at(day + 1, 9) : null,
      acknowledgement_note: acknowledged ? 'Reviewed; record checked and next visit brought forward' : null,
      // Open high-priority alerts from before today count as already escalated (their supervisor is a recipient),
      // so the first escalation sweep after seeding does not send a burst of escalations for synthetic history.
      escalated_at: !acknowledged && priority === 'high' && day < s.today ? at(day, 14) : null,
    })
  }
}

const HISTORY_DAYS = 5 * 365

const LABELS: Record<string, string> = {
  initial: 'Initial notification',
  'change-of-home-address': 'Change of home address',
  periodic: 'Periodic notification',
  'foreign-travel': 'Foreign travel',
}
const BASIS: Record<string, string> = {
  initial: 's.83(1)',
  'change-of-home-address': 's.84(1)(b)',
  periodic: 's.85(1)',
  'foreign-travel': 's.86',
}

async function insertBatched(trx: Kysely<DB>, table: keyof DB, rows: Array<Record<string, unknown>>): Promise<void> {
  // Rows of one table may leave optional columns out: bulkInsert gives every row every column, as null.
  await bulkInsert(trx, table, rows)
}

// ---- calendar helpers for this seed (shared ones are in deterministic.ts) ----

/** The same day a year later; 29 February → 1 March (the engine's `anniversary`, src/domain/register/dates.ts). */
function anniversary(day: number): number {
  const d = new Date(day * 86_400_000)
  return Math.floor(Date.UTC(d.getUTCFullYear() + 1, d.getUTCMonth(), d.getUTCDate()) / 86_400_000)
}

function at(day: number, hour: number): Date {
  return new Date(day * 86_400_000 + hour * 3_600_000)
}
