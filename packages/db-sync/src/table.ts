import { assertKey, decodeValue, decodeVersion, encodeValue } from './codec.js';
import { SyncError, asError } from './errors.js';
import { encodeWallMs } from './hlc.js';
import type { LevelSub } from './level.js';
import { toLevelRange } from './range.js';
import type { KeyRange, ListQuery } from './range.js';
import type { MergeFunction, RecordVersion, TableEntry, WriteOptions } from './types.js';

/**
 * The sublevels of one table. `versions` is set only for replicated tables. `data` and
 * `versions` are rebound when a join replaces the database, so tables read them per call.
 */
export interface TableSpec {
  readonly name: string;
  readonly replicated: boolean;
  /** How a peer's put combines with a stored put (replicated tables only; see TableOptions). */
  readonly merge: MergeFunction | undefined;
  data: LevelSub;
  versions: LevelSub | undefined;
}

/** A validated write, ready for the store's commit. `json` is undefined for a delete. */
export interface PreparedOp {
  readonly spec: TableSpec;
  readonly key: string;
  readonly value: unknown;
  readonly json: string | undefined;
}

/** What a table needs from its store. */
export interface TableHost {
  assertOpen(): void;
  readFailed(err: unknown, table?: string): SyncError;
  submit(ops: PreparedOp[], options: WriteOptions | undefined): Promise<void>;
  exclusive<R>(fn: () => Promise<R>): Promise<R>;
  nowHlc(): string;
}

/** Validates one write for `spec`; throws SYNC_INVALID_KEY or SYNC_INVALID_VALUE. */
export function prepareOp(
  spec: TableSpec,
  key: unknown,
  value: unknown,
  deleted: boolean,
): PreparedOp {
  assertKey(key, spec.name);
  return {
    spec,
    key,
    value: deleted ? undefined : value,
    json: deleted ? undefined : encodeValue(value, spec.name, key),
  };
}

// Rows fetched per step of a scan: bounds memory while amortising the native round trip.
const SCAN_CHUNK = 500;

/** Reads and single-key writes shared by replicated and local tables. Values are JSON. */
export abstract class BaseTable<V> {
  /** Table name, as used in batches and oplog entries. */
  readonly name: string;
  protected readonly spec: TableSpec;
  protected readonly host: TableHost;

  constructor(spec: TableSpec, host: TableHost) {
    this.name = spec.name;
    this.spec = spec;
    this.host = host;
  }

  /** True for tables whose writes go to the oplog and to peers. */
  get replicated(): boolean {
    return this.spec.replicated;
  }

  /** The value of `key`, or undefined. */
  async get(key: string): Promise<V | undefined> {
    this.host.assertOpen();
    assertKey(key, this.name);
    let text: string | undefined;
    try {
      text = await this.spec.data.get(key);
    } catch (err) {
      throw this.host.readFailed(err, this.name);
    }
    return text === undefined ? undefined : decodeValue<V>(text, this.name, key);
  }

  /** Values of `keys`, in the same order, undefined where missing. */
  async getMany(keys: readonly string[]): Promise<(V | undefined)[]> {
    this.host.assertOpen();
    for (const key of keys) assertKey(key, this.name);
    let texts: (string | undefined)[];
    try {
      texts = await this.spec.data.getMany(keys.slice());
    } catch (err) {
      throw this.host.readFailed(err, this.name);
    }
    return texts.map((text, i) =>
      text === undefined ? undefined : decodeValue<V>(text, this.name, keys[i] ?? ''),
    );
  }

  /** True when `key` has a value. */
  async has(key: string): Promise<boolean> {
    this.host.assertOpen();
    assertKey(key, this.name);
    try {
      return await this.spec.data.has(key);
    } catch (err) {
      throw this.host.readFailed(err, this.name);
    }
  }

  /** Writes `value` under `key`: a one-operation batch. */
  put(key: string, value: V, options?: WriteOptions): Promise<void> {
    let op: PreparedOp;
    try {
      this.host.assertOpen();
      op = prepareOp(this.spec, key, value, false);
    } catch (err) {
      return Promise.reject(asError(err));
    }
    return this.host.submit([op], options);
  }

  /** Deletes `key` (a tombstone in replicated tables): a one-operation batch. */
  del(key: string, options?: WriteOptions): Promise<void> {
    let op: PreparedOp;
    try {
      this.host.assertOpen();
      op = prepareOp(this.spec, key, undefined, true);
    } catch (err) {
      return Promise.reject(asError(err));
    }
    return this.host.submit([op], options);
  }

  /** Entries in key order (or reverse), loaded at once: use {@link iterate} for big scans. */
  async list(query: ListQuery = {}): Promise<TableEntry<V>[]> {
    this.host.assertOpen();
    const range = toLevelRange(query);
    let rows: [string, string][];
    try {
      rows = await this.spec.data.iterator(range).all();
    } catch (err) {
      throw this.host.readFailed(err, this.name);
    }
    return rows.map(([key, text]) => ({ key, value: decodeValue<V>(text, this.name, key) }));
  }

