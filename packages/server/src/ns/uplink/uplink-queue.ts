/**
 * Admission of deduplicated uplinks to their pipelines, so that overload degrades honestly
 * instead of making every answer late. At most `maxInFlight` pipelines run at once; the rest
 * wait in FIFO order, at most `maxQueued` of them (a full queue drops the newcomer:
 * `queue_full`). An uplink that could not start within `timeoutMs` of its first copy's
 * arrival is dropped when its turn comes (`queue_timeout`): its answer would miss RX1, and
 * working off a stale backlog would make fresh uplinks late too. Memory is bounded by the
 * two limits; time is read from the injected clock.
 */
import type { Clock } from '../../shared/index.js';
import type { CollectedUplink } from './dedup.js';

export type ShedReason = 'queue_full' | 'queue_timeout';

export interface UplinkQueueLimits {
  /** Pipelines running at once: enough for the store's group commit to batch many writes. */
  readonly maxInFlight: number;
  /** Uplinks waiting for a pipeline. */
  readonly maxQueued: number;
  /** Longest time from the first copy's arrival to the start of its pipeline (ms). */
  readonly timeoutMs: number;
}

export const defaultUplinkQueueLimits: UplinkQueueLimits = {
  maxInFlight: 1000,
  maxQueued: 20_000,
  // RX1 opens 1 s after the uplink: past that, a class A answer can only make RX2.
  timeoutMs: 1000,
};

export interface UplinkQueueOptions extends UplinkQueueLimits {
  readonly clock: Clock;
  /** Runs one uplink's pipeline; must not reject. */
  readonly run: (uplink: CollectedUplink) => Promise<void>;
  /** Counts and reports an uplink dropped here. */
  readonly shed: (uplink: CollectedUplink, reason: ShedReason) => void;
}

export class UplinkQueue {
  readonly #opts: UplinkQueueOptions;
  readonly #waiting: CollectedUplink[] = [];
  /** Index of the oldest waiting uplink (the array is compacted now and then, not shifted). */
  #head = 0;
  #inFlight = 0;
  #shed = 0;
  readonly #idleWaiters: (() => void)[] = [];

  constructor(opts: UplinkQueueOptions) {
    this.#opts = opts;
  }

  /** Pipelines running now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Uplinks waiting for a pipeline. */
  get queued(): number {
    return this.#waiting.length - this.#head;
  }

  /** Uplinks dropped here since start (both reasons). */
  get shedTotal(): number {
    return this.#shed;
  }

  push(uplink: CollectedUplink): void {
    if (this.#inFlight < this.#opts.maxInFlight && this.queued === 0) {
      this.#start(uplink);
      return;
    }
    if (this.queued >= this.#opts.maxQueued) {
      this.#drop(uplink, 'queue_full');
      return;
    }
    this.#waiting.push(uplink);
  }

  /** Resolves once nothing runs and nothing waits. */
  idle(): Promise<void> {
    if (this.#inFlight === 0 && this.queued === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #start(uplink: CollectedUplink): void {
    this.#inFlight += 1;
    void this.#opts.run(uplink).finally(() => {
      this.#inFlight -= 1;
      this.#next();
    });
  }

  /** Starts waiting uplinks while there is room, dropping those that waited too long. */
  #next(): void {
    while (this.#inFlight < this.#opts.maxInFlight && this.queued > 0) {
      const uplink = this.#waiting[this.#head]!;
      this.#head += 1;
      const waitedMs = this.#opts.clock.monotonicMs() - uplink.firstMonoMs;
      if (waitedMs > this.#opts.timeoutMs) this.#drop(uplink, 'queue_timeout');
      else this.#start(uplink);
    }
    if (this.#head > 1024 && this.#head * 2 > this.#waiting.length) {
      this.#waiting.splice(0, this.#head);
      this.#head = 0;
    }
    if (this.#inFlight === 0 && this.queued === 0) {
      for (const wake of this.#idleWaiters.splice(0)) wake();
    }
  }

  #drop(uplink: CollectedUplink, reason: ShedReason): void {
    this.#shed += 1;
    this.#opts.shed(uplink, reason);
  }
}
