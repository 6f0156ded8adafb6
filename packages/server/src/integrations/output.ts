/**
 * What the manager drives: one running output (HTTP or MQTT) per enabled integration record.
 * `deliver` never throws and never blocks the bus; each output buffers a bounded number of
 * events and counts what it could not deliver.
 */
import type { IntegrationEventJson } from '../shared/contract.js';

/** Delivery counters of one output; `sent`, `failed` and `dropped` only grow. */
export interface IntegrationStats {
  /** Events the receiving side accepted (HTTP 2xx, MQTT PUBACK). */
  sent: number;
  /** Events given up on after the retries (HTTP) or refused by the broker (MQTT). */
  failed: number;
  /** Events thrown away unsent because the buffer was full or the output closed. */
  dropped: number;
  /** Events waiting in the buffer or in flight now. */
  queued: number;
}

/** One running integration: takes events, delivers them in the background. */
export interface IntegrationOutput {
  /** Hands one event over; returns at once and never throws. */
  deliver(event: IntegrationEventJson): void;
  stats(): IntegrationStats;
  /** Stops delivering; what is still buffered is dropped (and counted). Idempotent. */
  close(): Promise<void>;
}

/** A FIFO that keeps at most `capacity` items by dropping the oldest. */
export class BoundedQueue<T> {
  readonly #items: T[] = [];
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = Math.max(1, capacity);
  }

  /** Appends `item`; returns how many old items were dropped to make room (0 or 1). */
  push(item: T): number {
    let dropped = 0;
    while (this.#items.length >= this.#capacity) {
      this.#items.shift();
      dropped += 1;
    }
    this.#items.push(item);
    return dropped;
  }

  shift(): T | undefined {
    return this.#items.shift();
  }

  /** Empties the queue; returns how many items it held. */
  clear(): number {
    const n = this.#items.length;
    this.#items.length = 0;
    return n;
  }

  get length(): number {
    return this.#items.length;
  }
}

/**
 * The part HTTP and MQTT outputs share: a bounded buffer, the counters and the rule that a
 * closed output drops (and counts) what it is given. Subclasses send from `pump`.
 */
export abstract class QueuedOutput implements IntegrationOutput {
  protected readonly queue: BoundedQueue<IntegrationEventJson>;
  protected readonly counters: IntegrationStats = { sent: 0, failed: 0, dropped: 0, queued: 0 };
  protected inFlight = 0;
  protected closed = false;

  constructor(maxQueue: number) {
    this.queue = new BoundedQueue(maxQueue);
  }

  deliver(event: IntegrationEventJson): void {
    if (this.closed) {
      this.counters.dropped += 1;
      return;
    }
    this.counters.dropped += this.queue.push(event);
    this.pump();
  }

  stats(): IntegrationStats {
    return { ...this.counters, queued: this.queue.length + this.inFlight };
  }

  /** Sends what the buffer holds, as far as the output's limits allow. */
  protected abstract pump(): void;

  abstract close(): Promise<void>;
}
