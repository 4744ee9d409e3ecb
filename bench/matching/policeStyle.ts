import { fakerEN_GB } from '@faker-js/faker'
import { nicknameFamilies } from '../../src/domain/matching/nicknames.ts'
import { seededRandom } from '../../src/domain/matching/random.ts'

/**
 * A synthetic UK police-style nominal index with ground truth, for measuring identity resolution where a false merge
 * puts one person's convictions on another. Every value is made up (faker's en_GB name and place lists, identifiers
 * built from the random stream); the seed fixes every value, so the same seed and size always give the same file.
 *
 * People live in households (one address, postcode and town), which is where the hard negatives come from:
 * - partners share the surname and address; children share both, born 20–40 years after a parent;
 * - a son named after his father (same first name and surname, same address, a different middle name, 20–40 years
 *   younger), whose records sometimes carry "Jnr"/"Snr" after the surname;
 * - twins: the same date of birth, surname and address, different first names.
 * Unrelated people sharing a full name and an exact date of birth are not generated on purpose: without an identifier
 * nothing tells them apart, and at the rate faker's short name lists would produce them they would swamp the rest.
 *
 * About half the people have more than one record (1–4 extra). Each extra record is what another officer typed:
 * - a nickname or familiar form for the first name (15%), a typo in the first name (8%) or surname (8%);
 * - a married name: a woman's later record under a new surname, often at a new address (30% of women's extra records);
 * - the middle name left off (35%), or the middle name used as the first name (3%);
 * - date of birth with day and month transposed (5%), one digit mistyped (4%), the placeholder 01/01 of the true
 *   year (4%) or 1900-01-01 (2%), or left blank (3%); dates are written YYYY-MM-DD or DD/MM/YYYY at random;
 * - a move to another address (20%);
 * - the PNC ID left off (30%) or hand-typed with a slip (8%: one digit changed or two digits swapped, the check
 *   letter kept, so the check usually fails); the NI number left off (45%); the CRO number left off (50%).
 * Identifiers are issued once per person: 70% have a PNC ID (YYYY/NNNNNNNA with the PNC check letter), 55% an NI
 * number (AA123456A), 35% a CRO number (NNNNNN/YYA).
 */
export const policeStyleFields = [
  { name: 'pnc_id', kind: 'identifier' },
  { name: 'ni_number', kind: 'identifier' },
  { name: 'cro_number', kind: 'identifier' },
  { name: 'first_name', kind: 'first_name' },
  { name: 'middle_name', kind: 'middle_name' },
  { name: 'surname', kind: 'surname' },
  { name: 'dob', kind: 'dob' },
  { name: 'gender', kind: 'gender' },
  { name: 'address', kind: 'address' },
  { name: 'postcode', kind: 'postcode' },
  { name: 'town', kind: 'locality' },
] as const

/** The same mapping for `npm run vigil -- dedupe --fields …` on a written file. */
export const policeStyleFieldMapping =
  'identifier=pnc_id,identifier=ni_number,identifier=cro_number,first_name=first_name,middle_name=middle_name,' +
  'surname=surname,dob=dob,gender=gender,address=address,postcode=postcode,locality=town'

export interface PoliceStyleSet {
  rows: (string | undefined)[][]
  /** The person each record belongs to. */
  person: Uint32Array
  people: number
}

interface Person {
  id: number
  first: string
  middle: string | undefined
  surname: string
  dob: { year: number; month: number; day: number }
  female: boolean
  home: Home
  pnc: string | undefined
  ni: string | undefined
  cro: string | undefined
  suffix: string | undefined
}

interface Home {
  address: string
  postcode: string
  town: string
}

const pncCheckLetters = 'ZABCDEFGHJKLMNPQRTUVWXY'

/** The PNC check letter: (two-digit year and seven-digit serial, as one number) mod 23, looked up in the table. */
export function pncCheckLetter(year: number, serial: number): string {
  return pncCheckLetters[((year % 100) * 10_000_000 + serial) % 23] as string
}

