/**
 * Anti-entropy over one peer link: the exchange this node starts (compare bucket digests per
 * table, then versions of the differing buckets, then send and receive the records one side
 * lacks) and the answers to the exchanges the peer starts.
 */
import { randomUUID } from 'node:crypto';
import { isSyncError, SyncError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { RecordRow, Store, StoreInternals } from '../store/index.js';
import type { Link, Message } from '../transport/index.js';
import {
  BUCKETS,
  BUCKETS_PER_ROUND,
  bucketDigests,
  compareBuckets,
  differingBuckets,
  readRows,
  versionsInBuckets,
} from './anti-entropy.js';
import { linkClosed } from './channel.js';
import { Mailbox } from '../transport/index.js';
import type { ChannelSender } from './channel.js';
import { badMessage, int, ints, recordRows, str, strings, versionRows } from './messages.js';
import type { VersionRow } from './messages.js';
import { CHUNK_BYTES, CHUNK_ROWS, mergeRows } from './snapshot.js';

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

/** What an exchange needs besides the link and its repair channel. */
export interface RepairContext {
  readonly peerId: string;
  readonly store: Store;
  readonly internals: StoreInternals;
  readonly log: Logger;
}

/** The repair exchanges on one link, by exchange id. */
export class RepairExchanges {
  private readonly link: Link;
  private readonly aeOut: ChannelSender;
  private readonly ctx: RepairContext;
  private readonly mailboxes = new Map<string, Mailbox>();
  private repairing: Promise<RepairStats> | undefined;

  constructor(link: Link, aeOut: ChannelSender, ctx: RepairContext) {
    this.link = link;
    this.aeOut = aeOut;
    this.ctx = ctx;
  }

  /** Runs an exchange with the peer (one at a time: a second call shares the running one). */
  repair(): Promise<RepairStats> {
    this.repairing ??= this.runRepair().finally(() => {
      this.repairing = undefined;
    });
    return this.repairing;
  }

  /** Fails every exchange in progress (the link is gone). */
  fail(err: SyncError): void {
    for (const box of this.mailboxes.values()) box.fail(err);
  }

  /** A repair frame from the peer: to its exchange, or the start of one the peer runs. */
  onFrame(m: Message): void {
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
          this.ctx.log.warn({ err, peer: this.ctx.peerId }, 'repair answer failed');
      })
      .finally(() => this.mailboxes.delete(id));
  }

  private async runRepair(): Promise<RepairStats> {
    const id = randomUUID();
    const mailbox = new Mailbox();
    this.mailboxes.set(id, mailbox);
    const internals = this.ctx.internals;
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
              received += await mergeRows(this.ctx.store, table, recordRows(m));
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
    const internals = this.ctx.internals;
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
        received += await mergeRows(this.ctx.store, table, recordRows(r));
        this.link.send({ t: 'ack', ch: 'ae', n: int(r, 'n') });
      }
      if (send.length > 0 || received > 0) {
        this.ctx.log.info(
          { peer: this.ctx.peerId, table, sent: send.length, received },
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
      if (this.link.closed) throw linkClosed(this.ctx.peerId, 'closed');
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
        this.ctx.internals,
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
