/**
 * The cluster's periodic work: running tasks on a timer, anti-entropy repair with peers, and
 * trimming the oplog by what peers acknowledged and the retention rules.
 */
import type { Clock, TimerHandle } from '../clock.js';
import { isSyncError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Oplog } from '../oplog/index.js';
import type { PeerSession } from '../replication/session.js';
import { lastSeqOlderThan, trimTarget } from '../replication/trim.js';
import type { OplogRetention } from '../replication/trim.js';
import type { ClusterEvents, RepairResult } from './api.js';

/** Tasks run every so often until {@link stop}; a failing run is logged and the next one runs. */
export class PeriodicTasks {
  private readonly timers = new Set<TimerHandle>();
  private readonly clock: Clock;
  private readonly log: Logger;
  private stopped = false;

  constructor(clock: Clock, log: Logger) {
    this.clock = clock;
    this.log = log;
  }

  /** Runs `task` `intervalMs` after the end of its last run; 0 never runs it. */
  every(intervalMs: number, task: () => Promise<unknown>): void {
    if (intervalMs <= 0) return;
    const run = (): void => {
      const handle = this.clock.setTimeout(() => {
        this.timers.delete(handle);
        if (this.stopped) return;
        task()
          .catch((err: unknown) => {
            if (!this.stopped) this.log.warn({ err }, 'periodic cluster task failed');
          })
          .finally(() => {
            if (!this.stopped) run();
          });
      }, intervalMs);
      this.timers.add(handle);
    };
    run();
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) this.clock.clearTimeout(timer);
    this.timers.clear();
  }
}

/** Runs anti-entropy with each of `sessions` in turn; a failed peer does not stop the others. */
export async function repairPeers(
  sessions: readonly PeerSession[],
  onRepaired: (e: ClusterEvents['repaired']) => void,
): Promise<RepairResult> {
  const out: RepairResult = { peers: [], failed: [] };
  for (const session of sessions) {
    try {
      const stats = await session.repair();
      out.peers.push({ nodeId: session.peerId, ...stats });
      if (stats.sent > 0 || stats.received > 0) {
        onRepaired({ peer: session.peerId, sent: stats.sent, received: stats.received });
      }
    } catch (err) {
      out.failed.push({ nodeId: session.peerId, error: errorText(err) });
    }
  }
  return out;
}

/**
 * Trims `oplog` as far as the acknowledgements of the members (`memberAcks`, and of the
 * linked ones, `liveAcks`) and `retention` allow; returns the new trimmed position.
 */
export async function trimByRetention(
  oplog: Oplog,
  acks: { readonly memberAcks: number[]; readonly liveAcks: number[] },
  retention: OplogRetention,
  nowMs: number,
  log: Logger,
): Promise<number> {
  let agedSeq = 0;
  try {
    agedSeq = await lastSeqOlderThan(oplog, nowMs - retention.maxAgeMs);
  } catch (err) {
    if (!isSyncError(err, 'SYNC_OPLOG_TRIMMED')) throw err;
  }
  const target = trimTarget({
    lastSeq: oplog.lastSeq,
    trimmedSeq: oplog.trimmedSeq,
    memberAcks: acks.memberAcks,
    liveAcks: acks.liveAcks,
    agedSeq,
    retention,
  });
  if (target <= oplog.trimmedSeq) return oplog.trimmedSeq;
  const trimmed = await oplog.trim(target);
  log.debug({ trimmedSeq: trimmed }, 'oplog trimmed');
  return trimmed;
}

/** An error's message, for results that report failures as text. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
