import { createHash } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import type { AbstractBatchOptions } from 'abstract-level';
import {
  assertKey,
  compareVersions,
  decodeValue,
  decodeVersion,
  encodeValue,
  encodeVersion,
} from './codec.js';
import { SyncError, asError } from './errors.js';
import { HybridClock, NODE_ID_PATTERN, assertNodeId, decodeHlc, encodeHlc } from './hlc.js';
import type { Hlc } from './hlc.js';
import { silentLogger } from './logger.js';
import type { Logger } from './logger.js';
import { systemClock } from './clock.js';
import type { Clock } from './clock.js';
import type { LevelDb, LevelOp, LevelSnapshot, LevelSub } from './level.js';
import { Oplog } from './oplog/index.js';
import type { OplogHost, RemoteEntry } from './oplog/index.js';
import { decodeSeq, encodeSeq, encodeStoredEntry } from './oplog/entry.js';
import { toLevelRange } from './range.js';
import type { KeyRange } from './range.js';
import { LocalTable, Table, prepareOp } from './table.js';
import type { PreparedOp, TableHost, TableSpec } from './table.js';
import type {
  ApplyResult,
  ChangeEvent,
  ChangeListener,
  AnyMergeFunction,
  ChangeOp,
  MergeFunction,
  RecordVersion,
  WriteOp,
  WriteOptions,
} from './types.js';
import { WriteQueue } from './write-queue.js';

/**
 * One record as snapshots, bulk loads and repairs carry it: key, HLC, origin and the value's
 * JSON text, or null for a tombstone.
 */
export type RecordRow = readonly [key: string, hlc: string, origin: string, json: string | null];

/**
 * What the cluster code of this package needs beyond the public {@link Store} API. Not exported
 * from the package entry: the server never swaps databases or bulk-loads on its own.
 */
export interface StoreInternals {
  /** Directory of a store that opened its own classic-level database. */
  readonly location: string | undefined;
  /** The current root database (replaced by {@link replaceDatabase}). */
  readonly db: LevelDb;
  readonly clock: HybridClock;
  /**
   * Replaces the whole database with an empty one, keeping every table handle valid: a
   * directory store closes, moves its directory to `backupLocation` (deletes it when undefined)
   * and reopens; a caller-owned database is cleared. Emits a `reset` change event.
   */
  replaceDatabase(backupLocation: string | undefined): Promise<void>;
  /** True when the database holds no key at all. */
  isEmpty(): Promise<boolean>;
  /** The data and versions sublevels of replicated table `name`. */
  tableSubs(name: string): { readonly data: LevelSub; readonly versions: LevelSub };
  /** An explicit snapshot with the oplog position it contains. The caller closes it. */
  takeSnapshot(): Promise<{ readonly snapshot: LevelSnapshot; readonly lastSeq: number }>;
  /** Names of the replicated tables that hold at least one version (tombstones count). */
  replicatedTables(snapshot?: LevelSnapshot): Promise<string[]>;
  /** Writes records as they are, without oplog entries or version checks: joins only. */
  loadRecords(table: string, rows: readonly RecordRow[]): Promise<void>;
  /** Emits a `reset` change event (after a bulk load, so caches drop what they read meanwhile). */
  notifyReset(): void;
  /** True when some table other than `ignored` holds data (a value or a tombstone). */
  hasDataBeyond(ignored: readonly string[]): Promise<boolean>;
}

/** The internals of a store made by {@link openStore}; throws for any other object. */
export function storeInternals(store: Store): StoreInternals {
  if (store instanceof LevelStore) return store;
  throw new SyncError('SYNC_INVALID_OPTIONS', 'store was not made by openStore');
}

