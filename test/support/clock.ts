import { Temporal } from 'temporal-polyfill'
import type { Clock } from '../../src/domain/clock.ts'

/** A clock a test sets and moves by hand. Lives in test/ so production code can never use it. */
export class TestClock implements Clock {
  private current: Temporal.Instant
  constructor(iso = '2026-11-23T10:00:00Z') {
    this.current = Temporal.Instant.from(iso)
  }
  now(): Temporal.Instant {
    return this.current
  }
  set(iso: string): void {
    this.current = Temporal.Instant.from(iso)
  }
  advance(duration: Temporal.DurationLike): void {
    this.current = this.current.add(duration)
  }
}
