/**
 * Lets one event per (kind, entity) through per interval. Unregistered gateways and other
 * networks' devices send all the time; one event a minute tells the operator as much.
 */
import type { Clock } from '../../shared/index.js';

export class EventLimiter {
  readonly #clock: Clock;
  readonly #intervalMs: number;
  /** key -> monotonic ms of the last event let through; insertion order = age order. */
  readonly #last = new Map<string, number>();

  constructor(clock: Clock, intervalMs: number) {
    this.#clock = clock;
    this.#intervalMs = intervalMs;
  }

  /** True when an event for this key may be reported now (and records that it was). */
  allow(kind: string, entity: string): boolean {
    const nowMs = this.#clock.monotonicMs();
    this.#prune(nowMs);
    const key = `${kind}:${entity}`;
    const lastMs = this.#last.get(key);
    if (lastMs !== undefined && nowMs - lastMs < this.#intervalMs) return false;
    this.#last.delete(key);
    this.#last.set(key, nowMs);
    return true;
  }

  #prune(nowMs: number): void {
    for (const [key, atMs] of this.#last) {
      if (nowMs - atMs < this.#intervalMs) break;
      this.#last.delete(key);
    }
  }
}
