/**
 * One peer session: the oplog stream both ways, push, and the dispatch of a link's frames
 * (repair exchanges are in repair-exchange.ts). A little over 400 lines because the stream's
 * sending side (runStream, snapshots) and receiving side (applyStreamFrame) share the session's
 * positions and channels.
 */
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { isSyncError } from '../errors.js';
import { decodeHlc } from '../hlc.js';
import type { Store, StoreInternals } from '../store/index.js';
import { MESSAGE_FRAME_TYPE, TOPIC_PATTERN } from '../transport/index.js';
import type { Link, LinkClose, Message } from '../transport/index.js';
import { ChannelSender, DEFAULT_WINDOW, linkClosed } from './channel.js';
import { badMessage, channelOf, int, opEntries, opRows, recordRows, str } from './messages.js';
import type { LogPosition, OpRow } from './messages.js';
import { CHUNK_BYTES, mergeRows, openSnapshot } from './snapshot.js';
import { RepairExchanges } from './repair-exchange.js';
import type { RepairStats } from './repair-exchange.js';

export type { RepairStats } from './repair-exchange.js';

/** Why a snapshot is being sent. */
export type SnapshotPurpose = 'join' | 'catch_up' | 'push';

/** What a peer session needs from its cluster. */
export interface SessionHost {
  readonly store: Store;
  readonly internals: StoreInternals;
  readonly nodeId: string;
  readonly clock: Clock;
  readonly log: Logger;
  /** Entries read from the oplog per step of the stream. */
  readonly readBatch: number;
  /** Id of this node's current log. */
  logId(): string;
  /** How far `peer`'s log was applied here. */
  position(peer: string): LogPosition | undefined;
  setPosition(peer: string, position: LogPosition): void;
  /** `peer` acknowledged this node's log up to `seq`. */
  setAcked(peer: string, seq: number): void;
  /** `peer`'s stream reached the end of its log (this node has caught up with it). */
  onStreamLive(peer: string): void;
  /** `peer` leaves the cluster and asks this node to write its removal. */
  onRemoveRequest(peer: string): void;
  /** `peer` says this node's admission `incarnation` was removed from the cluster. */
  onRemovedNotice(peer: string, incarnation: string | undefined): void;
  onSnapshotProgress(peer: string, purpose: SnapshotPurpose, sent: number, total: number): void;
  /** Fields of the heartbeats sent to peers. */
  heartbeat(): Record<string, unknown>;
  /** A peer message (validated: a topic of {@link TOPIC_PATTERN} and a payload). */
  onPeerMessage(peer: string, topic: string, payload: unknown): void;
  /** The peer's heartbeat state changed (what its member status derives from). */
  onPeerStateChanged(peer: string): void;
}

/**
 * Replication over one peer link, both ways: streams this node's own oplog entries to the
 * peer (resuming where it asked, or from a snapshot when that part of the log is trimmed),
 * applies the peer's stream here, and serves pushes and repair exchanges.
 */
export class PeerSession {
  readonly peerId: string;
  readonly link: Link;
  /** Wall ms of the last frame received. */
  lastSeen: number;
  version: string | null = null;
  uptimeS: number | null = null;
  /** The peer's heartbeat facts (strings only; anything else is ignored). */
  meta: Readonly<Record<string, string>> = {};
  /** The peer's cluster state from its heartbeats (`starting`, `ok`...). */
  peerState: string | null = null;
  /** True once the peer's stream reached the end of its log on this link. */
  caughtUp = false;
  private readonly host: SessionHost;
  private readonly streamOut: ChannelSender;
  private readonly pushOut: ChannelSender;
  private readonly aeOut: ChannelSender;
  private streamChain: Promise<void> = Promise.resolve();
  private pushChain: Promise<void> = Promise.resolve();
  private streamStarted = false;
  private peerLogId: string | undefined;
  private snapshotUpTo = 0;
  private woken = false;
  private wakeWaiter: (() => void) | undefined;
  private readonly sentFrames: { n: number; wallMs: number }[] = [];
  private readonly repairs: RepairExchanges;
  private closeInfo: LinkClose | undefined;
  private readonly closeHandlers: ((close: LinkClose) => void)[] = [];

