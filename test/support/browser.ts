import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { chromium, type Browser, type Page } from 'playwright-core'

/** Debian's Chromium, headless, with background networking off (the machine has no internet). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
}

const require = createRequire(import.meta.url)
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: Array<{ target: string[] }>
}

/**
 * Runs axe-core in the page (WCAG 2.x A/AA rules) and returns the serious and critical
 * violations. The source is evaluated rather than added as a script tag so the page's CSP
 * (no inline scripts) is not weakened for tests.
 */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(source => {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval, @typescript-eslint/no-unsafe-call -- evaluating axe's own source is the point (see above)
    new Function(source)()
  }, axeSource)
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> }
      }
    ).axe
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    })
    return result.violations
  })
  return violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
}

export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)
    .join('\n')
}

/**
 * Signs in through the real forms: password, then the authenticator code. `code` supplies the
 * current code (see currentCode in test/support/app.ts).
 */
export async function signInAs(
  page: Page,
  baseUrl: string,
  username: string,
  password: string,
  code: () => Promise<string>,
): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`)
  await page.fill('#username', username)
  await page.fill('#password', password)
  await page.click('[data-qa="sign-in"]')
  await page.waitForURL(`${baseUrl}/sign-in/code`)
  await page.fill('#code', await code())
  await page.click('[data-qa="submit-code"]')
  await page.waitForURL(`${baseUrl}/`)
}
