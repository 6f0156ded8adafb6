/**
 * The store: one class holding a database's state (its sublevels, log position, tables and
 * listeners) and running every write through one queue. What the writes are is planned in
 * commit.ts (local) and remote.ts (peers' entries); join-only operations are in bulk.ts.
 * A little over 400 lines because it implements four host interfaces (Store, TableHost,
 * OplogHost, StoreInternals) over the same state; each method is a thin delegation.
 */
import { createHash } from 'node:crypto';
import type { AbstractBatchOptions } from 'abstract-level';
import { systemClock } from '../clock.js';
import { decodeVersion } from '../codec.js';
import { SyncError, asError } from '../errors.js';
import { HybridClock, decodeHlc, encodeHlc } from '../hlc.js';
import type { LevelDb, LevelOp, LevelSnapshot, LevelSub } from '../level.js';
import { silentLogger } from '../logger.js';
import type { Logger } from '../logger.js';
import { Oplog } from '../oplog/index.js';
import type { OplogHost, RemoteEntry } from '../oplog/index.js';
import { decodeSeq, encodeSeq } from '../oplog/entry.js';
import { toLevelRange } from '../range.js';
import type { KeyRange } from '../range.js';
import { LocalTable, Table, prepareOp } from '../table.js';
import type { PreparedOp, TableHost, TableSpec } from '../table.js';
import type {
  ApplyResult,
  ChangeEvent,
  ChangeListener,
  MergeFunction,
  WriteOp,
  WriteOptions,
} from '../types.js';
import { WriteQueue } from '../write-queue.js';
import type { OpenStoreOptions, RecordRow, Store, StoreInternals, TableOptions } from './api.js';
import { emptyDatabase, hasDataBeyond, recordOps, replicatedTableNames } from './bulk.js';
import { planLocal } from './commit.js';
import type { PendingWrite } from './commit.js';
import { notReplicated, readFailed, writeFailed } from './errors.js';
import { headOp, readHead, rootSubs } from './keyspace.js';
import type { Head } from './keyspace.js';
import { newestOf, planRemote, prepareRemote } from './remote.js';
import { TableSpecs } from './table-specs.js';
import type { RemoteOp } from './remote.js';

interface ClassicBatchOptions extends AbstractBatchOptions<string, string> {
  readonly sync?: boolean;
}
const SYNC_BATCH: ClassicBatchOptions = { sync: true };

/** The internals of a store made by openStore; throws for any other object. */
export function storeInternals(store: Store): StoreInternals {
  if (store instanceof LevelStore) return store;
  throw new SyncError('SYNC_INVALID_OPTIONS', 'store was not made by openStore');
}

export class LevelStore implements Store, OplogHost, TableHost, StoreInternals {
  readonly nodeId: string;
  readonly clock: HybridClock;
  readonly oplog: Oplog;
  readonly location: string | undefined;
  // Replaced (with the sublevels below) when a join swaps the database.
  db: LevelDb;
  oplogSub: LevelSub;
  private readonly owned: boolean;
  private readonly log: Logger;
  private metaSub: LevelSub;
  private readonly specs: TableSpecs;
  private readonly tables = new Map<string, Table<unknown> | LocalTable<unknown>>();
  private readonly listeners = new Set<ChangeListener>();
  private readonly queue: WriteQueue<PendingWrite>;
  private seq: number;
  private trimmed: number;
  private closing: Promise<void> | undefined;

  private constructor(
    db: LevelDb,
    owned: boolean,
    options: OpenStoreOptions,
    subs: { oplog: LevelSub; meta: LevelSub },
    head: Head,
  ) {
    this.db = db;
    this.owned = owned;
    this.location = owned ? options.location : undefined;
    this.nodeId = options.nodeId;
    this.log = options.log ?? silentLogger;
    this.specs = new TableSpecs(options.merges);
    this.oplogSub = subs.oplog;
    this.metaSub = subs.meta;
    this.seq = head.seq;
    this.trimmed = head.trimmed;
    this.clock = new HybridClock(options.nodeId, options.now ?? (() => systemClock.now()), {
      last: head.hlc === undefined ? undefined : decodeHlc(head.hlc),
      maxDriftMs: options.maxClockDriftMs,
    });
    this.oplog = new Oplog(this);
    this.queue = new WriteQueue((items) => this.commitLocal(items));
  }

  static async open(db: LevelDb, owned: boolean, options: OpenStoreOptions): Promise<LevelStore> {
    const { oplog, meta } = rootSubs(db);
    const head = await readHead(meta);
    let lastKeys: string[];
    try {
      lastKeys = await oplog.keys({ reverse: true, limit: 1 }).all();
    } catch (err) {
      throw new SyncError('SYNC_OPEN_FAILED', 'store state unreadable', {}, { cause: err });
    }
    const lastKey = lastKeys[0];
    // The head and the entries share each batch; the max only guards against a lost head.
    const seq = lastKey === undefined ? head.seq : Math.max(head.seq, decodeSeq(lastKey));
    return new LevelStore(db, owned, options, { oplog, meta }, { ...head, seq });
  }