export function generatePoliceStyle(people: number, seed = 19): PoliceStyleSet {
  const random = seededRandom(seed)
  fakerEN_GB.seed(seed)
  const chance = (p: number) => random() < p
  const int = (from: number, to: number) => from + Math.floor(random() * (to - from + 1))
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  const female = fakerEN_GB.definitions.person.first_name.female ?? []
  const male = fakerEN_GB.definitions.person.first_name.male ?? []
  const surnames = fakerEN_GB.definitions.person.last_name.generic ?? []
  const streets = Array.from({ length: 1500 }, () => fakerEN_GB.location.street())
  const towns = Array.from({ length: 400 }, () => fakerEN_GB.location.city())
  const postcodes = Array.from({ length: Math.max(50, Math.floor(people / 2)) }, () => fakerEN_GB.location.zipCode())
  const families = nicknameFamilies.map(line => line.split(' '))
  const newHome = (): Home => ({
    address: `${int(1, 250)} ${pick(streets)}`,
    postcode: pick(postcodes),
    town: pick(towns),
  })
  const usedIdentifiers = new Set<string>()
  const unique = (make: () => string): string => {
    for (;;) {
      const value = make()
      if (!usedIdentifiers.has(value)) {
        usedIdentifiers.add(value)
        return value
      }
    }
  }
  const niLetters = 'ABCEGHJKLMNPRSTWXYZ'
  const everyone: Person[] = []
  const addPerson = (
    shape: Omit<Person, 'id' | 'pnc' | 'ni' | 'cro' | 'middle' | 'suffix'> & Partial<Person>,
  ): Person => {
    const arrestYear = Math.min(2025, shape.dob.year + int(16, 45))
    const person: Person = {
      id: everyone.length,
      middle: chance(0.6) ? pick(shape.female ? female : male) : undefined,
      suffix: undefined,
      ...shape,
      pnc: chance(0.7)
        ? unique(() => {
            const serial = int(1, 9_999_999)
            return `${arrestYear}/${String(serial).padStart(7, '0')}${pncCheckLetter(arrestYear, serial)}`
          })
        : undefined,
      ni: chance(0.55)
        ? unique(
            () =>
              `${pick(niLetters.split(''))}${pick(niLetters.split(''))}${String(int(0, 999_999)).padStart(6, '0')}${pick(['A', 'B', 'C', 'D'])}`,
          )
        : undefined,
      cro: chance(0.35)
        ? unique(
            () =>
              `${String(int(1, 999_999)).padStart(6, '0')}/${String(arrestYear % 100).padStart(2, '0')}${pick(pncCheckLetters.split(''))}`,
          )
        : undefined,
    }
    everyone.push(person)
    return person
  }
  const birth = (from: number, to: number) => ({ year: int(from, to), month: int(1, 12), day: int(1, 28) })
  while (everyone.length < people) {
    const home = newHome()
    const surname = pick(surnames)
    const isFemale = chance(0.35)
    const head = addPerson({
      first: pick(isFemale ? female : male),
      surname,
      dob: birth(1945, 1990),
      female: isFemale,
      home,
    })
    if (chance(0.4)) {
      addPerson({
        first: pick(isFemale ? male : female),
        surname,
        dob: { ...birth(head.dob.year - 6, head.dob.year + 6) },
        female: !isFemale,
        home,
      })
    }
    const children = chance(0.5) ? int(1, 3) : 0
    for (let c = 0; c < children; c++) {
      const year = head.dob.year + int(20, 40)
      // Nobody under 16 is on the index.
      if (year > 2008) continue
      const childFemale = chance(0.4)
      const namedAfterParent = !childFemale && !head.female && c === 0 && chance(0.35)
      const child = addPerson({
        first: namedAfterParent ? head.first : pick(childFemale ? female : male),
        surname,
        dob: birth(year, year),
        female: childFemale,
        home,
      })
      if (namedAfterParent) {
        child.suffix = 'Jnr'
        head.suffix = 'Snr'
        if (child.middle === head.middle) child.middle = pick(male)
      }
      if (chance(0.08)) {
        // A twin: same date of birth, surname and home, a different first name.
        let first = pick(childFemale ? female : male)
        while (first === child.first) first = pick(childFemale ? female : male)
        addPerson({ first, surname, dob: { ...child.dob }, female: childFemale, home })
      }
    }
  }
  everyone.length = people

  const rows: (string | undefined)[][] = []
  const personOf: number[] = []
  for (const person of everyone) {
    const copies = chance(0.5) ? 1 + Math.min(3, Math.floor(-Math.log(1 - random()) * 1.2)) : 0
    rows.push(record(person, false))
    personOf.push(person.id)
    let current = person
    for (let k = 0; k < copies; k++) {
      // Changes such as a married name or a move persist into later records.
      if (current.female && current.dob.year < 1995 && chance(0.3)) {
        current = { ...current, surname: pick(surnames), home: chance(0.7) ? newHome() : current.home }
      }
      if (chance(0.2)) current = { ...current, home: newHome() }
      rows.push(record(current, true))
      personOf.push(person.id)
    }
  }
  // Records arrive in no particular order.
  const order = rows.map((_, i) => i)
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[order[i], order[j]] = [order[j] as number, order[i] as number]
  }
  return {
    rows: order.map(i => rows[i] as (string | undefined)[]),
    person: Uint32Array.from(order, i => personOf[i] as number),
    people: everyone.length,
  }

  function record(p: Person, retyped: boolean): (string | undefined)[] {
    let first = p.first
    let middle = p.middle
    let surname = p.surname
    if (p.suffix !== undefined && chance(0.4)) surname = `${surname} ${p.suffix}`
    if (retyped) {
      if (chance(0.15)) first = nickname(first)
      if (chance(0.08)) first = typo(first)
      if (chance(0.08)) surname = typo(surname)
      if (middle !== undefined && chance(0.03)) {
        first = middle
        middle = undefined
      }
      if (chance(0.35)) middle = undefined
    }
    return [
      retyped ? retypedPnc(p.pnc) : p.pnc,
      retyped && chance(0.45) ? undefined : p.ni,
      retyped && chance(0.5) ? undefined : p.cro,
      first,
      middle,
      surname,
      dateOfBirth(p, retyped),
      retyped && chance(0.05) ? undefined : p.female ? 'F' : 'M',
      p.home.address,
      retyped && chance(0.05) ? undefined : p.home.postcode,
      p.home.town,
    ]
  }

  function retypedPnc(pnc: string | undefined): string | undefined {
    if (pnc === undefined || chance(0.3)) return undefined
    if (!chance(0.08)) return pnc
    const digits = pnc.split('')
    const positions = digits.flatMap((c, i) => (i >= 5 && /\d/.test(c) ? [i] : []))
    const at = pick(positions)
    if (chance(0.5) && at + 1 < digits.length && /\d/.test(digits[at + 1] as string)) {
      ;[digits[at], digits[at + 1]] = [digits[at + 1] as string, digits[at] as string]
    } else {
      digits[at] = String((Number(digits[at]) + int(1, 9)) % 10)
    }
    return digits.join('')
  }

  function dateOfBirth(p: Person, retyped: boolean): string | undefined {
    let { year, month, day } = p.dob
    if (retyped) {
      const roll = random()
      if (roll < 0.03) return undefined
      if (roll < 0.05) return '1900-01-01'
      if (roll < 0.09) [month, day] = [1, 1]
      else if (roll < 0.14 && day <= 12) [month, day] = [day, month]
      else if (roll < 0.18) {
        const slip = pick(['year', 'day'] as const)
        if (slip === 'year') year = year - (year % 10) + (((year % 10) + int(1, 9)) % 10)
        else day = Math.max(1, day - (day % 10) + (((day % 10) + int(1, 9)) % 10))
      }
    }
    const pad = (n: number) => String(n).padStart(2, '0')
    return chance(0.5) ? `${year}-${pad(month)}-${pad(day)}` : `${pad(day)}/${pad(month)}/${year}`
  }

  function nickname(first: string): string {
    const family = families.find(names => names.includes(first.toLowerCase()))
    if (family === undefined) return first
    const other = pick(family)
    return other.charAt(0).toUpperCase() + other.slice(1)
  }

  function typo(value: string): string {
    const at = Math.floor(random() * value.length)
    const letter = 'abcdefghijklmnopqrstuvwxyz'[Math.floor(random() * 26)] as string
    switch (int(0, 3)) {
      case 0:
        return value.slice(0, at) + letter + value.slice(at + 1)
      case 1:
        return value.slice(0, at) + letter + value.slice(at)
      case 2:
        return value.length > 3 ? value.slice(0, at) + value.slice(at + 1) : value
      default:
        return at + 1 < value.length
          ? value.slice(0, at) + value.charAt(at + 1) + value.charAt(at) + value.slice(at + 2)
          : value
    }
  }
}
