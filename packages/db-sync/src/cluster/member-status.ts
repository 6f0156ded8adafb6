/**
 * What `members()` reports per member: its status (up / down / joining / leaving) from its link
 * and heartbeats, its replication figures, and the `member_status` events when a status changes.
 */
import type { MemberRecord, MemberStatus } from '../membership/members.js';
import type { PeerSession } from '../replication/session.js';

type Status = MemberStatus['status'];

/** This node's own status. */
export function selfStatus(leaving: boolean, starting: boolean): Status {
  return leaving ? 'leaving' : starting ? 'joining' : 'up';
}

/** A peer's status: down without a link, else what its heartbeats say. */
export function linkStatus(session: PeerSession | undefined): Status {
  if (session === undefined || session.closed) return 'down';
  if (session.peerState === 'starting') return 'joining';
  return session.peerState === 'leaving' ? 'leaving' : 'up';
}

/** A peer's full status row. */
export function peerStatus(
  nodeId: string,
  rec: MemberRecord,
  session: PeerSession | undefined,
  ackedSeq: number,
): MemberStatus {
  const linked = session !== undefined && !session.closed;
  return {
    nodeId,
    address: rec.address,
    status: linkStatus(session),
    self: false,
    lastSeen: session?.lastSeen ?? null,
    lagMs: linked ? session.lagMs() : null,
    version: session?.version ?? null,
    uptimeS: session?.uptimeS ?? null,
    ackedSeq,
    inflightFrames: linked ? session.inflightFrames : 0,
    bufferedBytes: linked ? session.link.bufferedBytes : 0,
    meta: session?.meta ?? {},
  };
}

/** Remembers the status last told per member, so that only changes are told. */
export class StatusChanges {
  private readonly told = new Map<string, Status>();

  /**
   * Calls `changed` for every member of `current` whose status differs from the last one told
   * (or that is new), and forgets members no longer listed.
   */
  update(
    current: ReadonlyMap<string, Status>,
    changed: (nodeId: string, status: Status) => void,
  ): void {
    for (const [nodeId, status] of current) {
      if (this.told.get(nodeId) === status) continue;
      this.told.set(nodeId, status);
      changed(nodeId, status);
    }
    for (const nodeId of [...this.told.keys()]) {
      if (!current.has(nodeId)) this.told.delete(nodeId);
    }
  }
}
