/**
 * Replication positions and acknowledgements: how far each peer's log was applied here (sent
 * in `sub` on a new link), how far each peer acknowledged this node's log (what `waitForAcks`
 * and oplog trimming read), and their persistence.
 */
import type { Clock } from '../clock.js';
import type { LogPosition } from '../replication/messages.js';
import type { AckResult } from './api.js';

interface AckWaiter {
  readonly seq: number;
  readonly pending: Set<string>;
  readonly acked: string[];
  readonly missing: string[];
  readonly finish: () => void;
}

/** Positions that changed since the last flush, to be saved. */
export type PositionMaps = [positions: Map<string, LogPosition>, acks: Map<string, LogPosition>];

export class ReplicationPositions {
  private positions = new Map<string, LogPosition>();
  private acks = new Map<string, LogPosition>();
  private readonly dirtyPositions = new Set<string>();
  private readonly dirtyAcks = new Set<string>();
  private readonly ackWaiters = new Set<AckWaiter>();
  private flushing: Promise<void> = Promise.resolve();
  private readonly clock: Clock;
  /** Id of this node's current log: acks in another log count as 0. */
  private readonly logId: () => string;

  constructor(clock: Clock, logId: () => string) {
    this.clock = clock;
    this.logId = logId;
  }

  /** Takes what was persisted (at start), or nothing (the database was replaced). */
  reset(loaded?: { positions: Map<string, LogPosition>; acks: Map<string, LogPosition> }): void {
    this.positions = loaded?.positions ?? new Map<string, LogPosition>();
    this.acks = loaded?.acks ?? new Map<string, LogPosition>();
    this.dirtyPositions.clear();
    this.dirtyAcks.clear();
  }

  /** How far `peer`'s log was applied here. */
  position(peer: string): LogPosition | undefined {
    return this.positions.get(peer);
  }

  /** A copy of every peer's position (the vector a join snapshot carries). */
  allPositions(): Map<string, LogPosition> {
    return new Map(this.positions);
  }

  setPosition(peer: string, position: LogPosition): void {
    this.positions.set(peer, position);
    this.dirtyPositions.add(peer);
  }

  /** How far `peer` acknowledged this node's current log. */
  ackedSeq(peer: string): number {
    const pos = this.acks.get(peer);
    return pos !== undefined && pos.logId === this.logId() ? pos.seq : 0;
  }

  setAcked(peer: string, seq: number): void {
    const logId = this.logId();
    const known = this.acks.get(peer);
    if (known !== undefined && known.logId === logId && known.seq >= seq) return;
    this.acks.set(peer, { logId, seq });
    this.dirtyAcks.add(peer);
    for (const waiter of [...this.ackWaiters]) {
      if (waiter.pending.has(peer) && seq >= waiter.seq) {
        waiter.pending.delete(peer);
        waiter.acked.push(peer);
        if (waiter.pending.size === 0) waiter.finish();
      }
    }
  }

  /**
   * Waits until every linked peer of `peers` acknowledged `seq`, or `timeoutMs`. Peers
   * without a link are reported `down` at once; a link that drops meanwhile, `missing`.
   */
  waitForAcks(
    seq: number,
    timeoutMs: number,
    peers: readonly { readonly nodeId: string; readonly linked: boolean }[],
  ): Promise<AckResult> {
    const acked: string[] = [];
    const pending = new Set<string>();
    const down: string[] = [];
    for (const { nodeId, linked } of peers) {
      if (!linked) down.push(nodeId);
      else if (this.ackedSeq(nodeId) >= seq) acked.push(nodeId);
      else pending.add(nodeId);
    }
    down.sort();
    if (pending.size === 0) return Promise.resolve({ acked: acked.sort(), missing: [], down });
    return new Promise((resolve) => {
      const missing: string[] = [];
      const waiter: AckWaiter = {
        seq,
        pending,
        acked,
        missing,
        finish: () => {
          this.ackWaiters.delete(waiter);
          this.clock.clearTimeout(timer);
          resolve({ acked: acked.sort(), missing: [...missing, ...pending].sort(), down });
        },
      };
      const timer = this.clock.setTimeout(() => waiter.finish(), timeoutMs);
      this.ackWaiters.add(waiter);
    });
  }

  /** `peer`'s link dropped: waits for it end with it missing. */
  linkLost(peer: string): void {
    for (const waiter of [...this.ackWaiters]) {
      if (waiter.pending.delete(peer)) {
        waiter.missing.push(peer);
        if (waiter.pending.size === 0) waiter.finish();
      }
    }
  }

  /** Ends every wait now (the cluster closes). */
  finishWaits(): void {
    for (const waiter of [...this.ackWaiters]) waiter.finish();
  }

  /**
   * Saves what changed with `save`, after any flush still running; skipped when `skip()` says
   * so at its turn. The returned promise fails with `save`'s error: the caller reports it.
   */
  flush(skip: () => boolean, save: (...changed: PositionMaps) => Promise<void>): Promise<void> {
    const next = this.flushing.then(async () => {
      if (this.dirtyPositions.size === 0 && this.dirtyAcks.size === 0) return;
      if (skip()) return;
      const positions = new Map<string, LogPosition>();
      for (const peer of this.dirtyPositions) {
        const pos = this.positions.get(peer);
        if (pos !== undefined) positions.set(peer, pos);
      }
      const acks = new Map<string, LogPosition>();
      for (const peer of this.dirtyAcks) {
        const pos = this.acks.get(peer);
        if (pos !== undefined) acks.set(peer, pos);
      }
      this.dirtyPositions.clear();
      this.dirtyAcks.clear();
      await save(positions, acks);
    });
    // Whoever asked for this flush reports its failure; the chain only keeps flushes in order.
    this.flushing = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  /** Resolves when no flush is running. */
  idle(): Promise<void> {
    return this.flushing;
  }
}