  /** Streams entries in key order (or reverse), a chunk at a time from one consistent view. */
  async *iterate(query: ListQuery = {}): AsyncGenerator<TableEntry<V>, void, undefined> {
    this.host.assertOpen();
    const iterator = this.spec.data.iterator(toLevelRange(query));
    try {
      for (;;) {
        let rows: [string, string][];
        try {
          rows = await iterator.nextv(SCAN_CHUNK);
        } catch (err) {
          throw this.host.readFailed(err, this.name);
        }
        if (rows.length === 0) return;
        for (const [key, text] of rows) {
          yield { key, value: decodeValue<V>(text, this.name, key) };
        }
      }
    } finally {
      await iterator.close();
    }
  }

  /** Number of keys in the table or in `range`; walks the keys, so O(n). */
  async count(range: KeyRange = {}): Promise<number> {
    this.host.assertOpen();
    const iterator = this.spec.data.keys(toLevelRange(range));
    let total = 0;
    try {
      for (;;) {
        const keys = await iterator.nextv(SCAN_CHUNK * 4);
        if (keys.length === 0) return total;
        total += keys.length;
      }
    } catch (err) {
      throw this.host.readFailed(err, this.name);
    } finally {
      await iterator.close();
    }
  }
}

/** A replicated table: every write is an oplog entry with an HLC, merged last-writer-wins. */
export class Table<V = unknown> extends BaseTable<V> {
  /** The version (HLC, origin) of `key`, tombstones included; undefined for a key never written. */
  async version(key: string): Promise<RecordVersion | undefined> {
    this.host.assertOpen();
    assertKey(key, this.name);
    const versions = this.spec.versions;
    if (versions === undefined) return undefined;
    let text: string | undefined;
    try {
      text = await versions.get(key);
    } catch (err) {
      throw this.host.readFailed(err, this.name);
    }
    return text === undefined ? undefined : decodeVersion(text, this.name, key);
  }
}

/**
 * A node-local table for high-rate logs (frames, events): no oplog entry, no version, never
 * replicated, with cheap range deletes for bounded retention.
 */
export class LocalTable<V = unknown> extends BaseTable<V> {
  /**
   * Stores `value` under `prefix` + a fresh HLC: keys are unique and sort by time, which is
   * what {@link trimOlderThan} relies on. Returns the key.
   */
  async append(
    value: V,
    options: WriteOptions & { readonly prefix?: string } = {},
  ): Promise<string> {
    this.host.assertOpen();
    const key = (options.prefix ?? '') + this.host.nowHlc();
    await this.host.submit([prepareOp(this.spec, key, value, false)], options);
    return key;
  }

  /** Deletes every key in `range` (the whole table without one). */
  async clear(range: KeyRange = {}): Promise<void> {
    this.host.assertOpen();
    const levelRange = toLevelRange(range);
    await this.host.exclusive(() => this.spec.data.clear(levelRange));
  }

  /**
   * Keeps only the `maxEntries` highest keys of `range` and deletes the rest. Reads up to
   * `maxEntries + 1` keys to find the cut, so run it periodically, not per write.
   */
  async trimToCount(maxEntries: number, range: KeyRange = {}): Promise<void> {
    this.host.assertOpen();
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 0) {
      throw new SyncError('SYNC_INVALID_QUERY', 'maxEntries must be a non-negative integer', {
        maxEntries: String(maxEntries),
      });
    }
    const levelRange = toLevelRange({ ...range, limit: maxEntries + 1, reverse: true });
    await this.host.exclusive(async () => {
      const keys = await this.spec.data.keys(levelRange).all();
      const cut = keys[maxEntries];
      if (cut === undefined) return;
      await this.spec.data.clear(toLevelRange({ ...range, lte: cut }));
    });
  }

  /**
   * Deletes keys made by {@link append} with `prefix` whose HLC is older than `wallMs`. Other
   * keys under the same prefix that sort before the HLC text are deleted too.
   */
  async trimOlderThan(wallMs: number, options: { readonly prefix?: string } = {}): Promise<void> {
    this.host.assertOpen();
    const prefix = options.prefix ?? '';
    if (!Number.isFinite(wallMs)) {
      throw new SyncError('SYNC_INVALID_QUERY', 'wallMs must be a finite number', {
        wallMs: String(wallMs),
      });
    }
    const cutoff = prefix + encodeWallMs(Math.max(0, Math.ceil(wallMs)));
    const levelRange = toLevelRange({ prefix, lt: cutoff });
    await this.host.exclusive(() => this.spec.data.clear(levelRange));
  }
}
