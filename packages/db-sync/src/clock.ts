/** A pending timer of a {@link ClusterClock}. */
export interface TimerHandle {
  /** Lets the process exit while the timer is pending (node's `unref`). */
  unref?(): void;
}

/**
 * Time and timers for the cluster code: heartbeats, liveness, reconnect backoff, periodic
 * repair. Injected so that no logic reads the system clock directly; tests may pass the real
 * one ({@link systemClusterClock}) on loopback or a fake one.
 */
export interface ClusterClock {
  /** Wall-clock milliseconds since the Unix epoch. */
  now(): number;
  setTimeout(fn: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  /** A number in [0, 1) for reconnect jitter. */
  random(): number;
}

/** The real clock, for composition roots and loopback tests. Timers never hold the process. */
export const systemClusterClock: ClusterClock = {
  now: () => Date.now(),
  setTimeout: (fn, delayMs) => {
    const timer = setTimeout(fn, delayMs);
    timer.unref();
    return timer;
  },
  clearTimeout: (handle) => {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
  random: () => Math.random(),
};

/** Resolves after `delayMs` on `clock`, or at once when `signal` aborts (never rejects). */
export function sleep(clock: ClusterClock, delayMs: number, signal?: AbortSignal): Promise<void> {
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
