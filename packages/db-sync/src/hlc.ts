import type { Clock } from './clock.js';
import { SyncError } from './errors.js';

/**
 * A hybrid logical clock timestamp (Kulkarni et al. 2014): wall milliseconds, a logical counter
 * for events within one millisecond or while the wall clock lags, and the issuing node as the
 * final tie-break, so every timestamp in the cluster is unique and totally ordered.
 */
export interface Hlc {
  readonly wallMs: number;
  readonly logical: number;
  readonly nodeId: string;
}

// Fixed-width lowercase hex keeps the string encoding sortable with a plain string compare.
// 12 digits of wall time last until the year 10889; when 6 digits of counter overflow, the
// clock moves its wall part one millisecond ahead instead, which keeps it monotonic.
const WALL_DIGITS = 12;
const LOGICAL_DIGITS = 6;
const HEAD_DIGITS = WALL_DIGITS + LOGICAL_DIGITS;
const MAX_WALL_MS = 16 ** WALL_DIGITS - 1;
const MAX_LOGICAL = 16 ** LOGICAL_DIGITS - 1;
const HEAD_PATTERN = /^[0-9a-f]{18}/;

/**
 * Node ids are printable ASCII without spaces: then JavaScript string order equals LevelDB byte
 * order, so encoded timestamps and (hlc, origin) pairs sort the same in memory and on disk.
 */
export const NODE_ID_PATTERN = /^[\x21-\x7e]{1,128}$/;

/** Throws SYNC_INVALID_NODE_ID unless `nodeId` matches {@link NODE_ID_PATTERN}. */
export function assertNodeId(nodeId: unknown): asserts nodeId is string {
  if (typeof nodeId !== 'string' || !NODE_ID_PATTERN.test(nodeId)) {
    throw new SyncError(
      'SYNC_INVALID_NODE_ID',
      'node id must be 1-128 printable ascii characters',
      {
        nodeId: typeof nodeId === 'string' ? nodeId : String(nodeId),
      },
    );
  }
}

/** Total order on timestamps: wall time, then counter, then node id. */
export function compareHlc(a: Hlc, b: Hlc): number {
  if (a.wallMs !== b.wallMs) return a.wallMs < b.wallMs ? -1 : 1;
  if (a.logical !== b.logical) return a.logical < b.logical ? -1 : 1;
  return a.nodeId === b.nodeId ? 0 : a.nodeId < b.nodeId ? -1 : 1;
}

/** Compact sortable text: 12 hex digits of wall ms, 6 of counter, then the node id. */
export function encodeHlc(hlc: Hlc): string {
  return (
    encodeWallMs(hlc.wallMs) + hlc.logical.toString(16).padStart(LOGICAL_DIGITS, '0') + hlc.nodeId
  );
}

/**
 * The sortable prefix of every timestamp issued at `wallMs` or later: encoded timestamps below
 * it are strictly older than `wallMs`.
 */
export function encodeWallMs(wallMs: number): string {
  return wallMs.toString(16).padStart(WALL_DIGITS, '0');
}

/** Parses {@link encodeHlc} output; throws SYNC_INVALID_HLC on anything else. */
export function decodeHlc(text: string): Hlc {
  if (typeof text !== 'string' || !HEAD_PATTERN.test(text)) {
    throw invalidHlc(text);
  }
  const nodeId = text.slice(HEAD_DIGITS);
  if (!NODE_ID_PATTERN.test(nodeId)) throw invalidHlc(text);
  return {
    wallMs: parseInt(text.slice(0, WALL_DIGITS), 16),
    logical: parseInt(text.slice(WALL_DIGITS, HEAD_DIGITS), 16),
    nodeId,
  };
}

function invalidHlc(text: unknown): SyncError {
  return new SyncError('SYNC_INVALID_HLC', 'invalid hybrid logical clock timestamp', {
    hlc: typeof text === 'string' ? text.slice(0, 200) : String(text),
  });
}

/** Options of {@link HybridClock}. */
export interface HybridClockOptions {
  /** The last timestamp issued before a restart: the clock never goes below it. */
  readonly last?: Hlc | undefined;
  /**
   * Refuse remote timestamps more than this far ahead of the local wall clock, so one node
   * with a bad clock cannot drag every clock forward. Unlimited when unset.
   */
  readonly maxDriftMs?: number | undefined;
}

/**
 * Issues strictly increasing timestamps for one node, and folds in timestamps seen from peers
 * so that a local write made after receiving a remote one always orders after it.
 */
export class HybridClock {
  readonly nodeId: string;
  private readonly wall: Clock['now'];
  private readonly maxDriftMs: number;
  private wallMs = 0;
  private logical = 0;

  constructor(nodeId: string, wall: Clock['now'], options: HybridClockOptions = {}) {
    assertNodeId(nodeId);
    this.nodeId = nodeId;
    this.wall = wall;
    this.maxDriftMs = options.maxDriftMs ?? Infinity;
    if (options.last !== undefined) {
      this.wallMs = options.last.wallMs;
      this.logical = options.last.logical;
    }
  }

  /** A new timestamp, greater than every one this clock issued or received. */
  now(): Hlc {
    const physicalMs = this.readWall();
    if (physicalMs > this.wallMs) {
      this.wallMs = physicalMs;
      this.logical = 0;
    } else {
      this.advanceLogical(this.logical + 1);
    }
    return { wallMs: this.wallMs, logical: this.logical, nodeId: this.nodeId };
  }

  /**
   * Folds in a peer's timestamp and returns a new local one greater than both; throws
   * SYNC_CLOCK_DRIFT (leaving the clock as it was) when the peer is too far ahead.
   */
  receive(remote: Hlc): Hlc {
    const physicalMs = this.readWall();
    if (remote.wallMs - physicalMs > this.maxDriftMs) {
      throw new SyncError('SYNC_CLOCK_DRIFT', 'remote clock is too far ahead', {
        remoteNodeId: remote.nodeId,
        aheadMs: remote.wallMs - physicalMs,
        maxDriftMs: this.maxDriftMs,
      });
    }
    const wallMs = Math.max(this.wallMs, remote.wallMs, physicalMs);
    let logical: number;
    if (wallMs === this.wallMs && wallMs === remote.wallMs) {
      logical = Math.max(this.logical, remote.logical) + 1;
    } else if (wallMs === this.wallMs) {
      logical = this.logical + 1;
    } else if (wallMs === remote.wallMs) {
      logical = remote.logical + 1;
    } else {
      logical = 0;
    }
    this.wallMs = wallMs;
    this.advanceLogical(logical);
    return { wallMs: this.wallMs, logical: this.logical, nodeId: this.nodeId };
  }

  /** The last timestamp issued or received, without advancing the clock. */
  last(): Hlc {
    return { wallMs: this.wallMs, logical: this.logical, nodeId: this.nodeId };
  }

  private advanceLogical(logical: number): void {
    if (logical > MAX_LOGICAL) {
      this.wallMs += 1;
      this.logical = 0;
    } else {
      this.logical = logical;
    }
  }

  private readWall(): number {
    const ms = Math.floor(this.wall());
    if (!(ms >= 0 && ms <= MAX_WALL_MS)) {
      throw new SyncError('SYNC_INVALID_HLC', 'wall clock returned an invalid time', {
        wallMs: ms,
      });
    }
    return ms;
  }
}
