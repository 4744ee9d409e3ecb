import { Temporal } from 'temporal-polyfill'
import { planVisitRoute } from './route.ts'
import type { GeoPoint, RoutePlan, RoutePlanOptions } from './route.ts'

export interface PlannerCandidate extends GeoPoint {
  subjectId: string
  /** null for subjects under reactive management: they have no scheduled visit. */
  dueOn: Temporal.PlainDate | null
}

export interface VisitRun {
  /** Due within the window, overdue ones included (they are the most urgent), in route order. */
  stops: PlannerCandidate[]
  route: RoutePlan
}

/** An officer's run: every visit due in the next `withinDays` days (or already overdue), ordered into a route. */
export function planVisitRun(
  station: GeoPoint,
  candidates: readonly PlannerCandidate[],
  today: Temporal.PlainDate,
  withinDays: number,
  options?: RoutePlanOptions,
): VisitRun {
  const last = today.add({ days: withinDays })
  const due = candidates.filter(c => c.dueOn !== null && Temporal.PlainDate.compare(c.dueOn, last) <= 0)
  const route = planVisitRoute(
    station,
    due.map(c => ({ id: c.subjectId, lat: c.lat, lon: c.lon })),
    options,
  )
  const bySubject = new Map(due.map(c => [c.subjectId, c]))
  return { stops: route.order.map(id => bySubject.get(id)).filter(c => c !== undefined), route }
}
