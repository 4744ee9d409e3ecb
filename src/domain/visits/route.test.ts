import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { Temporal } from 'temporal-polyfill'
import { ValidationError } from '../errors.ts'
import { haversineKm, planVisitRoute } from './route.ts'
import type { RouteStop } from './route.ts'
import { planVisitRun } from './planner.ts'

// Bootle Street police station, central Manchester (approximate).
const station = { lat: 53.4787, lon: -2.2453 }

test('haversine gives about 262 km from Manchester to London and 0 for the same point', () => {
  const km = haversineKm(station, { lat: 51.5074, lon: -0.1278 })
  assert.ok(km > 255 && km < 265, `${km}`)
  assert.equal(haversineKm(station, station), 0)
})

test('stops along a line are visited outward in order', () => {
  const stops = [3, 1, 4, 2].map(k => ({ id: `s${k}`, lat: station.lat + k * 0.01, lon: station.lon }))
  const plan = planVisitRoute(station, stops)
  assert.deepEqual(plan.order, ['s1', 's2', 's3', 's4'])
  assert.equal(plan.legs.length, 5)
  assert.equal(plan.legs.at(-1)?.toId, 'start')
})

test('2-opt removes a crossing that nearest neighbour leaves', () => {
  // Nearest neighbour from the origin walks a zig-zag across the square; 2-opt uncrosses it.
  const start = { lat: 53.4, lon: -2.3 }
  const stops: RouteStop[] = [
    { id: 'a', lat: 53.4, lon: -2.29 },
    { id: 'b', lat: 53.41, lon: -2.3 },
    { id: 'c', lat: 53.4, lon: -2.27 },
    { id: 'd', lat: 53.42, lon: -2.27 },
    { id: 'e', lat: 53.42, lon: -2.3 },
  ]
  const plan = planVisitRoute(start, stops)
  assert.ok(plan.totalKm <= plan.nearestNeighbourKm + 1e-9)
})

test('an open route that does not return to the station has one leg per stop', () => {
  const stops = [{ id: 'x', lat: 53.5, lon: -2.2 }]
  const plan = planVisitRoute(station, stops, { returnToStart: false })
  assert.equal(plan.legs.length, 1)
  assert.equal(plan.totalKm, haversineKm(station, stops[0] as RouteStop))
})

test('no stops gives an empty route', () => {
  assert.deepEqual(planVisitRoute(station, []), {
    order: [],
    legs: [],
    totalKm: 0,
    nearestNeighbourKm: 0,
    returnToStart: true,
  })
})

test('bad coordinates, duplicate stops and too many stops are validation errors', () => {
  assert.throws(() => planVisitRoute(station, [{ id: 'x', lat: 95, lon: 0 }]), ValidationError)
  assert.throws(() => planVisitRoute(station, [{ id: 'x', lat: Number.NaN, lon: 0 }]), ValidationError)
  const dup = { id: 'x', lat: 53.5, lon: -2.2 }
  assert.throws(() => planVisitRoute(station, [dup, dup]), ValidationError)
  assert.throws(() => planVisitRoute(station, [dup], { maxStops: 0 }), ValidationError)
})

const stopsArb = fc.uniqueArray(
  fc.record({
    id: fc.string({ minLength: 1, maxLength: 6 }),
    lat: fc.double({ min: 53.3, max: 53.7, noNaN: true }),
    lon: fc.double({ min: -2.7, max: -1.9, noNaN: true }),
  }),
  { selector: s => s.id, maxLength: 40 },
)

test('property: the route visits every stop exactly once and 2-opt is never longer than nearest neighbour', () => {
  fc.assert(
    fc.property(stopsArb, fc.boolean(), (stops, returnToStart) => {
      const plan = planVisitRoute(station, stops, { returnToStart })
      assert.deepEqual([...plan.order].sort(), stops.map(s => s.id).sort())
      assert.ok(plan.totalKm <= plan.nearestNeighbourKm + 1e-9, `${plan.totalKm} > ${plan.nearestNeighbourKm}`)
    }),
    { numRuns: 200 },
  )
})

test('property: the same input always gives the same route', () => {
  fc.assert(
    fc.property(stopsArb, stops => {
      assert.deepEqual(planVisitRoute(station, stops).order, planVisitRoute(station, stops).order)
    }),
    { numRuns: 50 },
  )
})

test('300 stops are planned well within a second', () => {
  const rng = fc.sample(
    fc.tuple(fc.double({ min: 53.3, max: 53.7, noNaN: true }), fc.double({ min: -2.7, max: -1.9, noNaN: true })),
    {
      numRuns: 300,
      seed: 42,
    },
  )
  const stops = rng.map(([lat, lon], i) => ({ id: `s${i}`, lat, lon }))
  const started = process.hrtime.bigint()
  const plan = planVisitRoute(station, stops)
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  assert.equal(plan.order.length, 300)
  assert.ok(plan.totalKm < plan.nearestNeighbourKm)
  assert.ok(ms < 1000, `${ms} ms`)
})

test('a run includes visits due within the window and overdue ones, but not later or reactive ones', () => {
  const d = (iso: string) => Temporal.PlainDate.from(iso)
  const run = planVisitRun(
    station,
    [
      { subjectId: 'overdue', dueOn: d('2026-03-01'), lat: 53.49, lon: -2.24 },
      { subjectId: 'soon', dueOn: d('2026-03-20'), lat: 53.48, lon: -2.24 },
      { subjectId: 'later', dueOn: d('2026-05-01'), lat: 53.47, lon: -2.24 },
      { subjectId: 'reactive', dueOn: null, lat: 53.46, lon: -2.24 },
    ],
    d('2026-03-10'),
    14,
  )
  assert.deepEqual(run.stops.map(s => s.subjectId).sort(), ['overdue', 'soon'])
  assert.deepEqual(
    run.route.order,
    run.stops.map(s => s.subjectId),
  )
})
