import { ValidationError } from '../errors.ts'
import type { FieldError } from '../errors.ts'

export interface GeoPoint {
  lat: number
  lon: number
}

export interface RouteStop extends GeoPoint {
  id: string
}

export interface RouteLeg {
  fromId: string
  toId: string
  km: number
}

export interface RoutePlan {
  /** Stop ids in visiting order; the start is not included. */
  order: string[]
  legs: RouteLeg[]
  totalKm: number
  /** The nearest-neighbour tour before 2-opt, for the run sheet and for testing the improvement. */
  nearestNeighbourKm: number
  returnToStart: boolean
}

export interface RoutePlanOptions {
  /** Officers start and finish a visit run at their station, so by default the route is a round trip. */
  returnToStart?: boolean
  /** Bounds the work: 2-opt is O(n²) per pass, so a few hundred stops stays well under a second. */
  maxStops?: number
  maxPasses?: number
}

export const START_ID = 'start'
const EARTH_RADIUS_KM = 6371.0088
const IMPROVEMENT_EPSILON = 1e-9

/** Great-circle distance in km. Straight lines, not roads: good enough to order a day's visits. */
export function haversineKm(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLon = (b.lon - a.lon) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)))
}

/**
 * Orders visits into a route from the team's station: nearest neighbour, then 2-opt until no reversal shortens
 * it (or `maxPasses` is reached). 2-opt only ever applies improving moves, so the result is never longer than
 * the nearest-neighbour route. Ties break on input order, so the same input always gives the same route.
 */
export function planVisitRoute(
  start: GeoPoint,
  stops: readonly RouteStop[],
  options: RoutePlanOptions = {},
): RoutePlan {
  const returnToStart = options.returnToStart ?? true
  const maxStops = options.maxStops ?? 500
  const maxPasses = options.maxPasses ?? 50
  validateRouteInput(start, stops, maxStops)
  const points: GeoPoint[] = [start, ...stops]
  const dist = distanceMatrix(points)
  const route = nearestNeighbour(points.length, dist)
  const nearestNeighbourKm = tourLength(route, dist, returnToStart)
  twoOpt(route, dist, returnToStart, maxPasses)
  const ids = [START_ID, ...stops.map(s => s.id)]
  const path = returnToStart && route.length > 1 ? [...route, 0] : route
  const legs: RouteLeg[] = []
  for (let k = 1; k < path.length; k++) {
    const from = path[k - 1] as number
    const to = path[k] as number
    legs.push({ fromId: ids[from] as string, toId: ids[to] as string, km: at(dist, points.length, from, to) })
  }
  return {
    order: route.slice(1).map(i => ids[i] as string),
    legs,
    totalKm: legs.reduce((sum, l) => sum + l.km, 0),
    nearestNeighbourKm,
    returnToStart,
  }
}

function validateRouteInput(start: GeoPoint, stops: readonly RouteStop[], maxStops: number): void {
  const errors: FieldError[] = []
  if (stops.length > maxStops) errors.push({ field: 'stops', message: `Plan a route of ${maxStops} visits or fewer` })
  const check = (p: GeoPoint, field: string) => {
    if (!Number.isFinite(p.lat) || Math.abs(p.lat) > 90)
      errors.push({ field: `${field}.lat`, message: 'Latitude must be between -90 and 90' })
    if (!Number.isFinite(p.lon) || Math.abs(p.lon) > 180)
      errors.push({ field: `${field}.lon`, message: 'Longitude must be between -180 and 180' })
  }
  check(start, 'start')
  stops.forEach((s, i) => {
    check(s, `stops.${i}`)
  })
  if (new Set(stops.map(s => s.id)).size !== stops.length)
    errors.push({ field: 'stops', message: 'Each visit can only appear once' })
  if (errors.length > 0) throw new ValidationError(errors)
}

function distanceMatrix(points: readonly GeoPoint[]): Float64Array {
  const n = points.length
  const dist = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const km = haversineKm(points[i] as GeoPoint, points[j] as GeoPoint)
      dist[i * n + j] = km
      dist[j * n + i] = km
    }
  }
  return dist
}

function at(dist: Float64Array, n: number, i: number, j: number): number {
  return dist[i * n + j] ?? 0
}

function nearestNeighbour(n: number, dist: Float64Array): number[] {
  const route = [0]
  const visited = new Uint8Array(n)
  visited[0] = 1
  let current = 0
  for (let step = 1; step < n; step++) {
    let best = -1
    let bestKm = Infinity
    for (let j = 1; j < n; j++) {
      if (visited[j]) continue
      const km = at(dist, n, current, j)
      if (km < bestKm) {
        best = j
        bestKm = km
      }
    }
    visited[best] = 1
    route.push(best)
    current = best
  }
  return route
}

function tourLength(route: readonly number[], dist: Float64Array, closed: boolean): number {
  const n = route.length
  let km = 0
  for (let k = 1; k < n; k++) km += at(dist, n, route[k - 1] as number, route[k] as number)
  if (closed && n > 1) km += at(dist, n, route[n - 1] as number, route[0] as number)
  return km
}

/** Reverses route[i..j] whenever that shortens the tour; position 0 (the station) never moves. */
function twoOpt(route: number[], dist: Float64Array, closed: boolean, maxPasses: number): void {
  const n = route.length
  for (let pass = 0; pass < maxPasses; pass++) {
    let improved = false
    for (let i = 1; i < n - 1; i++) {
      for (let j = i + 1; j < n; j++) {
        const a = route[i - 1] as number
        const b = route[i] as number
        const c = route[j] as number
        const next = j + 1 < n ? route[j + 1] : closed ? route[0] : undefined
        let delta = at(dist, n, a, c) - at(dist, n, a, b)
        if (next !== undefined) delta += at(dist, n, b, next) - at(dist, n, c, next)
        if (delta < -IMPROVEMENT_EPSILON) {
          reverse(route, i, j)
          improved = true
        }
      }
    }
    if (!improved) return
  }
}

function reverse(route: number[], i: number, j: number): void {
  for (let lo = i, hi = j; lo < hi; lo++, hi--) {
    const tmp = route[lo] as number
    route[lo] = route[hi] as number
    route[hi] = tmp
  }
}
