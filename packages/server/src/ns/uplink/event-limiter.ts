/**
 * Lets one event per (kind, entity) through per interval. Unregistered gateways and other
 * networks' devices send all the time; one event a minute tells the operator as much.
 *
 * The table is bounded: a flood of made-up EUIs or DevAddrs would otherwise grow it by one
 * entry per datagram for a whole interval. When it is full, events for entities it does not
 * hold are dropped until entries age out; that also bounds the events written per interval.
 */
import type { Clock } from '../../shared/index.js';

/** Distinct (kind, entity) pairs remembered per interval. */
export const defaultEventLimiterKeys = 10_000;

export class EventLimiter {
  readonly #clock: Clock;
  readonly #intervalMs: number;
  readonly #maxKeys: number;
  /** key -> monotonic ms of the last event let through; insertion order = age order. */
  readonly #last = new Map<string, number>();

  constructor(clock: Clock, intervalMs: number, maxKeys = defaultEventLimiterKeys) {
    this.#clock = clock;
    this.#intervalMs = intervalMs;
    this.#maxKeys = maxKeys;
  }

  /** Entities currently remembered (for tests and metrics). */
  get size(): number {
    return this.#last.size;
  }

  /** True when an event for this key may be reported now (and records that it was). */
  allow(kind: string, entity: string): boolean {
    const nowMs = this.#clock.monotonicMs();
    this.#prune(nowMs);
    const key = `${kind}:${entity}`;
    const lastMs = this.#last.get(key);
    if (lastMs !== undefined) {
      if (nowMs - lastMs < this.#intervalMs) return false;
      this.#last.delete(key);
    } else if (this.#last.size >= this.#maxKeys) {
      return false;
    }
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