  constructor(host: SessionHost, link: Link) {
    this.host = host;
    this.link = link;
    this.peerId = link.peer.nodeId;
    this.lastSeen = host.clock.now();
    this.streamOut = new ChannelSender(link, 'stream', DEFAULT_WINDOW);
    this.pushOut = new ChannelSender(link, 'push', DEFAULT_WINDOW);
    this.aeOut = new ChannelSender(link, 'ae', DEFAULT_WINDOW);
    this.repairs = new RepairExchanges(link, this.aeOut, {
      peerId: this.peerId,
      store: host.store,
      internals: host.internals,
      log: host.log,
    });
  }

  /** Starts reading frames and asks the peer for its log from where this node stopped. */
  start(): void {
    this.link.setHeartbeat(() => this.host.heartbeat());
    this.link.onClose((close) => this.onClosed(close));
    this.link.onMessage((m) => this.onMessage(m));
    const pos = this.host.position(this.peerId);
    this.link.send({
      t: 'sub',
      logId: pos?.logId ?? null,
      from: pos?.seq ?? 0,
      ...this.host.heartbeat(),
    });
  }

  /** True once the link is gone. */
  get closed(): boolean {
    return this.closeInfo !== undefined;
  }

  /** Called once when the session ends. */
  onClose(handler: (close: LinkClose) => void): void {
    if (this.closeInfo !== undefined) handler(this.closeInfo);
    else this.closeHandlers.push(handler);
  }

  /** New local writes: the stream reads on. */
  wake(): void {
    this.woken = true;
    const waiter = this.wakeWaiter;
    this.wakeWaiter = undefined;
    waiter?.();
  }

  /** Age of the oldest entry sent and not yet acknowledged; 0 when none. */
  lagMs(): number {
    const oldest = this.sentFrames[0];
    return oldest === undefined ? 0 : Math.max(0, this.host.clock.now() - oldest.wallMs);
  }

  /** Frames waiting for an ack on every channel. */
  get inflightFrames(): number {
    return this.streamOut.inflight + this.pushOut.inflight + this.aeOut.inflight;
  }

  /** Sends a heartbeat now: the peer sees a state change without waiting for the timer. */
  sendStatus(): void {
    this.link.send({ t: 'hb', ...this.host.heartbeat() });
  }

  /** Asks the peer to remove this node (leaving): the removal then spreads from a member. */
  requestRemoval(): void {
    this.link.send({ t: 'remove_me' });
  }

  /** Tells the peer its admission `incarnation` was removed, then closes. */
  sendRemovedNotice(incarnation: string): void {
    this.link.send({ t: 'removed', incarnation });
    this.link.close('removed');
  }

  close(reason: string): void {
    this.link.close(reason);
  }

  destroy(reason: string): void {
    this.link.destroy(reason);
  }

  /** Sends every record of this node to the peer (merged there last-writer-wins). */
  async push(): Promise<number> {
    const sent = await this.sendSnapshot(this.pushOut, 'push', null);
    await this.pushOut.drain();
    return sent;
  }

  /** Compares every table with the peer by bucket digests and repairs what differs, both ways. */
  repair(): Promise<RepairStats> {
    return this.repairs.repair();
  }

  // --- frames ---

  private onMessage(m: Message): void {
    this.lastSeen = this.host.clock.now();
    try {
      this.dispatch(m);
    } catch (err) {
      // A frame this side cannot trust: the session decides, logs it once and drops the link.
      this.failed(err, 'bad frame from peer');
    }
  }

  private dispatch(m: Message): void {
    switch (m.t) {
      case MESSAGE_FRAME_TYPE:
        this.onPeerMessage(m);
        return;
      case 'hb':
        this.onStatus(m);
        return;
      case 'sub':
        this.onStatus(m);
        this.onSub(m);
        return;
      case 'ack':
        this.onAck(m);
        return;
      case 'stream_start':
      case 'ops':
      case 'snap_begin':
      case 'snap_chunk':
      case 'snap_end':
        this.onFlowFrame(m);
        return;
      case 'remove_me':
        this.host.onRemoveRequest(this.peerId);
        return;
      case 'removed':
        this.host.onRemovedNotice(
          this.peerId,
          typeof m.incarnation === 'string' ? m.incarnation : undefined,
        );
        return;
      default:
        if (m.t.startsWith('ae_')) this.repairs.onFrame(m);
        // Unknown types are ignored so a newer peer can add some.
        return;
    }
  }