/** Options of {@link openStore}. Give exactly one of `db` and `location`. */
export interface OpenStoreOptions {
  /** An abstract-level database (memory-level in tests). The caller opens and closes it. */
  readonly db?: LevelDb | undefined;
  /** Directory of a classic-level database, created if missing; the store closes it. */
  readonly location?: string | undefined;
  /** This node's id: origin of its writes and HLC tie-break (printable ASCII, 1-128 chars). */
  readonly nodeId: string;
  /** Wall clock in ms; the system clock when unset. */
  readonly now?: Clock['now'] | undefined;
  /** Refuse remote entries whose HLC is this far ahead of the local wall clock. */
  readonly maxClockDriftMs?: number | undefined;
  /** Receives errors thrown by change listeners (which never fail a write). */
  readonly log?: Logger | undefined;
  /**
   * Merge functions of replicated tables by table name (see {@link TableOptions.merge}).
   * Registered here, a merge applies from the first entry a peer sends, even for a table this
   * node has not opened yet; that is why the cluster takes them through `storeOptions`.
   */
  readonly merges?: Readonly<Record<string, AnyMergeFunction>> | undefined;
}

/** Options of {@link Store.table}. */
export interface TableOptions<V = unknown> {
  /** False for a node-local table: no oplog, no versions, never sent to peers. */
  readonly replicated?: boolean | undefined;
  /**
   * Combines two values of one key when a peer's put meets a stored put: the stored value
   * becomes merge(winner, loser), where winner is the last writer by (hlc, origin). The version
   * stays the winner's. Must be deterministic, commutative in effect, and idempotent
   * (merge(w, merge(w, l)) equals merge(w, l)), so that every node converges to the same value.
   * Tombstones and local writes never merge. Set when the table is first opened, and before
   * any peer entry for it arrives: prefer {@link OpenStoreOptions.merges}. Pass the same
   * function each time (a different one throws SYNC_INVALID_TABLE).
   */
  readonly merge?: ((winner: V, loser: V) => V) | undefined;
}

/**
 * A node's database: replicated tables whose every write lands in the oplog in the same atomic
 * batch, local tables for high-rate logs, and the last-writer-wins merge of peers' entries.
 */
export interface Store {
  /** Origin of this node's writes. */
  readonly nodeId: string;
  /** The node's hybrid logical clock; writes and `applyRemote` advance it. */
  readonly clock: HybridClock;
  /** Read side of the operation log: `readFrom`, `lastSeq`, `trim`. */
  readonly oplog: Oplog;
  /** True once `close` was called. */
  readonly closed: boolean;
  /**
   * The table `name` (created on first use). A name is replicated or local for the life of the
   * store; asking for the other kind throws SYNC_INVALID_TABLE.
   */
  table<V = unknown>(
    name: string,
    options?: { readonly replicated?: true | undefined; readonly merge?: MergeFunction<V> },
  ): Table<V>;
  table<V = unknown>(name: string, options: { readonly replicated: false }): LocalTable<V>;
  table<V = unknown>(name: string, options?: TableOptions<V>): Table<V> | LocalTable<V>;
  /**
   * Writes `ops` in ONE atomic LevelDB batch with their oplog entries and the log head. Every
   * write of the store goes through here; concurrent calls commit in call order.
   */
  batch(ops: readonly WriteOp[], options?: WriteOptions): Promise<void>;
  /**
   * Applies a peer's entries last-writer-wins on (hlc, origin): only entries newer than the
   * key's version (tombstones included) are written, logged here with their original hlc and
   * origin. In a table with a merge, puts meeting a stored put are combined instead (an older
   * one is merged into the stored value in place, version unchanged). The same as applying the
   * entries one by one in order. Idempotent. Advances the clock past the newest entry.
   */
  applyRemote(entries: readonly RemoteEntry[]): Promise<ApplyResult>;
  /** Calls `listener` after each commit; returns the function that removes it. */
  onChange(listener: ChangeListener): () => void;
  /** SHA-256 (hex) over (key, hlc, origin) of every record of a replicated table, tombstones included. */
  digest(table: string, range?: KeyRange): Promise<string>;
  /** Lets queued writes finish, then closes the database if the store opened it. */
  close(): Promise<void>;
}

