import { fakerEN_GB } from '@faker-js/faker'
import { nicknameFamilies } from '../../src/domain/matching/nicknames.ts'
import { seededRandom } from '../../src/domain/matching/random.ts'

/**
 * Made-up people (faker's en_GB lists, never real people) with the mistakes real police records carry: typos,
 * nicknames, day and month swapped, missing fields, a move to a new postcode, a changed surname, names reversed.
 * About a quarter of the records are extra records of someone already generated. The seed fixes every value.
 */
export const syntheticFields = [
  { name: 'first_name', kind: 'first_name' },
  { name: 'surname', kind: 'surname' },
  { name: 'dob', kind: 'dob' },
  { name: 'gender', kind: 'gender' },
  { name: 'address', kind: 'address' },
  { name: 'postcode', kind: 'postcode' },
  { name: 'town', kind: 'locality' },
] as const

export interface SyntheticPeople {
  rows: (string | undefined)[][]
  /** The person each record belongs to. */
  person: Uint32Array
}

export function generatePeople(count: number, seed = 42, duplicateShare = 0.25): SyntheticPeople {
  const random = seededRandom(seed)
  fakerEN_GB.seed(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  const femaleNames = fakerEN_GB.definitions.person.first_name.female ?? []
  const maleNames = fakerEN_GB.definitions.person.first_name.male ?? []
  const surnames = fakerEN_GB.definitions.person.last_name.generic ?? []
  const streets = Array.from({ length: 2000 }, () => fakerEN_GB.location.street())
  const towns = Array.from({ length: 600 }, () => fakerEN_GB.location.city())
  // Roughly three people per postcode, as in a real household-level postcode.
  const postcodes = Array.from({ length: Math.max(10, Math.floor(count / 3)) }, () => fakerEN_GB.location.zipCode())
  const families = nicknameFamilies.map(line => line.split(' '))
  const rows: (string | undefined)[][] = []
  const person = new Uint32Array(count)
  let people = 0
  for (let r = 0; r < count; r++) {
    if (r > 0 && random() < duplicateShare) {
      const original = Math.floor(random() * r)
      person[r] = person[original] as number
      rows.push(corrupt(rows[original] as (string | undefined)[]))
      continue
    }
    person[r] = people++
    const female = random() < 0.5
    const year = 1940 + Math.floor(random() * 66)
    const month = 1 + Math.floor(random() * 12)
    const day = 1 + Math.floor(random() * 28)
    rows.push([
      pick(female ? femaleNames : maleNames),
      pick(surnames),
      `${year}-${pad(month)}-${pad(day)}`,
      female ? 'F' : 'M',
      `${1 + Math.floor(random() * 200)} ${pick(streets)}`,
      pick(postcodes),
      pick(towns),
    ])
  }
  return { rows, person }

  function corrupt(original: readonly (string | undefined)[]): (string | undefined)[] {
    const [first, surname, dob, gender, address, postcode, town] = original
    let next: (string | undefined)[] = [first, surname, dob, gender, address, postcode, town]
    if (random() < 0.2 && first !== undefined) next[0] = typo(first)
    if (random() < 0.15 && first !== undefined) next[0] = nickname(first)
    if (random() < 0.2 && surname !== undefined) next[1] = typo(surname)
    if (random() < 0.05 && gender === 'F') next[1] = pick(surnames)
    if (random() < 0.05 && dob !== undefined) next[2] = swapDayAndMonth(dob)
    if (random() < 0.05 && dob !== undefined) next[2] = typo(dob.replace(/-/g, ''), true)
    if (random() < 0.2)
      next = [
        next[0],
        next[1],
        next[2],
        next[3],
        `${1 + Math.floor(random() * 200)} ${pick(streets)}`,
        pick(postcodes),
        pick(towns),
      ]
    if (random() < 0.02) next = [next[1], next[0], ...next.slice(2)]
    for (const field of [0, 2, 3, 4, 5]) if (random() < 0.05) next[field] = undefined
    return next
  }

  function typo(value: string, digitsOnly = false): string {
    const at = Math.floor(random() * value.length)
    const letter = digitsOnly
      ? String(Math.floor(random() * 10))
      : 'abcdefghijklmnopqrstuvwxyz'.charAt(Math.floor(random() * 26))
    switch (Math.floor(random() * (digitsOnly ? 1 : 4))) {
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

  function nickname(first: string): string {
    const family = families.find(names => names.includes(first.toLowerCase()))
    if (family === undefined) return first
    const other = pick(family)
    return other.charAt(0).toUpperCase() + other.slice(1)
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

function swapDayAndMonth(dob: string): string {
  const [year, month, day] = dob.split('-')
  return Number(day) <= 12 ? `${year}-${day}-${month}` : dob
}
