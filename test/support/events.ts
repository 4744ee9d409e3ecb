/**
 * Tests wait for events, never for a fixed time. A timeout is only an upper bound on an awaited
 * event, and fails the test with a message saying what did not happen.
 */

/** Rejects with `message` unless `promise` settles within `ms`: an upper bound on an awaited event. */
export async function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(message))
    }, ms)
  })
  try {
    return await Promise.race([promise, limit])
  } finally {
    clearTimeout(timer)
  }
}
