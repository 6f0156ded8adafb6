import { SyncError } from '../errors.js';
import type { StoreInternals } from '../store/index.js';
import { parseAddress } from '../transport/index.js';
import type { Link, Message, RefusalReason } from '../transport/index.js';
import { ChannelSender, linkClosed } from '../replication/channel.js';
import { Mailbox } from '../transport/index.js';
import {
  badMessage,
  channelOf,
  int,
  positionVector,
  recordRows,
  str,
} from '../replication/messages.js';
import type { LogPosition, PositionVector } from '../replication/messages.js';
import { openSnapshot } from '../replication/snapshot.js';

/** Frames of the join snapshot in flight: a little more than a peer stream, it is one-shot. */
const JOIN_WINDOW = 8;

/** A mailbox fed by `link`, heartbeats left out. */
export function linkMailbox(link: Link): Mailbox {
  const mailbox = new Mailbox();
  link.onClose((close) => mailbox.fail(linkClosed(link.peer.nodeId, close.reason)));
  link.onMessage((m) => {
    if (m.t !== 'hb') mailbox.push(m);
  });
  return mailbox;
}

/** What the joining node does with a snapshot as it arrives. */
export interface JoinerHooks {
  /**
   * Called once the master accepted and before the first record: moves the old data aside
   * and adopts `clusterId`. Returns where the old data went (null when it was not kept).
   */
  prepare(clusterId: string): Promise<string | null>;
  onProgress(received: number, total: number): void;
}

/** The outcome of a join, as the joining node sees it. */
export interface JoinOutcome {
  readonly clusterId: string;
  /** Node id of the master. */
  readonly master: string;
  readonly records: number;
  /** Per origin, the log position the snapshot contains: where to resume each stream. */
  readonly vector: PositionVector;
  readonly backupLocation: string | null;
}

/**
 * The joining side, over a link opened with purpose `join`: asks to be admitted, then bulk
 * loads the master's snapshot. Throws SYNC_PEER_REFUSED when the master refuses, and
 * SYNC_LINK_CLOSED or SYNC_PROTOCOL when the transfer breaks (the caller retries).
 */
export async function receiveJoin(
  link: Link,
  internals: StoreInternals,
  self: { readonly nodeId: string; readonly advertise: string },
  hooks: JoinerHooks,
): Promise<JoinOutcome> {
  const mailbox = linkMailbox(link);
  link.send({ t: 'join_req', nodeId: self.nodeId, address: self.advertise });
  const begin = await mailbox.next();
  if (begin.t === 'join_refused') {
    const reason = str(begin, 'reason');
    throw new SyncError('SYNC_PEER_REFUSED', `join refused by ${link.peer.nodeId}: ${reason}`, {
      reason,
      side: 'remote',
      peer: link.peer.nodeId,
      address: link.peer.remoteAddress,
    });
  }
  if (begin.t !== 'snap_begin' || channelOf(begin) !== 'join') throw badMessage(begin, 't');
  const clusterId = str(begin, 'clusterId');
  const vector = positionVector(begin, 'vector');
  const total = int(begin, 'total');
  const backupLocation = await hooks.prepare(clusterId);
  ackJoin(link, begin);
  let received = 0;
  for (;;) {
    const m = await mailbox.next();
    if (m.t === 'snap_chunk') {
      const rows = recordRows(m);
      await internals.loadRecords(str(m, 'table'), rows);
      received += rows.length;
      hooks.onProgress(received, total);
      ackJoin(link, m);
    } else if (m.t === 'snap_end') {
      if (int(m, 'records') !== received) throw badMessage(m, 'records');
      ackJoin(link, m);
      break;
    } else {
      throw badMessage(m, 't');
    }
  }
  return { clusterId, master: link.peer.nodeId, records: received, vector, backupLocation };
}

function ackJoin(link: Link, m: Message): void {
  link.send({ t: 'ack', ch: 'join', n: int(m, 'n') });
}

/** What the master does for a join. */
export interface MasterHooks {
  readonly nodeId: string;
  clusterId(): string;
  logId(): string;
  /** Positions of every peer's log applied here, read before the snapshot is taken. */
  positions(): ReadonlyMap<string, LogPosition>;
  /** Admits `nodeId` (writes its member row) or says why not. */
  admit(nodeId: string, address: string): Promise<RefusalReason | undefined>;
  onProgress(peer: string, sent: number, total: number): void;
}

/**
 * The master side of a join, over an accepted `join` link: reads the request, admits the node
 * and streams a consistent snapshot with the position vector it contains. Returns the number
 * of records sent once the joiner acknowledged them all.
 */
export async function serveJoin(
  link: Link,
  internals: StoreInternals,
  hooks: MasterHooks,
): Promise<{ readonly nodeId: string; readonly records: number }> {
  const out = new ChannelSender(link, 'join', JOIN_WINDOW);
  const mailbox = new Mailbox();
  link.onClose((close) => {
    const err = linkClosed(link.peer.nodeId, close.reason);
    mailbox.fail(err);
    out.fail(err);
  });
  link.onMessage((m) => {
    if (m.t === 'ack') out.ack(int(m, 'n'));
    else if (m.t !== 'hb') mailbox.push(m);
  });
  const req = await mailbox.next();
  if (req.t !== 'join_req') throw badMessage(req, 't');
  const nodeId = str(req, 'nodeId');
  const address = str(req, 'address');
  parseAddress(address);
  if (nodeId !== link.peer.nodeId) throw badMessage(req, 'nodeId');
  const refusal = await hooks.admit(nodeId, address);
  if (refusal !== undefined) {
    link.send({ t: 'join_refused', reason: refusal });
    link.close('join_refused');
    throw new SyncError('SYNC_PEER_REFUSED', `refused join of ${nodeId}: ${refusal}`, {
      reason: refusal,
      side: 'local',
      peer: nodeId,
      address,
    });
  }
  // Positions first, snapshot second: the vector may only understate what the data holds.
  const vector: Record<string, LogPosition> = Object.fromEntries(hooks.positions());
  delete vector[nodeId];
  const source = await openSnapshot(internals);
  try {
    vector[hooks.nodeId] = { logId: hooks.logId(), seq: source.lastSeq };
    const total = await source.count();
    await out.send({
      t: 'snap_begin',
      mode: 'load',
      clusterId: hooks.clusterId(),
      total,
      vector,
      upTo: source.lastSeq,
      logId: hooks.logId(),
    });
    let sent = 0;
    for await (const chunk of source.chunks()) {
      await out.send({ t: 'snap_chunk', table: chunk.table, rows: chunk.rows });
      sent += chunk.rows.length;
      hooks.onProgress(nodeId, sent, total);
    }
    await out.send({ t: 'snap_end', records: sent });
    await out.drain();
    link.close('join_done');
    return { nodeId, records: sent };
  } finally {
    await source.close();
  }
}
