/** Bounded polling for whole-system tests: nodes start, replicate and answer asynchronously. */

/** Polls `probe` until `ok` holds, at most `timeoutMs`; a probe that throws is tried again. */
export async function until<T>(
  what: string,
  probe: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value: T | undefined;
  for (;;) {
    try {
      value = await probe();
      if (ok(value)) return value;
    } catch {
      // A node may be starting or restarting; try again until the deadline.
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: not reached in ${timeoutMs} ms (last ${JSON.stringify(value)})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
