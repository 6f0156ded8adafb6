import { decodeHlc } from '../hlc.js';
import type { Oplog } from '../oplog/index.js';

/** How much oplog a node keeps. */
export interface OplogRetention {
  /**
   * Entries always kept, even when every peer acknowledged them: a peer that restarts from a
   * slightly old position (its last flush) resumes from the log instead of a snapshot.
   */
  readonly minEntries: number;
  /**
   * Entries kept for members that are down, at most: past this a returning member gets a
   * snapshot instead. A million session updates is some hundreds of MB on disk.
   */
  readonly maxEntries: number;
  /** Entries older than this are dropped even if a down member never acknowledged them. */
  readonly maxAgeMs: number;
}

/** A day of writes or a million entries, whichever is less, for members that are down. */
export const defaultOplogRetention: OplogRetention = {
  minEntries: 10_000,
  maxEntries: 1_000_000,
  maxAgeMs: 24 * 60 * 60 * 1000,
};

/** What {@link trimTarget} decides from. Acks are positions in this node's log. */
export interface TrimInput {
  readonly lastSeq: number;
  readonly trimmedSeq: number;
  /** The acknowledged position of every member (up or down) but this node. */
  readonly memberAcks: readonly number[];
  /** The acknowledged position of every member with a live link. */
  readonly liveAcks: readonly number[];
  /** Last position whose entry is older than `maxAgeMs` (0 when none is). */
  readonly agedSeq: number;
  readonly retention: OplogRetention;
}

/**
 * The position up to which the oplog can be trimmed: everything every member acknowledged;
 * past that, what only down members still miss once it is over the size or age limit; never
 * what a live member still needs, nor the last `minEntries`. Returns `trimmedSeq` for "nothing".
 */
export function trimTarget(input: TrimInput): number {
  const { lastSeq, trimmedSeq, retention } = input;
  const allAcked = input.memberAcks.length === 0 ? lastSeq : Math.min(...input.memberAcks);
  const liveAcked = input.liveAcks.length === 0 ? lastSeq : Math.min(...input.liveAcks);
  const forced = Math.max(lastSeq - retention.maxEntries, input.agedSeq);
  let target = Math.max(allAcked, Math.min(forced, liveAcked));
  target = Math.min(target, lastSeq - retention.minEntries, lastSeq);
  return Math.max(target, trimmedSeq);
}

/**
 * The last position whose entry's HLC is older than `cutoffMs`, found by binary search: a
 * node's log is appended in HLC order, so wall times grow with the position (entries merged
 * from peers keep their own, older HLC, which at worst makes the answer a little early).
 */
export async function lastSeqOlderThan(oplog: Oplog, cutoffMs: number): Promise<number> {
  let lo = oplog.trimmedSeq + 1;
  let hi = oplog.lastSeq;
  let found = oplog.trimmedSeq;
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    const [entry] = await oplog.readFrom(mid, 1);
    if (entry === undefined) break;
    if (decodeHlc(entry.hlc).wallMs < cutoffMs) {
      found = entry.seq;
      lo = entry.seq + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