/**
 * Opens a store on `db` or on a classic-level directory at `location`. Throws SYNC_LOCKED when
 * another process (or store) holds that directory.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  assertNodeId(options.nodeId);
  if ((options.db === undefined) === (options.location === undefined)) {
    throw new SyncError('SYNC_INVALID_OPTIONS', 'give exactly one of db and location');
  }
  let db: LevelDb;
  if (options.location !== undefined) {
    db = await openClassic(options.location);
  } else {
    db = options.db as LevelDb;
    try {
      await db.open();
    } catch (err) {
      throw new SyncError('SYNC_OPEN_FAILED', 'database failed to open', {}, { cause: err });
    }
  }
  const owned = options.location !== undefined;
  try {
    return await LevelStore.open(db, owned, options);
  } catch (err) {
    if (owned) await db.close();
    throw err;
  }
}

async function openClassic(location: string): Promise<LevelDb> {
  try {
    // LevelDB creates the last directory only.
    await mkdir(location, { recursive: true });
    const { ClassicLevel } = await import('classic-level');
    const db = new ClassicLevel<string, string>(location);
    await db.open();
    return db;
  } catch (err) {
    if (levelCode(err) === 'LEVEL_LOCKED' || levelCode(causeOf(err)) === 'LEVEL_LOCKED') {
      throw new SyncError(
        'SYNC_LOCKED',
        `database directory ${location} is held by another process or store`,
        { location },
        { cause: err },
      );
    }
    throw new SyncError(
      'SYNC_OPEN_FAILED',
      `database at ${location} failed to open`,
      { location },
      {
        cause: err,
      },
    );
  }
}

function levelCode(err: unknown): unknown {
  return typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
}

function causeOf(err: unknown): unknown {
  return err instanceof Error ? err.cause : undefined;
}

const TABLE_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
const HEAD_KEY = 'head';
const SUBLEVEL = { keyEncoding: 'utf8', valueEncoding: 'utf8' } as const;

interface ClassicBatchOptions extends AbstractBatchOptions<string, string> {
  readonly sync?: boolean;
}
const SYNC_BATCH: ClassicBatchOptions = { sync: true };

/** Persisted position of the log, rewritten in every batch that appends to it. */
interface Head {
  readonly seq: number;
  readonly hlc: string | undefined;
  readonly trimmed: number;
}

/** A local batch waiting in the write queue. */
interface PendingWrite {
  readonly ops: PreparedOp[];
  readonly sync: boolean;
}

/** A validated remote entry. */
interface RemoteOp {
  readonly spec: TableSpec;
  readonly versions: LevelSub;
  readonly key: string;
  readonly hlc: string;
  readonly parsedHlc: Hlc;
  readonly origin: string;
  readonly value: unknown;
  readonly json: string | undefined;
}