  get closed(): boolean {
    return this.closing !== undefined;
  }

  get lastSeq(): number {
    return this.seq;
  }

  get trimmedSeq(): number {
    return this.trimmed;
  }

  table<V = unknown>(
    name: string,
    options?: { readonly replicated?: true | undefined; readonly merge?: MergeFunction<V> },
  ): Table<V>;
  table<V = unknown>(name: string, options: { readonly replicated: false }): LocalTable<V>;
  table<V = unknown>(name: string, options?: TableOptions<V>): Table<V> | LocalTable<V>;
  table<V = unknown>(name: string, options: TableOptions<V> = {}): Table<V> | LocalTable<V> {
    this.assertOpen();
    const spec = this.spec(name, options.replicated ?? true, options.merge as MergeFunction);
    let handle = this.tables.get(name);
    if (handle === undefined) {
      handle = spec.replicated
        ? new Table<unknown>(spec, this)
        : new LocalTable<unknown>(spec, this);
      this.tables.set(name, handle);
    }
    // Tables hold JSON; V is the caller's view of it, as with any JSON.parse.
    return handle as Table<V> | LocalTable<V>;
  }

  batch(ops: readonly WriteOp[], options?: WriteOptions): Promise<void> {
    let prepared: PreparedOp[];
    try {
      this.assertOpen();
      prepared = ops.map((op) => this.prepareWrite(op));
    } catch (err) {
      return Promise.reject(asError(err));
    }
    if (prepared.length === 0) return Promise.resolve();
    return this.submit(prepared, options);
  }

  async applyRemote(entries: readonly RemoteEntry[]): Promise<ApplyResult> {
    this.assertOpen();
    const prepared = entries.map((entry) => this.prepareRemote(entry));
    if (prepared.length === 0) return { applied: 0, skipped: 0 };
    return await this.queue.exclusive(() => this.commitRemote(prepared));
  }

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  async digest(name: string, range: KeyRange = {}): Promise<string> {
    this.assertOpen();
    const versions = this.spec(name, true).versions;
    if (versions === undefined) throw notReplicated(name);
    const hash = createHash('sha256');
    const iterator = versions.iterator(toLevelRange(range));
    try {
      for (;;) {
        const rows = await iterator.nextv(1000);
        if (rows.length === 0) break;
        for (const [key, text] of rows) {
          const version = decodeVersion(text, name, key);
          // JSON keeps the fields unambiguous whatever characters the key holds.
          hash.update(`${JSON.stringify([key, version.hlc, version.origin])}\n`);
        }
      }
    } catch (err) {
      throw this.readFailed(err, name);
    } finally {
      await iterator.close();
    }
    return hash.digest('hex');
  }

  close(): Promise<void> {
    this.closing ??= this.queue.idle().then(async () => {
      this.listeners.clear();
      if (this.owned) await this.db.close();
    });
    return this.closing;
  }

  // --- TableHost and OplogHost: used by Table and Oplog, not part of the Store API ---

  assertOpen(): void {
    if (this.closing !== undefined) {
      throw new SyncError('SYNC_CLOSED', 'store is closed', { nodeId: this.nodeId });
    }
  }

  readFailed(err: unknown, table?: string): SyncError {
    return readFailed(err, table);
  }

  submit(ops: PreparedOp[], options: WriteOptions | undefined): Promise<void> {
    return this.queue.push({ ops, sync: options?.sync === true });
  }

  exclusive<R>(fn: () => Promise<R>): Promise<R> {
    return this.queue.exclusive(fn);
  }

  nowHlc(): string {
    return encodeHlc(this.clock.now());
  }

  trimOplog(uptoSeq: number): Promise<number> {
    return this.queue.exclusive(async () => {
      const upto = Math.min(uptoSeq, this.seq);
      if (upto <= this.trimmed) return this.trimmed;
      const before = this.trimmed;
      // Head first: if the range delete is cut short, readers already treat the range as gone
      // and the next trim removes what is left.
      this.trimmed = upto;
      try {
        await this.db.batch([this.headOp(this.seq)]);
        await this.oplogSub.clear({ lte: encodeSeq(upto) });
      } catch (err) {
        this.trimmed = before;
        throw writeFailed(err, this.nodeId);
      }
      return upto;
    });
  }

  // --- StoreInternals: used by the cluster code of this package, not exported ---

  replaceDatabase(backupLocation: string | undefined): Promise<void> {
    this.assertOpen();
    return this.queue.exclusive(async () => {
      const owned =
        this.owned && this.location !== undefined ? { location: this.location } : undefined;
      this.db = await emptyDatabase(this.db, owned, backupLocation, this.nodeId);
      ({ oplog: this.oplogSub, meta: this.metaSub } = rootSubs(this.db));
      this.specs.rebind(this.db);
      this.seq = 0;
      this.trimmed = 0;
      try {
        await this.db.batch([this.headOp(0)]);
      } catch (err) {
        throw writeFailed(err, this.nodeId);
      }
      this.emit([{ source: 'reset', ops: [] }]);
    });
  }

