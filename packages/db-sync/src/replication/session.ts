import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { SyncError, isSyncError } from '../errors.js';
import { decodeHlc } from '../hlc.js';
import type { RecordRow, Store, StoreInternals } from '../store/index.js';
import { MESSAGE_FRAME_TYPE, TOPIC_PATTERN } from '../transport/index.js';
import type { Link, LinkClose, Message } from '../transport/index.js';
import {
  BUCKETS,
  BUCKETS_PER_ROUND,
  bucketDigests,
  compareBuckets,
  differingBuckets,
  readRows,
  versionsInBuckets,
} from './anti-entropy.js';
import { ChannelSender, DEFAULT_WINDOW, Mailbox, linkClosed } from './channel.js';
import {
  badMessage,
  channelOf,
  int,
  ints,
  opEntries,
  opRows,
  recordRows,
  str,
  strings,
  versionRows,
} from './messages.js';
import type { LogPosition, OpRow, VersionRow } from './messages.js';
import { CHUNK_BYTES, CHUNK_ROWS, mergeRows, openSnapshot } from './snapshot.js';

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

/** What one repair exchange with a peer did. */
export interface RepairStats {
  readonly tables: number;
  /** Records this node sent because the peer lacked them or held older versions. */
  readonly sent: number;
  /** Records received from the peer that were newer here and were written. */
  readonly received: number;
}