  private onPeerMessage(m: Message): void {
    const topic = m.topic;
    if (typeof topic !== 'string' || !TOPIC_PATTERN.test(topic)) throw badMessage(m, 'topic');
    if (m.p === undefined) throw badMessage(m, 'p');
    this.host.onPeerMessage(this.peerId, topic, m.p);
  }

  private onStatus(m: Message): void {
    if (typeof m.version === 'string') this.version = m.version;
    if (typeof m.uptimeS === 'number') this.uptimeS = m.uptimeS;
    if (typeof m.meta === 'object' && m.meta !== null && !Array.isArray(m.meta)) {
      this.meta = Object.fromEntries(
        Object.entries(m.meta as Record<string, unknown>).filter(
          (e): e is [string, string] => typeof e[1] === 'string',
        ),
      );
    }
    if (typeof m.state === 'string' && m.state !== this.peerState) {
      this.peerState = m.state;
      this.host.onPeerStateChanged(this.peerId);
    }
  }

  private onSub(m: Message): void {
    if (this.streamStarted) throw badMessage(m, 't');
    this.streamStarted = true;
    const logId = m.logId === null ? null : str(m, 'logId');
    const from = int(m, 'from');
    this.runStream(logId, from).catch((err: unknown) => this.failed(err, 'stream failed'));
  }

  private onAck(m: Message): void {
    const n = int(m, 'n');
    const ch = channelOf(m);
    if (ch === 'stream') {
      if (m.seq !== undefined) this.host.setAcked(this.peerId, int(m, 'seq'));
      while ((this.sentFrames[0]?.n ?? Infinity) <= n) this.sentFrames.shift();
      this.streamOut.ack(n);
    } else if (ch === 'push') this.pushOut.ack(n);
    else if (ch === 'ae') this.aeOut.ack(n);
  }

  private onFlowFrame(m: Message): void {
    const ch = channelOf(m);
    const n = int(m, 'n');
    if (ch === 'stream') {
      this.streamChain = this.streamChain
        .then(() => this.applyStreamFrame(m, n))
        .catch((err: unknown) => this.failed(err, 'stream apply failed'));
    } else if (ch === 'push') {
      this.pushChain = this.pushChain
        .then(async () => {
          if (m.t === 'snap_chunk')
            await mergeRows(this.host.store, str(m, 'table'), recordRows(m));
          this.link.send({ t: 'ack', ch: 'push', n });
        })
        .catch((err: unknown) => this.failed(err, 'push apply failed'));
    } else {
      throw badMessage(m, 'ch');
    }
  }

  private async applyStreamFrame(m: Message, n: number): Promise<void> {
    if (this.closeInfo !== undefined) return;
    let position: number | undefined;
    switch (m.t) {
      case 'stream_start':
        this.peerLogId = str(m, 'logId');
        break;
      case 'ops': {
        const rows = opRows(m);
        const upTo = int(m, 'upTo');
        if (rows.length > 0) await this.host.store.applyRemote(opEntries(rows, this.peerId));
        position = upTo;
        if (m.live === true) {
          this.caughtUp = true;
          this.host.onStreamLive(this.peerId);
        }
        break;
      }
      case 'snap_begin':
        this.snapshotUpTo = int(m, 'upTo');
        break;
      case 'snap_chunk':
        await mergeRows(this.host.store, str(m, 'table'), recordRows(m));
        break;
      case 'snap_end':
        position = this.snapshotUpTo;
        break;
      default:
        throw badMessage(m, 't');
    }
    if (position !== undefined) {
      if (this.peerLogId === undefined) throw badMessage(m, 'logId');
      this.host.setPosition(this.peerId, { logId: this.peerLogId, seq: position });
    }
    this.link.send({
      t: 'ack',
      ch: 'stream',
      n,
      ...(position === undefined ? {} : { seq: position }),
    });
  }

  // --- the stream of this node's own writes ---

