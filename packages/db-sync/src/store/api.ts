/** The Store API, its options, and the internals the cluster code of this package uses. */
import type { HybridClock } from '../hlc.js';
import type { Clock } from '../clock.js';
import type { LevelDb, LevelSnapshot, LevelSub } from '../level.js';
import type { Logger } from '../logger.js';
import type { Oplog, RemoteEntry } from '../oplog/index.js';
import type { KeyRange } from '../range.js';
import type { LocalTable, Table } from '../table.js';
import type {
  AnyMergeFunction,
  ApplyResult,
  ChangeListener,
  MergeFunction,
  WriteOp,
  WriteOptions,
} from '../types.js';

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
