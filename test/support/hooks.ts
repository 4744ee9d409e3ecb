/**
 * A variable assigned in before() is still unset in after() when before() failed: `await ifSet(t)?.close()`
 * closes what was opened without hiding the original failure behind a TypeError.
 */
export function ifSet<T>(value: T): T | undefined {
  return value
}