class LevelStore implements Store, OplogHost, TableHost, StoreInternals {
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
  private readonly specs = new Map<string, TableSpec>();
  private readonly merges: ReadonlyMap<string, MergeFunction>;
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
    this.merges = mergesOf(options.merges);
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
    const oplog = db.sublevel<string, string>('o', SUBLEVEL);
    const meta = db.sublevel<string, string>('m', SUBLEVEL);
    let headText: string | undefined;
    let lastKeys: string[];
    try {
      headText = await meta.get(HEAD_KEY);
      lastKeys = await oplog.keys({ reverse: true, limit: 1 }).all();
    } catch (err) {
      throw new SyncError('SYNC_OPEN_FAILED', 'store state unreadable', {}, { cause: err });
    }
    const head = parseHead(headText);
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
    if (err instanceof SyncError) return err;
    if (
      levelCode(err) === 'LEVEL_DATABASE_NOT_OPEN' ||
      levelCode(err) === 'LEVEL_ITERATOR_NOT_OPEN'
    ) {
      return new SyncError(
        'SYNC_CLOSED',
        'database is closed',
        { table: table ?? null },
        { cause: err },
      );
    }
    return new SyncError(
      'SYNC_READ_FAILED',
      'read failed',
      { table: table ?? null },
      { cause: err },
    );
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
        throw this.writeFailed(err);
      }
      return upto;
    });
  }

  // --- StoreInternals: used by the cluster code of this package, not exported ---

  replaceDatabase(backupLocation: string | undefined): Promise<void> {
    this.assertOpen();
    return this.queue.exclusive(async () => {
      if (this.owned && this.location !== undefined) {
        const location = this.location;
        try {
          await this.db.close();
          if (backupLocation !== undefined) await rename(location, backupLocation);
          else await rm(location, { recursive: true, force: true });
        } catch (err) {
          throw new SyncError(
            'SYNC_WRITE_FAILED',
            `database at ${location} could not be moved aside`,
            { location, backupLocation: backupLocation ?? null },
            { cause: err },
          );
        }
        this.db = await openClassic(location);
      } else {
        try {
          await this.db.clear();
        } catch (err) {
          throw this.writeFailed(err);
        }
      }
      this.oplogSub = this.db.sublevel<string, string>('o', SUBLEVEL);
      this.metaSub = this.db.sublevel<string, string>('m', SUBLEVEL);
      for (const spec of this.specs.values()) {
        spec.data = this.db.sublevel<string, string>(['d', spec.name], SUBLEVEL);
        if (spec.replicated) {
          spec.versions = this.db.sublevel<string, string>(['v', spec.name], SUBLEVEL);
        }
      }
      this.seq = 0;
      this.trimmed = 0;
      try {
        await this.db.batch([this.headOp(0)]);
      } catch (err) {
        throw this.writeFailed(err);
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

  async replicatedTables(snapshot?: LevelSnapshot): Promise<string[]> {
    this.assertOpen();
    // Version keys are `!v!!<table>!<key>`: read one key per table and seek past the rest.
    const names: string[] = [];
    const iterator = this.db.keys({
      gt: '!v!!',
      lt: '!v!"',
      ...(snapshot === undefined ? {} : { snapshot }),
    });
    try {
      for (;;) {
        const key = await iterator.next();
        if (key === undefined) break;
        const end = key.indexOf('!', 4);
        if (end < 0) break;
        const name = key.slice(4, end);
        names.push(name);
        iterator.seek(`!v!!${name}"`);
      }
    } catch (err) {
      throw this.readFailed(err);
    } finally {
      await iterator.close();
    }
    return names.filter((name) => TABLE_NAME_PATTERN.test(name));
  }

  loadRecords(table: string, rows: readonly RecordRow[]): Promise<void> {
    this.assertOpen();
    const spec = this.spec(table, true);
    const versions = spec.versions as LevelSub;
    const out: LevelOp[] = [];
    let newest: string | undefined;
    for (const [key, hlc, origin, json] of rows) {
      assertKey(key, table);
      decodeHlc(hlc);
      if (!NODE_ID_PATTERN.test(origin)) {
        throw new SyncError('SYNC_INVALID_ENTRY', 'record has an invalid origin', { table, key });
      }
      if (json !== null) out.push({ type: 'put', sublevel: spec.data, key, value: json });
      out.push({
        type: 'put',
        sublevel: versions,
        key,
        value: encodeVersion(hlc, origin, json === null),
      });
      if (newest === undefined || hlc > newest) newest = hlc;
    }
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
        throw this.writeFailed(err);
      }
    });
  }

  notifyReset(): void {
    this.emit([{ source: 'reset', ops: [] }]);
  }

  async hasDataBeyond(ignored: readonly string[]): Promise<boolean> {
    this.assertOpen();
    const skip = new Set(ignored);
    for (const kind of ['d', 'v']) {
      const iterator = this.db.keys({ gt: `!${kind}!!`, lt: `!${kind}!"` });
      try {
        for (;;) {
          const key = await iterator.next();
          if (key === undefined) break;
          const end = key.indexOf('!', 4);
          const name = end < 0 ? '' : key.slice(4, end);
          if (!skip.has(name)) return true;
          iterator.seek(`!${kind}!!${name}"`);
        }
      } catch (err) {
        throw this.readFailed(err);
      } finally {
        await iterator.close();
      }
    }
    return false;
  }

  // --- internals ---

  private spec(name: string, replicated: boolean, merge?: MergeFunction): TableSpec {
    const known = this.specs.get(name);
    if (known !== undefined) {
      if (known.replicated !== replicated) {
        throw new SyncError(
          'SYNC_INVALID_TABLE',
          known.replicated ? 'table is replicated, not local' : 'table is local, not replicated',
          { table: name },
        );
      }
      if (merge !== undefined && merge !== known.merge) throw mergeMismatch(name);
      return known;
    }
    if (typeof name !== 'string' || !TABLE_NAME_PATTERN.test(name)) {
      throw new SyncError('SYNC_INVALID_TABLE', 'table name must be 1-64 of [A-Za-z0-9_.-]', {
        table: String(name),
      });
    }
    const registered = this.merges.get(name);
    if (merge !== undefined && registered !== undefined && merge !== registered) {
      throw mergeMismatch(name);
    }
    if (!replicated && (merge ?? registered) !== undefined) {
      throw new SyncError('SYNC_INVALID_TABLE', 'only a replicated table can have a merge', {
        table: name,
      });
    }
    const spec: TableSpec = {
      name,
      replicated,
      merge: merge ?? registered,
      data: this.db.sublevel<string, string>(['d', name], SUBLEVEL),
      versions: replicated ? this.db.sublevel<string, string>(['v', name], SUBLEVEL) : undefined,
    };
    this.specs.set(name, spec);
    return spec;
  }

  /** Batches name their table; an unknown name becomes a replicated table, a local one stays local. */
  private specForWrite(name: string): TableSpec {
    return this.specs.get(name) ?? this.spec(name, true);
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
    const spec = this.specForWrite(entry.table);
    if (spec.versions === undefined) throw notReplicated(spec.name);
    assertKey(entry.key, spec.name);
    if (typeof entry.origin !== 'string' || !NODE_ID_PATTERN.test(entry.origin)) {
      throw new SyncError('SYNC_INVALID_ENTRY', 'remote entry has an invalid origin', {
        table: spec.name,
        key: entry.key,
      });
    }
    const deleted = entry.deleted === true;
    return {
      spec,
      versions: spec.versions,
      key: entry.key,
      hlc: entry.hlc,
      parsedHlc: decodeHlc(entry.hlc),
      origin: entry.origin,
      value: deleted ? undefined : entry.value,
      json: deleted ? undefined : encodeValue(entry.value, spec.name, entry.key),
    };
  }

  private headOp(seq: number): LevelOp {
    const head: Head = { seq, hlc: encodeHlc(this.clock.last()), trimmed: this.trimmed };
    return { type: 'put', sublevel: this.metaSub, key: HEAD_KEY, value: JSON.stringify(head) };
  }

  /** Pushes the data, version and oplog writes of one replicated operation. */
  private pushReplicated(
    out: LevelOp[],
    spec: TableSpec,
    versions: LevelSub,
    seq: number,
    key: string,
    json: string | undefined,
    hlc: string,
    origin: string,
  ): void {
    out.push(
      json === undefined
        ? { type: 'del', sublevel: spec.data, key }
        : { type: 'put', sublevel: spec.data, key, value: json },
      {
        type: 'put',
        sublevel: versions,
        key,
        value: encodeVersion(hlc, origin, json === undefined),
      },
      {
        type: 'put',
        sublevel: this.oplogSub,
        key: encodeSeq(seq),
        value: encodeStoredEntry(spec.name, key, hlc, origin, json),
      },
    );
  }

  /**
   * Commits one group of local batches. Runs inside the write queue, so sequence numbers and
   * HLCs are handed out here, in commit order, and never skip on a failed batch.
   */
  private commitLocal(items: readonly PendingWrite[]): Promise<void> {
    const out: LevelOp[] = [];
    const events: ChangeEvent[] | undefined = this.listeners.size > 0 ? [] : undefined;
    let seq = this.seq;
    let sync = false;
    for (const item of items) {
      if (item.sync) sync = true;
      const changes: ChangeOp[] | undefined = events === undefined ? undefined : [];
      for (const { spec, key, value, json } of item.ops) {
        const deleted = json === undefined;
        if (spec.versions === undefined) {
          out.push(
            deleted
              ? { type: 'del', sublevel: spec.data, key }
              : { type: 'put', sublevel: spec.data, key, value: json },
          );
          changes?.push({ table: spec.name, key, deleted, value });
          continue;
        }
        seq += 1;
        const hlc = encodeHlc(this.clock.now());
        this.pushReplicated(out, spec, spec.versions, seq, key, json, hlc, this.nodeId);
        changes?.push({ table: spec.name, key, deleted, value, seq, hlc, origin: this.nodeId });
      }
      if (changes !== undefined) events?.push({ source: 'local', ops: changes });
    }
    if (seq !== this.seq) out.push(this.headOp(seq));
    return this.db.batch(out, sync ? SYNC_BATCH : {}).then(
      () => {
        this.seq = seq;
        if (events !== undefined) this.emit(events);
      },
      (err: unknown) => {
        throw this.writeFailed(err);
      },
    );
  }

  private async commitRemote(ops: readonly RemoteOp[]): Promise<ApplyResult> {
    let newest = ops[0] as RemoteOp;
    for (const op of ops) if (compareVersions(op, newest) > 0) newest = op;
    this.clock.receive(newest.parsedHlc);

    // Without a merge only the newest entry per key can win; with one every put counts, in order.
    const groups = new Map<string, RemoteOp[]>();
    for (const op of ops) {
      const id = `${op.spec.name}\n${op.key}`;
      const seen = groups.get(id);
      if (seen === undefined) groups.set(id, [op]);
      else if (op.spec.merge !== undefined) seen.push(op);
      else if (compareVersions(op, seen[0] as RemoteOp) > 0) seen[0] = op;
    }
    const byTable = new Map<TableSpec, RemoteOp[][]>();
    for (const group of groups.values()) {
      const spec = (group[0] as RemoteOp).spec;
      const list = byTable.get(spec);
      if (list === undefined) byTable.set(spec, [group]);
      else list.push(group);
    }

    const out: LevelOp[] = [];
    const changes: ChangeOp[] = [];
    let seq = this.seq;
    for (const [spec, list] of byTable) {
      const versions = spec.versions as LevelSub;
      const keys = list.map((group) => (group[0] as RemoteOp).key);
      let current: (string | undefined)[];
      let values: (string | undefined)[] | undefined;
      try {
        current = await versions.getMany(keys);
        if (spec.merge !== undefined) values = await spec.data.getMany(keys);
      } catch (err) {
        throw this.readFailed(err);
      }
      list.forEach((group, i) => {
        const key = keys[i] as string;
        const text = current[i];
        const stored = text === undefined ? undefined : decodeVersion(text, spec.name, key);
        const outcome =
          spec.merge === undefined
            ? lastWriter(group[0] as RemoteOp, stored)
            : mergeGroup(spec, spec.merge, key, group, stored, values?.[i]);
        if (outcome === undefined) return;
        if (outcome.version === undefined) {
          // A loser merged in place: data only, so the version and the digests stay as they are.
          out.push({ type: 'put', sublevel: spec.data, key, value: outcome.json as string });
          changes.push({
            table: spec.name,
            key,
            deleted: false,
            value: outcome.value,
            hlc: stored?.hlc,
            origin: stored?.origin,
          });
          return;
        }
        const { hlc, origin } = outcome.version;
        seq += 1;
        this.pushReplicated(out, spec, versions, seq, key, outcome.json, hlc, origin);
        changes.push({
          table: spec.name,
          key,
          deleted: outcome.json === undefined,
          value: outcome.value,
          seq,
          hlc,
          origin,
        });
      });
    }
    if (changes.length === 0) return { applied: 0, skipped: ops.length };
    if (seq !== this.seq) out.push(this.headOp(seq));
    try {
      await this.db.batch(out);
    } catch (err) {
      throw this.writeFailed(err);
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

  private writeFailed(err: unknown): SyncError {
    if (err instanceof SyncError) return err;
    if (levelCode(err) === 'LEVEL_DATABASE_NOT_OPEN') {
      return new SyncError(
        'SYNC_CLOSED',
        'database is closed',
        { nodeId: this.nodeId },
        { cause: err },
      );
    }
    return new SyncError(
      'SYNC_WRITE_FAILED',
      'write failed',
      { nodeId: this.nodeId },
      { cause: err },
    );
  }
}

/**
 * What one key of a remote apply writes: a new `version` with its value (`json` undefined for
 * a tombstone), or, with `version` undefined, a merged value under the stored version.
 */
interface KeyOutcome {
  readonly version: { readonly hlc: string; readonly origin: string } | undefined;
  readonly value: unknown;
  readonly json: string | undefined;
}

/** Last-writer-wins: `op` is written when it is newer than the stored version. */
function lastWriter(op: RemoteOp, stored: RecordVersion | undefined): KeyOutcome | undefined {
  if (stored !== undefined && compareVersions(stored, op) >= 0) return undefined;
  return { version: op, value: op.value, json: op.json };
}

/**
 * Applies `group` (the entries of one key, in arrival order) one by one onto the stored record
 * of a table with a merge: a newer put takes the version and merge(incoming, current); an older
 * put leaves the version and makes merge(current, incoming); tombstones never merge.
 */
function mergeGroup(
  spec: TableSpec,
  merge: MergeFunction,
  key: string,
  group: readonly RemoteOp[],
  stored: RecordVersion | undefined,
  storedJson: string | undefined,
): KeyOutcome | undefined {
  let version: { readonly hlc: string; readonly origin: string } | undefined = stored;
  let json = stored === undefined || stored.deleted ? undefined : storedJson;
  if (stored !== undefined && !stored.deleted && json === undefined) {
    throw new SyncError('SYNC_CORRUPT', 'record version without data', { table: spec.name, key });
  }
  let value: unknown = json === undefined ? undefined : decodeValue(json, spec.name, key);
  let versionChanged = false;
  let valueChanged = false;
  for (const op of group) {
    const order = version === undefined ? 1 : compareVersions(op, version);
    if (order === 0) continue;
    const bothPuts = op.json !== undefined && json !== undefined;
    if (order > 0) {
      version = op;
      versionChanged = true;
      if (bothPuts) {
        value = runMerge(merge, op.value, value, spec.name, key);
        json = encodeValue(value, spec.name, key);
      } else {
        value = op.value;
        json = op.json;
      }
    } else if (bothPuts) {
      const merged = runMerge(merge, value, op.value, spec.name, key);
      const mergedJson = encodeValue(merged, spec.name, key);
      if (mergedJson !== json) {
        value = merged;
        json = mergedJson;
        valueChanged = true;
      }
    }
  }
  if (versionChanged) return { version, value, json };
  return valueChanged ? { version: undefined, value, json } : undefined;
}

function runMerge(
  merge: MergeFunction,
  winner: unknown,
  loser: unknown,
  table: string,
  key: string,
): unknown {
  try {
    return merge(winner, loser);
  } catch (err) {
    throw new SyncError(
      'SYNC_INVALID_VALUE',
      'merge function failed',
      { table, key },
      { cause: err },
    );
  }
}

/** The merge functions of {@link OpenStoreOptions.merges}; throws SYNC_INVALID_OPTIONS on a non-function. */
function mergesOf(
  merges: Readonly<Record<string, AnyMergeFunction>> | undefined,
): ReadonlyMap<string, MergeFunction> {
  const out = new Map<string, MergeFunction>();
  for (const [table, merge] of Object.entries(merges ?? {})) {
    if (typeof merge !== 'function') {
      throw new SyncError('SYNC_INVALID_OPTIONS', 'a merge must be a function', { table });
    }
    out.set(table, merge as unknown as MergeFunction);
  }
  return out;
}

function mergeMismatch(table: string): SyncError {
  return new SyncError('SYNC_INVALID_TABLE', 'table was opened with another merge function', {
    table,
  });
}

function notReplicated(table: string): SyncError {
  return new SyncError('SYNC_INVALID_TABLE', 'table is local, not replicated', { table });
}

function parseHead(text: string | undefined): Head {
  if (text === undefined) return { seq: 0, hlc: undefined, trimmed: 0 };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new SyncError('SYNC_CORRUPT', 'unreadable log head', {}, { cause: err });
  }
  const r = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<
    string,
    unknown
  >;
  const { seq, trimmed, hlc } = r;
  if (
    typeof seq !== 'number' ||
    typeof trimmed !== 'number' ||
    !Number.isSafeInteger(seq) ||
    !Number.isSafeInteger(trimmed) ||
    (hlc !== undefined && typeof hlc !== 'string')
  ) {
    throw new SyncError('SYNC_CORRUPT', 'malformed log head', {});
  }
  return { seq, trimmed, hlc };
}
