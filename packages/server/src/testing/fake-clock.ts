/**
 * A Clock for tests: time moves only when the test says so, and due timers run in order.
 */
import type { Clock, TimerHandle } from '../shared/clock.js';

interface Timer {
  readonly id: number;
  readonly dueMs: number;
  readonly fn: () => void;
}

export class FakeClock implements Clock {
  #nowMs: number;
  #monoMs = 0;
  #nextId = 1;
  #timers: Timer[] = [];

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.#nowMs = startMs;
  }

  now(): number {
    return this.#nowMs;
  }

  monotonicMs(): number {
    return this.#monoMs;
  }

  setTimeout(fn: () => void, delayMs: number): TimerHandle {
    const timer = { id: this.#nextId++, dueMs: this.#monoMs + Math.max(0, delayMs), fn };
    this.#timers.push(timer);
    return timer as unknown as TimerHandle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers = this.#timers.filter((t) => t !== (handle as unknown as Timer));
  }

  /** Moves time forward, running every timer that falls due, in due order. */
  advance(ms: number): void {
    const targetMs = this.#monoMs + ms;
    for (;;) {
      const next = this.#timers
        .filter((t) => t.dueMs <= targetMs)
        .sort((a, b) => a.dueMs - b.dueMs || a.id - b.id)[0];
      if (!next) break;
      this.#timers = this.#timers.filter((t) => t !== next);
      this.#nowMs += next.dueMs - this.#monoMs;
      this.#monoMs = next.dueMs;
      next.fn();
    }
    this.#nowMs += targetMs - this.#monoMs;
    this.#monoMs = targetMs;
  }

  get pendingTimers(): number {
    return this.#timers.length;
  }
}
