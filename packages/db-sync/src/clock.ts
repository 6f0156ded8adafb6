/** A pending timer of a {@link Clock}. */
export interface TimerHandle {
  /** Lets the process exit while the timer is pending (node's `unref`). */
  unref?(): void;
}

/**
 * Time and timers, injected so that no logic reads the system clock directly: the HLC's wall
 * time, heartbeats, liveness, reconnect backoff, periodic repair. Tests pass the real one
 * ({@link systemClock}) on loopback or a fake one. The server's Clock extends this one.
 */
export interface Clock {
  /** Wall-clock milliseconds since the Unix epoch. */
  now(): number;
  setTimeout(fn: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The real clock, for composition roots and loopback tests. Timers never hold the process. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, delayMs) => {
    const timer = setTimeout(fn, delayMs);
    timer.unref();
    return timer;
  },
  clearTimeout: (handle) => {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

/** Resolves after `delayMs` on `clock`, or at once when `signal` aborts (never rejects). */
export function sleep(clock: Clock, delayMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) {
      resolve();
      return;
    }
    const onAbort = (): void => {
      clock.clearTimeout(handle);
      resolve();
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, delayMs);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
