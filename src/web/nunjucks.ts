import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import nunjucks from 'nunjucks'
import { ROLE_LABELS } from '../domain/access/actor.ts'
import { addRegisterFilters, MONTHS } from './routes/register/filters.ts'
import { riskLevelLabel } from '../domain/risk/levels.ts'

const here = dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)
export const govukDist = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist')
export const mojRoot = dirname(require.resolve('@ministryofjustice/frontend/package.json'))

/** "1 March 2026": the GOV.UK style for dates. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return ''
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number)
  if (!y || !m || !d) return iso
  return `${d} ${MONTHS[m - 1]} ${y}`
}

export function createNunjucks(): nunjucks.Environment {
  const env = nunjucks.configure([join(here, 'views'), govukDist, mojRoot], {
    autoescape: true,
    throwOnUndefined: false,
    noCache: process.env.NODE_ENV !== 'development' ? false : true,
  })
  env.addFilter('govukDate', formatDate)
  addRegisterFilters(env)
  // Templates pass whatever the view holds: an unknown role shows as itself.
  env.addFilter('roleLabel', (role: string) => (ROLE_LABELS as Partial<Record<string, string>>)[role] ?? role)
  env.addFilter('riskLabel', (risk: string | null) => riskLevelLabel(risk))
  env.addFilter(
    'riskTagClass',
    (risk: string | null) =>
      (
        ({
          very_high: 'govuk-tag--red',
          high: 'govuk-tag--orange',
          medium: 'govuk-tag--yellow',
          low: 'govuk-tag--green',
        }) as Record<string, string>
      )[risk ?? ''] ?? 'govuk-tag--grey',
  )
  env.addFilter('categoryLabel', (c: string) =>
    c === 'rso' ? 'Registered sex offender' : c === 'rasso_suspect' ? 'RASSO suspect' : c,
  )
  env.addFilter(
    'statusLabel',
    (s: string) =>
      (
        ({ active: 'Active', in_custody: 'In custody', reactive: 'Reactive management', ended: 'Ended' }) as Record<
          string,
          string
        >
      )[s] ?? s,
  )
  /** GOV.UK error-summary items from field errors: `{ text, href: '#field' }`. */
  env.addFilter('errorSummary', (errors: Array<{ field: string; message: string }> | undefined) =>
    (errors ?? []).map(e => ({ text: e.message, href: `#${fieldId(e.field)}` })),
  )
  env.addFilter('errorFor', (errors: Array<{ field: string; message: string }> | undefined, field: string) => {
    const found = (errors ?? []).find(e => e.field === field)
    return found ? { text: found.message } : undefined
  })
  return env
}

/** Form field ids: "address.postcode" becomes "address-postcode"; dates point at their day box. */
export function fieldId(field: string): string {
  const id = field.replace(/\./g, '-')
  return id === 'dateOfBirth' ? 'dateOfBirth-day' : id
}
