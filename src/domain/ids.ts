/**
 * Record ids are UUIDs. Checking the shape before a query means a malformed id is simply "not found" (404), never
 * a database cast error (500), and the check is the same in every layer.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value)
}
