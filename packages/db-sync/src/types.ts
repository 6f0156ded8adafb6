/** Options of one write. */
export interface WriteOptions {
  /**
   * fsync before resolving (classic-level `sync`). Off by default: a crash may then lose the
   * last writes, which replication from peers repairs; turn it on for writes that must survive
   * a power cut on their own.
   */
  readonly sync?: boolean | undefined;
}

/** A put in {@link Store.batch}. Values are stored as JSON. */
export interface PutOp {
  readonly table: string;
  readonly key: string;
  readonly value: unknown;
  readonly deleted?: false | undefined;
}

/** A delete in {@link Store.batch}. */
export interface DeleteOp {
  readonly table: string;
  readonly key: string;
  readonly deleted: true;
}

/** One operation of {@link Store.batch}. */
export type WriteOp = PutOp | DeleteOp;

/** One committed operation as listeners see it. */
export interface ChangeOp {
  readonly table: string;
  readonly key: string;
  readonly deleted: boolean;
  /** The value written; undefined for a delete. Shared with the writer: do not mutate. */
  readonly value: unknown;
  /**
   * Oplog position, HLC and origin: set for replicated tables, undefined for local ones. A
   * value merged in place under its stored version (TableOptions.merge) has no oplog entry:
   * `seq` is undefined, `hlc` and `origin` are the kept version's.
   */
  readonly seq?: number | undefined;
  readonly hlc?: string | undefined;
  readonly origin?: string | undefined;
}

/**
 * Operations committed together: one local batch, or the winners of one `applyRemote`. A
 * `reset` event (no ops) means the whole database was replaced or bulk-loaded (a cluster join):
 * a listener that caches anything must drop all of it.
 */
export interface ChangeEvent {
  readonly source: 'local' | 'remote' | 'reset';
  readonly ops: readonly ChangeOp[];
}

/** Called synchronously after each commit, in commit order. Must not throw. */
export type ChangeListener = (event: ChangeEvent) => void;

/**
 * Last-writer-wins version of a record: the HLC and origin of the write that set it. Kept for
 * deleted keys too (a tombstone), so an older put arriving late cannot resurrect them.
 */
export interface RecordVersion {
  readonly hlc: string;
  readonly origin: string;
  readonly deleted: boolean;
}

/** A key and its value, as lists and scans return them. */
export interface TableEntry<V> {
  readonly key: string;
  readonly value: V;
}

/**
 * Combines two values of one key of a replicated table when a peer's put meets a stored put
 * (see TableOptions.merge): `winner` is the last writer by (hlc, origin).
 */
export type MergeFunction<V = unknown> = (winner: V, loser: V) => V;

/**
 * A merge function of any value type, as {@link OpenStoreOptions.merges} holds them: `never`
 * parameters accept every `(winner: V, loser: V) => V`.
 */
export type AnyMergeFunction = (winner: never, loser: never) => unknown;

/** Result of {@link Store.applyRemote}. */
export interface ApplyResult {
  /** Entries that were newer than the local record (or merged into it) and were written. */
  readonly applied: number;
  /** Entries that were older than or equal to the local record (or duplicates) and were dropped. */
  readonly skipped: number;
}