  private async runStream(peerLogId: string | null, from: number): Promise<void> {
    const { store, nodeId } = this.host;
    const logId = this.host.logId();
    // A position in another log (this database was replaced since) means nothing here.
    let pos = peerLogId === logId ? Math.min(from, store.oplog.lastSeq) : 0;
    if (peerLogId === logId) this.host.setAcked(this.peerId, pos);
    await this.streamOut.send({ t: 'stream_start', logId, from: pos });
    const limit = this.host.readBatch;
    let liveAt = -1;
    while (this.closeInfo === undefined) {
      if (pos < store.oplog.trimmedSeq) {
        pos = await this.sendSnapshot(this.streamOut, 'catch_up', logId);
        continue;
      }
      this.woken = false;
      let entries;
      try {
        entries = await store.oplog.readRawFrom(pos + 1, limit);
      } catch (err) {
        if (isSyncError(err, 'SYNC_OPLOG_TRIMMED')) continue;
        throw err;
      }
      if (entries.length === 0) {
        if (liveAt !== pos) {
          await this.streamOut.send({ t: 'ops', upTo: pos, live: true, e: [] });
          liveAt = pos;
        }
        await this.waitForWrites();
        continue;
      }
      const rows: OpRow[] = [];
      let firstWallMs: number | undefined;
      let upTo = pos;
      let bytes = 0;
      for (const entry of entries) {
        upTo = entry.seq;
        if (entry.origin !== nodeId) continue;
        firstWallMs ??= decodeHlc(entry.hlc).wallMs;
        rows.push([entry.table, entry.key, entry.hlc, entry.json]);
        bytes += entry.key.length + (entry.json?.length ?? 0) + 64;
        // Frames stay small so the window bounds the bytes in flight, whatever the values.
        if (bytes >= CHUNK_BYTES) break;
      }
      const lastRead = (entries[entries.length - 1] as { seq: number }).seq;
      const live = upTo === lastRead && entries.length < limit;
      pos = upTo;
      // Stretches of entries merged from others are skipped; the next frame moves the position.
      if (rows.length === 0 && !live) continue;
      const n = await this.streamOut.send({ t: 'ops', upTo, live, e: rows });
      if (live) liveAt = upTo;
      if (firstWallMs !== undefined) this.sentFrames.push({ n, wallMs: firstWallMs });
    }
  }

  private waitForWrites(): Promise<void> {
    if (this.woken || this.closeInfo !== undefined) return Promise.resolve();
    return new Promise((resolve) => {
      this.wakeWaiter = resolve;
    });
  }

  /** Streams a consistent snapshot on `out`; returns the log position it contains. */
  private async sendSnapshot(
    out: ChannelSender,
    purpose: SnapshotPurpose,
    logId: string | null,
  ): Promise<number> {
    const source = await openSnapshot(this.host.internals);
    try {
      const total = await source.count();
      await out.send({ t: 'snap_begin', mode: 'merge', total, upTo: source.lastSeq, logId });
      let sent = 0;
      for await (const chunk of source.chunks()) {
        await out.send({ t: 'snap_chunk', table: chunk.table, rows: chunk.rows });
        sent += chunk.rows.length;
        this.host.onSnapshotProgress(this.peerId, purpose, sent, total);
      }
      await out.send({ t: 'snap_end', records: sent });
      this.host.log.info({ peer: this.peerId, purpose, records: sent }, 'snapshot sent');
      return purpose === 'push' ? sent : source.lastSeq;
    } finally {
      await source.close();
    }
  }

  // --- end of the session ---

  private failed(err: unknown, what: string): void {
    if (this.closeInfo !== undefined || isSyncError(err, 'SYNC_LINK_CLOSED')) return;
    if (isSyncError(err, 'SYNC_CLOSED')) {
      this.link.destroy('store_closed');
      return;
    }
    this.host.log.warn({ err, peer: this.peerId }, what);
    this.link.close(isSyncError(err, 'SYNC_PROTOCOL') ? 'protocol_error' : 'replication_error');
  }

  private onClosed(close: LinkClose): void {
    this.closeInfo = close;
    const err = linkClosed(this.peerId, close.reason);
    this.streamOut.fail(err);
    this.pushOut.fail(err);
    this.aeOut.fail(err);
    this.repairs.fail(err);
    this.wake();
    for (const handler of this.closeHandlers.splice(0)) handler(close);
  }
}
