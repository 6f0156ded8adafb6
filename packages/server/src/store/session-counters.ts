/**
 * Frame counters across replicas [DESIGN "Failover"]: FCntUp and FCntDown merge by maximum,
 * not last writer, so a partition that heals never moves a counter back (a lower FCntUp would
 * let a replayed uplink in, a lower FCntDown would reuse a downlink counter). A deliberate
 * lowering (a `reset-allowed` device restart, an operator's edit) must win everywhere, so it
 * starts a new counter epoch: counters of a higher epoch replace those of a lower one.
 * Together this is a join-semilattice, so every node converges whatever the arrival order.
 */
import type { NodeSession } from '../ns/index.js';

function maxCounter(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}

/**
 * The stored value when two versions of one session meet: the last writer's record with
 * the counters of the higher epoch, or the larger counters within one epoch. Versions of two
 * different sessions (other keys: a re-provisioned ABP node) do not merge.
 */
export function mergeSessionCounters(winner: NodeSession, loser: NodeSession): NodeSession {
  if (winner.nwkSKey !== loser.nwkSKey) return winner;
  const winnerEpoch = winner.counterEpoch ?? 0;
  const loserEpoch = loser.counterEpoch ?? 0;
  if (winnerEpoch > loserEpoch) return winner;
  let merged: NodeSession;
  if (loserEpoch > winnerEpoch) {
    merged = { ...winner, fCntDown: loser.fCntDown, counterEpoch: loserEpoch };
    merged = withFCntUp(merged, loser.fCntUp);
  } else {
    merged = { ...winner, fCntDown: Math.max(winner.fCntDown, loser.fCntDown) };
    merged = withFCntUp(merged, maxCounter(winner.fCntUp, loser.fCntUp));
  }
  return merged;
}

function withFCntUp(session: NodeSession, fCntUp: number | undefined): NodeSession {
  if (fCntUp !== undefined) return { ...session, fCntUp };
  // Absent, not undefined, as in the stored JSON.
  const copy: { fCntUp?: number } & Omit<NodeSession, 'fCntUp'> = { ...session };
  delete copy.fCntUp;
  return copy;
}

/**
 * A local write of `next` over `stored`: carries the stored epoch on, and starts the next one
 * when `next` lowers a counter of the same session (so peers take the lower value too).
 */
export function stampCounterEpoch(next: NodeSession, stored: NodeSession | undefined): NodeSession {
  if (stored === undefined || stored.nwkSKey !== next.nwkSKey) return next;
  const epoch = Math.max(stored.counterEpoch ?? 0, next.counterEpoch ?? 0);
  const lowered =
    next.fCntDown < stored.fCntDown ||
    (stored.fCntUp !== undefined && (next.fCntUp === undefined || next.fCntUp < stored.fCntUp));
  const counterEpoch = lowered ? epoch + 1 : epoch;
  if (counterEpoch === 0 || counterEpoch === next.counterEpoch) return next;
  return { ...next, counterEpoch };
}

/**
 * The merges of the replicated tables, for the store's options: registered before the cluster
 * starts, so entries that peers send before the server opens a table merge too.
 */
export const tableMerges = { nodes: mergeSessionCounters } as const;
