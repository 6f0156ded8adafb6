/** The cluster's events, and waits for a condition on them instead of polling. */
import type { Clock } from '../clock.js';
import { SyncError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ClusterEvents } from './api.js';

/** Listeners by event name; a listener that throws is logged and the others still run. */
export class ClusterEventHub {
  private readonly listeners = new Map<string, Set<(e: never) => void>>();
  private readonly log: Logger;

  constructor(log: Logger) {
    this.log = log;
  }

  on<K extends keyof ClusterEvents>(event: K, listener: (e: ClusterEvents[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(event, set);
    }
    const entry = listener as (e: never) => void;
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  emit<K extends keyof ClusterEvents>(event: K, payload: ClusterEvents[K]): void {
    const set = this.listeners.get(event);
    if (set === undefined) return;
    for (const listener of [...set]) {
      try {
        (listener as (e: ClusterEvents[K]) => void)(payload);
      } catch (err) {
        this.log.error({ err, event }, 'cluster event listener failed');
      }
    }
  }
}

/**
 * Pending waits for conditions on the cluster's state. The owner calls {@link recheck} after
 * every change a condition may depend on (states, members, links), so nothing polls.
 */
export class ConditionWaits {
  private readonly checks = new Set<() => void>();
  private readonly clock: Clock;
  /** The error every wait ends with once the cluster is closed; undefined while open. */
  private readonly closedError: () => SyncError | undefined;

  constructor(clock: Clock, closedError: () => SyncError | undefined) {
    this.clock = clock;
    this.closedError = closedError;
  }

  /** Resolves once `condition` holds; rejects with SYNC_TIMEOUT (`message`) or the close error. */
  waitFor(condition: () => boolean, timeoutMs: number, message: string): Promise<void> {
    if (condition()) return Promise.resolve();
    const closed = this.closedError();
    if (closed !== undefined) return Promise.reject(closed);
    return new Promise((resolve, reject) => {
      const finish = (err?: SyncError): void => {
        this.checks.delete(check);
        this.clock.clearTimeout(timer);
        if (err === undefined) resolve();
        else reject(err);
      };
      const check = (): void => {
        const closedNow = this.closedError();
        if (closedNow !== undefined) finish(closedNow);
        else if (condition()) finish();
      };
      const timer = this.clock.setTimeout(
        () => finish(new SyncError('SYNC_TIMEOUT', message, { timeoutMs })),
        timeoutMs,
      );
      this.checks.add(check);
    });
  }

  recheck(): void {
    for (const check of [...this.checks]) check();
  }
}
