// Live-time alerts (progressive enhancement): without JavaScript the header badge and the inbox still work.
// The page tells us the newest alert it already counted (data-alert-cursor), so nothing raised between rendering
// the page and opening the stream is missed; EventSource sends Last-Event-ID itself when it reconnects.
const badge = document.querySelector('[data-alert-cursor]')

function liveRegion() {
  let region = document.getElementById('vigil-live-alerts')
  if (!region) {
    region = document.createElement('div')
    region.id = 'vigil-live-alerts'
    region.className = 'vigil-live-alerts'
    region.setAttribute('aria-live', 'polite')
    region.setAttribute('data-qa', 'live-alerts')
    const main = document.querySelector('main') ?? document.body
    main.prepend(region)
  }
  return region
}

function show(alert) {
  const banner = document.createElement('div')
  banner.className = 'govuk-notification-banner' + (alert.priority === 'high' ? ' vigil-notification-banner--high' : '')
  banner.setAttribute('role', 'region')
  banner.setAttribute('aria-labelledby', `live-alert-${alert.seq}-title`)
  banner.setAttribute('data-qa', 'live-alert')
  const header = document.createElement('div')
  header.className = 'govuk-notification-banner__header'
  const title = document.createElement('h2')
  title.className = 'govuk-notification-banner__title'
  title.id = `live-alert-${alert.seq}-title`
  title.textContent = alert.priority === 'high' ? 'New high-priority alert' : 'New alert'
  header.append(title)
  const content = document.createElement('div')
  content.className = 'govuk-notification-banner__content'
  const heading = document.createElement('p')
  heading.className = 'govuk-notification-banner__heading'
  const link = document.createElement('a')
  link.className = 'govuk-notification-banner__link'
  link.href = alert.href
  link.textContent = alert.title
  heading.append(link)
  const detail = document.createElement('p')
  detail.className = 'govuk-body'
  detail.textContent = alert.detail
  content.append(heading, detail)
  banner.append(header, content)
  liveRegion().prepend(banner)
}

function bump() {
  const count = badge.querySelector('[data-alert-count]')
  if (count) count.textContent = String(Number(count.textContent || '0') + 1)
}

if (badge && 'EventSource' in window) {
  const after = badge.getAttribute('data-alert-cursor') || '0'
  const source = new EventSource(`/alerts/stream?after=${encodeURIComponent(after)}`)
  const seen = new Set()
  source.addEventListener('alert', event => {
    const alert = JSON.parse(event.data)
    if (seen.has(alert.seq)) return
    seen.add(alert.seq)
    show(alert)
    if (!alert.acknowledgedAt) bump()
    document.dispatchEvent(new CustomEvent('vigil:alert', { detail: alert }))
  })
}
