import type { FastifyReply, FastifyRequest } from 'fastify'
import type nunjucks from 'nunjucks'
import type { Config } from '../config.ts'

export interface NavItem {
  text: string
  href: string
  active: boolean
}

function navigation(request: FastifyRequest): NavItem[] {
  const role = request.session?.mfaVerified ? request.session.user.role : undefined
  if (!role) return []
  const path = request.url.split('?')[0] ?? '/'
  const items: Array<[string, string]> = [['Home', '/']]
  if (['offender_manager', 'supervisor', 'unit_head', 'investigator'].includes(role)) {
    items.push(['Search subjects', '/subjects/search'])
  }
  if (['offender_manager', 'supervisor', 'unit_head'].includes(role))
    items.push(['Register a subject', '/subjects/new'])
  if (['offender_manager', 'supervisor', 'unit_head', 'investigator'].includes(role))
    items.push(['Possible duplicates', '/identity/review'])
  if (['analyst', 'unit_head', 'supervisor'].includes(role)) items.push(['Figures', '/analysis'])
  if (['offender_manager', 'supervisor', 'unit_head', 'analyst'].includes(role))
    items.push(['Governance', '/governance'])
  if (['supervisor', 'unit_head', 'analyst'].includes(role)) items.push(['Workload', '/workload'])
  if (['offender_manager', 'supervisor'].includes(role)) items.push(['Visit planner', '/visits/planner'])
  if (['offender_manager', 'supervisor', 'unit_head', 'investigator'].includes(role))
    items.push(['Online child abuse referrals', '/ocait'])
  if (role === 'partner') items.push(['Shared with you', '/shared'])
  if (role === 'admin') items.push(['Accounts', '/admin/users'])
  if (role === 'auditor') items.push(['Audit log', '/audit'])
  items.push(['Your sessions', '/account/sessions'])
  return items.map(([text, href]) => ({ text, href, active: href === '/' ? path === '/' : path.startsWith(href) }))
}

/** Renders a page with the locals every page needs: the user, navigation, CSRF token and CSP nonce. */
export function createRenderer(env: nunjucks.Environment, config: Config) {
  return function render(
    request: FastifyRequest,
    reply: FastifyReply,
    template: string,
    data: Record<string, unknown> = {},
    status = 200,
  ): FastifyReply {
    const html = env.render(template, {
      serviceName: 'Vigil',
      forceName: config.forceName,
      user: request.session?.mfaVerified ? request.session.user : null,
      csrfToken: request.session?.csrfToken ?? (reply as unknown as { signInCsrf?: string }).signInCsrf ?? '',
      // helmet sets the nonce in its onRequest hook: a page rendered for an error raised before that has none.
      cspNonce: (reply.cspNonce as FastifyReply['cspNonce'] | undefined)?.script ?? '',
      navigation: navigation(request),
      alertCounts: request.alertCounts ?? null,
      currentPath: request.url,
      ...data,
    })
    // Pages carry personal data: never cache them anywhere (ASVS 14.3.2).
    return reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html)
  }
}

export type Render = ReturnType<typeof createRenderer>