const MAX_REPAIR_ROUNDS = BUCKETS / BUCKETS_PER_ROUND + 2;
const VERSION_ROWS_PER_FRAME = 4000;

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
  private readonly mailboxes = new Map<string, Mailbox>();
  private repairing: Promise<RepairStats> | undefined;
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
    this.repairing ??= this.runRepair().finally(() => {
      this.repairing = undefined;
    });
    return this.repairing;
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
        if (m.t.startsWith('ae_')) this.onRepairFrame(m);
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
        entries = await store.oplog.readFrom(pos + 1, limit);
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
        const json = entry.deleted === true ? null : JSON.stringify(entry.value);
        rows.push([entry.table, entry.key, entry.hlc, json]);
        bytes += entry.key.length + (json?.length ?? 0) + 64;
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

  // --- repair (anti-entropy) ---

  private onRepairFrame(m: Message): void {
    const id = str(m, 'id');
    const box = this.mailboxes.get(id);
    if (box !== undefined) {
      box.push(m);
      return;
    }
    if (m.t !== 'ae_tables' || m.tables !== undefined) return;
    const mailbox = new Mailbox();
    this.mailboxes.set(id, mailbox);
    this.answerRepair(id, mailbox)
      .catch((err: unknown) => {
        if (!isSyncError(err, 'SYNC_LINK_CLOSED'))
          this.host.log.warn({ err, peer: this.peerId }, 'repair answer failed');
      })
      .finally(() => this.mailboxes.delete(id));
  }

  private async runRepair(): Promise<RepairStats> {
    const id = randomUUID();
    const mailbox = new Mailbox();
    this.mailboxes.set(id, mailbox);
    const internals = this.host.internals;
    let sent = 0;
    let received = 0;
    try {
      this.link.send({ t: 'ae_tables', id });
      const reply = await expect(mailbox, 'ae_tables');
      const tables = new Set([
        ...(await internals.replicatedTables()),
        ...strings(reply, 'tables'),
      ]);
      for (const table of tables) {
        for (let round = 0; round < MAX_REPAIR_ROUNDS; round += 1) {
          const digests = await bucketDigests(internals, table);
          this.link.send({ t: 'ae_digest', id, table, d: digests });
          const diff = ints(await expect(mailbox, 'ae_diff'), 'buckets');
          if (diff.length === 0) break;
          const ours = await versionsInBuckets(internals, table, new Set(diff));
          await this.sendVersionRows(id, ours);
          for (;;) {
            const m = await mailbox.next();
            if (m.t === 'ae_records') {
              received += await mergeRows(this.host.store, table, recordRows(m));
              this.link.send({ t: 'ack', ch: 'ae', n: int(m, 'n') });
            } else if (m.t === 'ae_want') {
              sent += await this.sendRecords(id, table, strings(m, 'keys'));
              this.link.send({ t: 'ae_end', id });
            } else if (m.t === 'ae_done') {
              break;
            } else {
              throw badMessage(m, 't');
            }
          }
          if (diff.length < BUCKETS_PER_ROUND) break;
        }
      }
      this.link.send({ t: 'ae_close', id });
      return { tables: tables.size, sent, received };
    } finally {
      this.mailboxes.delete(id);
    }
  }

  private async answerRepair(id: string, mailbox: Mailbox): Promise<void> {
    const internals = this.host.internals;
    this.link.send({ t: 'ae_tables', id, tables: await internals.replicatedTables() });
    for (;;) {
      const m = await mailbox.next();
      if (m.t === 'ae_close') return;
      if (m.t !== 'ae_digest') throw badMessage(m, 't');
      const table = str(m, 'table');
      const theirDigests = strings(m, 'd');
      if (theirDigests.length !== BUCKETS) throw badMessage(m, 'd');
      const diff = differingBuckets(theirDigests, await bucketDigests(internals, table)).slice(
        0,
        BUCKETS_PER_ROUND,
      );
      this.link.send({ t: 'ae_diff', id, buckets: diff });
      if (diff.length === 0) continue;
      const theirs: VersionRow[] = [];
      for (;;) {
        const v = await expect(mailbox, 'ae_versions');
        for (const row of versionRows(v)) theirs.push(row);
        if (v.last === true) break;
      }
      const ours = await versionsInBuckets(internals, table, new Set(diff));
      const { send, want } = compareBuckets(ours, theirs);
      await this.sendRecords(id, table, send);
      this.link.send({ t: 'ae_want', id, keys: want });
      let received = 0;
      for (;;) {
        const r = await mailbox.next();
        if (r.t === 'ae_end') break;
        if (r.t !== 'ae_records') throw badMessage(r, 't');
        received += await mergeRows(this.host.store, table, recordRows(r));
        this.link.send({ t: 'ack', ch: 'ae', n: int(r, 'n') });
      }
      if (send.length > 0 || received > 0) {
        this.host.log.info(
          { peer: this.peerId, table, sent: send.length, received },
          'repair exchanged records',
        );
      }
      this.link.send({ t: 'ae_done', id });
    }
  }

  private async sendVersionRows(id: string, rows: readonly VersionRow[]): Promise<void> {
    for (let i = 0; i === 0 || i < rows.length; i += VERSION_ROWS_PER_FRAME) {
      const part = rows.slice(i, i + VERSION_ROWS_PER_FRAME);
      await this.link.writable();
      if (this.link.closed) throw linkClosed(this.peerId, 'closed');
      this.link.send({
        t: 'ae_versions',
        id,
        rows: part,
        last: i + VERSION_ROWS_PER_FRAME >= rows.length,
      });
    }
  }

  /** Sends the current records of `keys` on the repair channel; returns how many. */
  private async sendRecords(id: string, table: string, keys: readonly string[]): Promise<number> {
    let sent = 0;
    for (let i = 0; i < keys.length; i += CHUNK_ROWS) {
      const rows: RecordRow[] = await readRows(
        this.host.internals,
        table,
        keys.slice(i, i + CHUNK_ROWS),
      );
      for (const part of cutByBytes(rows)) {
        await this.aeOut.send({ t: 'ae_records', id, table, rows: part });
        sent += part.length;
      }
    }
    return sent;
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
    for (const box of this.mailboxes.values()) box.fail(err);
    this.wake();
    for (const handler of this.closeHandlers.splice(0)) handler(close);
  }
}

async function expect(mailbox: Mailbox, type: string): Promise<Message> {
  const m = await mailbox.next();
  if (m.t !== type) {
    throw new SyncError('SYNC_PROTOCOL', `expected ${type}`, { type: m.t.slice(0, 40) });
  }
  return m;
}

function cutByBytes(rows: readonly RecordRow[]): RecordRow[][] {
  const parts: RecordRow[][] = [];
  let part: RecordRow[] = [];
  let bytes = 0;
  for (const row of rows) {
    part.push(row);
    bytes += row[0].length + (row[3]?.length ?? 0) + 64;
    if (bytes >= CHUNK_BYTES) {
      parts.push(part);
      part = [];
      bytes = 0;
    }
  }
  if (part.length > 0) parts.push(part);
  return parts;
}