  async isEmpty(): Promise<boolean> {
    this.assertOpen();
    try {
      const keys = await this.db.keys({ limit: 1 }).all();
      return keys.length === 0;
    } catch (err) {
      throw this.readFailed(err);
    }
  }

  tableSubs(name: string): { readonly data: LevelSub; readonly versions: LevelSub } {
    this.assertOpen();
    const spec = this.spec(name, true);
    return { data: spec.data, versions: spec.versions as LevelSub };
  }

  takeSnapshot(): Promise<{ readonly snapshot: LevelSnapshot; readonly lastSeq: number }> {
    this.assertOpen();
    // Inside the queue: no batch is half applied, so lastSeq matches what the snapshot holds.
    return this.queue.exclusive(() => {
      try {
        return Promise.resolve({ snapshot: this.db.snapshot(), lastSeq: this.seq });
      } catch (err) {
        return Promise.reject(this.readFailed(err));
      }
    });
  }

  replicatedTables(snapshot?: LevelSnapshot): Promise<string[]> {
    this.assertOpen();
    return replicatedTableNames(this.db, snapshot);
  }

  loadRecords(table: string, rows: readonly RecordRow[]): Promise<void> {
    this.assertOpen();
    const spec = this.spec(table, true);
    const { out, newest } = recordOps(spec, spec.versions as LevelSub, rows);
    if (out.length === 0) return Promise.resolve();
    return this.queue.exclusive(async () => {
      if (newest !== undefined) {
        try {
          this.clock.receive(decodeHlc(newest));
        } catch (err) {
          // A peer clock far ahead must not stop a join; local writes still order by HLC.
          this.log.error({ err, table }, 'clock not advanced past loaded records');
        }
      }
      try {
        await this.db.batch(out);
      } catch (err) {
        throw writeFailed(err, this.nodeId);
      }
    });
  }

  notifyReset(): void {
    this.emit([{ source: 'reset', ops: [] }]);
  }

  hasDataBeyond(ignored: readonly string[]): Promise<boolean> {
    this.assertOpen();
    return hasDataBeyond(this.db, ignored);
  }

  // --- internals ---

  private spec(name: string, replicated: boolean, merge?: MergeFunction): TableSpec {
    return this.specs.get(this.db, name, replicated, merge);
  }

  private specForWrite(name: string): TableSpec {
    return this.specs.forWrite(this.db, name);
  }

  private prepareWrite(op: WriteOp): PreparedOp {
    if (typeof op !== 'object' || op === null) {
      throw new SyncError('SYNC_INVALID_OPTIONS', 'batch operation must be an object');
    }
    const spec = this.specForWrite(op.table);
    return op.deleted === true
      ? prepareOp(spec, op.key, undefined, true)
      : prepareOp(spec, op.key, op.value, false);
  }

  private prepareRemote(entry: RemoteEntry): RemoteOp {
    if (typeof entry !== 'object' || entry === null) {
      throw new SyncError('SYNC_INVALID_ENTRY', 'remote entry must be an object');
    }
    return prepareRemote(this.specForWrite(entry.table), entry);
  }

  private headOp(seq: number): LevelOp {
    return headOp(this.metaSub, { seq, hlc: encodeHlc(this.clock.last()), trimmed: this.trimmed });
  }

  /**
   * Commits one group of local batches. Runs inside the write queue, so sequence numbers and
   * HLCs are handed out here, in commit order, and never skip on a failed batch.
   */
  private commitLocal(items: readonly PendingWrite[]): Promise<void> {
    const plan = planLocal(
      items,
      {
        seq: this.seq,
        oplog: this.oplogSub,
        nodeId: this.nodeId,
        listening: this.listeners.size > 0,
      },
      () => encodeHlc(this.clock.now()),
    );
    const { out, events, seq } = plan;
    if (seq !== this.seq) out.push(this.headOp(seq));
    return this.db.batch(out, plan.sync ? SYNC_BATCH : {}).then(
      () => {
        this.seq = seq;
        if (events !== undefined) this.emit(events);
      },
      (err: unknown) => {
        throw writeFailed(err, this.nodeId);
      },
    );
  }

  private async commitRemote(ops: readonly RemoteOp[]): Promise<ApplyResult> {
    this.clock.receive(newestOf(ops).parsedHlc);
    const { out, changes, seq } = await planRemote(ops, { seq: this.seq, oplog: this.oplogSub });
    if (changes.length === 0) return { applied: 0, skipped: ops.length };
    if (seq !== this.seq) out.push(this.headOp(seq));
    try {
      await this.db.batch(out);
    } catch (err) {
      throw writeFailed(err, this.nodeId);
    }
    this.seq = seq;
    this.emit([{ source: 'remote', ops: changes }]);
    return { applied: changes.length, skipped: ops.length - changes.length };
  }

  private emit(events: readonly ChangeEvent[]): void {
    for (const event of events) {
      for (const listener of this.listeners) {
        try {
          listener(event);
        } catch (err) {
          this.log.error({ err, source: event.source }, 'change listener failed');
        }
      }
    }
  }
}
