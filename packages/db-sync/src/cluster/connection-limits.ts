/**
 * The cluster port's admission: how many connections it holds, how many of them may still be
 * in their handshake (unauthenticated), in total and per source address. A connection over a
 * limit gets a `refused {reason: busy}` frame and is closed before anything is read from it;
 * refusals are counted and logged at most once per interval with the count since the last line.
 */
import type { Socket } from 'node:net';
import type { Clock, TimerHandle } from '../clock.js';
import type { Logger } from '../logger.js';
import { refuseConnection } from '../transport/index.js';

/** Limits of the cluster port. Every default says why it holds. */
export interface ConnectionLimits {
  /**
   * Connections open at once, authenticated or not. A member holds one peer link to each other
   * member plus the odd join or control link: 512 is room for a cluster of hundreds of nodes.
   */
  readonly maxConnections: number;
  /**
   * Connections still in their handshake at once. A handshake takes a round trip or two and
   * members dial each peer one at a time, so even a whole cluster restarting together stays far
   * below 64; strangers cannot hold more than this many sockets, each for at most the
   * handshake deadline and a few KiB.
   */
  readonly maxHandshaking: number;
  /**
   * Connections in their handshake from one source address at once: several nodes may share a
   * host (all of them on loopback in tests), so 16, not 1.
   */
  readonly maxHandshakingPerAddress: number;
  /** At most one log line per this interval about refused connections (with the count). */
  readonly refusalLogIntervalMs: number;
}

/** The defaults of {@link ConnectionLimits}. */
export const defaultConnectionLimits: ConnectionLimits = {
  maxConnections: 512,
  maxHandshaking: 64,
  maxHandshakingPerAddress: 16,
  refusalLogIntervalMs: 10_000,
};

/** Counters of the cluster port since start (see Cluster.connectionStats). */
export interface ConnectionStats {
  /** Connections open now. */
  readonly open: number;
  /** Of those, still in their handshake. */
  readonly handshaking: number;
  /** Connections admitted to a handshake. */
  readonly accepted: number;
  /** Connections whose handshake ended without a link (bad frame, refusal, timeout, hang-up). */
  readonly handshakeFailed: number;
  /** Refused: `maxConnections` or `maxHandshaking` reached. */
  readonly refusedTotal: number;
  /** Refused: `maxHandshakingPerAddress` reached for the source address. */
  readonly refusedPerAddress: number;
}

type RefusalLimit = 'total' | 'per_address';

/** Admits sockets of the cluster port within {@link ConnectionLimits}. */
export class ConnectionGate {
  private readonly limits: ConnectionLimits;
  private readonly clock: Clock;
  private readonly log: Logger;
  private open = 0;
  private handshaking = 0;
  private readonly handshakingByAddress = new Map<string, number>();
  private readonly counts = {
    accepted: 0,
    handshakeFailed: 0,
    refusedTotal: 0,
    refusedPerAddress: 0,
  };
  private unlogged = 0;
  private lastLogMs = Number.NEGATIVE_INFINITY;
  private summaryTimer: TimerHandle | undefined;

  constructor(limits: Partial<ConnectionLimits> | undefined, clock: Clock, log: Logger) {
    this.limits = { ...defaultConnectionLimits, ...limits };
    this.clock = clock;
    this.log = log;
  }

  /**
   * Admits `socket` to its handshake, or refuses it (false: the caller does nothing more with
   * it). An admitted socket must be passed to {@link authenticated} or {@link failed} once.
   */
  admit(socket: Socket): boolean {
    const address = socket.remoteAddress ?? '?';
    const fromAddress = this.handshakingByAddress.get(address) ?? 0;
    let limit: RefusalLimit | undefined;
    if (this.open >= this.limits.maxConnections || this.handshaking >= this.limits.maxHandshaking) {
      limit = 'total';
    } else if (fromAddress >= this.limits.maxHandshakingPerAddress) {
      limit = 'per_address';
    }
    if (limit !== undefined) {
      this.refuse(socket, address, limit);
      return false;
    }
    this.counts.accepted += 1;
    this.open += 1;
    this.handshaking += 1;
    this.handshakingByAddress.set(address, fromAddress + 1);
    socket.once('close', () => {
      this.open -= 1;
    });
    return true;
  }

  /** The socket's handshake succeeded: it no longer counts against the handshake limits. */
  authenticated(socket: Socket): void {
    this.handshakeOver(socket);
  }

  /** The socket's handshake failed (the handshake closes the socket). */
  failed(socket: Socket): void {
    this.counts.handshakeFailed += 1;
    this.handshakeOver(socket);
  }

  stats(): ConnectionStats {
    return { open: this.open, handshaking: this.handshaking, ...this.counts };
  }

  /** Stops the pending summary line (the cluster closes). */
  close(): void {
    if (this.summaryTimer !== undefined) this.clock.clearTimeout(this.summaryTimer);
    this.summaryTimer = undefined;
  }

  private handshakeOver(socket: Socket): void {
    const address = socket.remoteAddress ?? '?';
    this.handshaking -= 1;
    const left = (this.handshakingByAddress.get(address) ?? 1) - 1;
    if (left > 0) this.handshakingByAddress.set(address, left);
    else this.handshakingByAddress.delete(address);
  }

  private refuse(socket: Socket, address: string, limit: RefusalLimit): void {
    if (limit === 'total') this.counts.refusedTotal += 1;
    else this.counts.refusedPerAddress += 1;
    refuseConnection(socket, 'busy');
    this.unlogged += 1;
    const now = this.clock.now();
    if (now - this.lastLogMs >= this.limits.refusalLogIntervalMs) {
      this.logRefusals(now, { limit, address });
    } else if (this.summaryTimer === undefined) {
      // A flood that stops inside the interval still gets its count logged.
      this.summaryTimer = this.clock.setTimeout(
        () => {
          this.summaryTimer = undefined;
          if (this.unlogged > 0) this.logRefusals(this.clock.now(), {});
        },
        this.lastLogMs + this.limits.refusalLogIntervalMs - now,
      );
      this.summaryTimer.unref?.();
    }
  }

  private logRefusals(now: number, last: { limit?: RefusalLimit; address?: string }): void {
    const { refusedTotal, refusedPerAddress } = this.counts;
    this.log.warn(
      {
        ...last,
        refused: this.unlogged,
        refusedTotal,
        refusedPerAddress,
        open: this.open,
        handshaking: this.handshaking,
        limits: {
          maxConnections: this.limits.maxConnections,
          maxHandshaking: this.limits.maxHandshaking,
          maxHandshakingPerAddress: this.limits.maxHandshakingPerAddress,
        },
      },
      'cluster port refused connections over its limits',
    );
    this.unlogged = 0;
    this.lastLogMs = now;
  }
}
