import type { Clock } from '../clock.js';

/** A wall clock the test moves by hand. */
export interface ManualClock {
  readonly now: Clock['now'];
  set(ms: number): void;
  advance(ms: number): void;
}

export function manualClock(startMs = 1_700_000_000_000): ManualClock {
  let ms = startMs;
  return {
    now: () => ms,
    set: (next) => (ms = next),
    advance: (delta) => (ms += delta),
  };
}
