import type { Clock as BaseClock } from '@lns/db-sync';

export type { TimerHandle } from '@lns/db-sync';

/**
 * Time as udp, ns and db-sync see it: injected, so RX windows and expiry can be tested with
 * a fake clock instead of wall-clock waits. db-sync's {@link BaseClock} (wall time and timers,
 * the one clock interface of lns) plus a monotonic time for durations.
 */
export interface Clock extends BaseClock {
  /** Monotonic milliseconds, for durations and deadlines. */
  monotonicMs(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonicMs: () => performance.now(),
  setTimeout: (fn, delayMs) => setTimeout(fn, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
