/**
 * Node-local, append-only logs (frames, events): never replicated, newest first, bounded by a
 * periodic trim to the newest `maxEntries`. Ids are HLC texts, so key order is time order and
 * "newest first" is a reverse range scan. A few fields (a frame's devAddr, devEui and
 * gateways, an event's entity) have an index so a device's or gateway's page does not scan
 * the whole log.
 */
import type { LocalTable, Store, WriteOp } from '@lns/db-sync';
import type { Logger } from '../shared/logger.js';
import { runQuery } from './query.js';
import type { QueryOptions } from './query.js';
import type { ListResult, RecordQuery } from './types.js';

/** Values of an indexed field of a record (several for frames' gateways). */
export type IndexedField<T> = (record: T) => readonly string[];

export interface LogOptions<T> {
  readonly db: Store;
  readonly name: string;
  readonly indexed: Readonly<Record<string, IndexedField<T>>>;
  readonly query?: QueryOptions<T> | undefined;
  readonly maxEntries: number;
  readonly log: Logger;
}

// NUL never appears in ids or field values, so one value is never a prefix of another's key.
const SEP = '\u0000';
const READ_CHUNK = 100;
const TRIM_BATCH_OPS = 2000;
/** Appends gathered beyond this many operations are written at once, not at the next turn. */
const APPEND_BATCH_OPS = 4000;

export class LogRepository<T extends { readonly id: string }> {
  readonly name: string;
  readonly maxEntries: number;
  readonly #db: Store;
  readonly #table: LocalTable<T>;
  readonly #index: LocalTable<0>;
  readonly #options: LogOptions<T>;
  readonly #log: Logger;
  readonly #pending = new Set<Promise<void>>();
  /** Appends of this event-loop turn, written together by {@link #write}. */
  #gathered: WriteOp[] = [];
  #gatheredRecords = 0;
  #writeScheduled = false;
  #count = 0;
  #trimming: Promise<number> | undefined;

  constructor(options: LogOptions<T>) {
    this.name = options.name;
    this.maxEntries = options.maxEntries;
    this.#db = options.db;
    this.#table = options.db.table<T>(options.name, { replicated: false });
    this.#index = options.db.table<0>(`${options.name}_index`, { replicated: false });
    this.#options = options;
    this.#log = options.log;
  }

  /** Counts what is stored; call once before use. */
  async init(): Promise<void> {
    this.#count = await this.#table.count();
  }

  /** Entries stored now (appends still in flight not included). */
  get size(): number {
    return this.#count;
  }

  /**
   * Stores `record` without waiting: the pipeline must not block on its log. The appends of one
   * event-loop turn (every uplink finished in it) go to the store as one batch. A failed write
   * is logged; {@link flush} writes what is gathered and waits for writes in flight.
   */
  append(record: T): void {
    this.#gathered.push({ table: this.#table.name, key: record.id, value: record });
    for (const key of this.#indexKeys(record)) {
      this.#gathered.push({ table: this.#index.name, key, value: 0 });
    }
    this.#gatheredRecords += 1;
    if (this.#gathered.length >= APPEND_BATCH_OPS) {
      this.#write();
    } else if (!this.#writeScheduled) {
      this.#writeScheduled = true;
      setImmediate(() => this.#write());
    }
  }

  #write(): void {
    this.#writeScheduled = false;
    const ops = this.#gathered;
    const records = this.#gatheredRecords;
    if (ops.length === 0) return;
    this.#gathered = [];
    this.#gatheredRecords = 0;
    const write = this.#db.batch(ops).then(
      () => {
        this.#count += records;
      },
      (err: unknown) => {
        this.#log.error({ err, log: this.name, records }, 'log append failed');
      },
    );
    this.#pending.add(write);
    void write.then(() => this.#pending.delete(write));
  }

  /** Writes the gathered appends and waits for every write in flight. */
  async flush(): Promise<void> {
    this.#write();
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  get(id: string): Promise<T | undefined> {
    return this.#table.get(id);
  }

  /** One page, newest first unless asked otherwise; indexed filters read only their entries. */
  async list(query: RecordQuery): Promise<ListResult<T>> {
    const filter = query.filter ?? {};
    const base: QueryOptions<T> = {
      ...this.#options.query,
      defaultOrder: 'DESC',
      keyOrderedFields: ['time'],
    };
    const indexed = Object.entries(filter).find(
      ([field, value]) => typeof value === 'string' && Object.hasOwn(this.#options.indexed, field),
    );
    if (indexed === undefined) {
      const table = this.#table;
      const scan = async function* (reverse: boolean): AsyncGenerator<T> {
        for await (const entry of table.iterate({ reverse })) yield entry.value;
      };
      return runQuery(scan, query, { ...base, count: () => Promise.resolve(this.#count) });
    }
    const [field, value] = indexed as [string, string];
    const prefix = `${field}${SEP}${value}${SEP}`;
    const rest = Object.fromEntries(Object.entries(filter).filter(([k]) => k !== field));
    const index = this.#index;
    const table = this.#table;
    const scan = async function* (reverse: boolean): AsyncGenerator<T> {
      let ids: string[] = [];
      const read = async (): Promise<T[]> => {
        const found = await table.getMany(ids);
        ids = [];
        // An index entry may outlive its record for the moment a trim takes.
        return found.filter((r): r is Awaited<T> => r !== undefined);
      };
      for await (const entry of index.iterate({ prefix, reverse })) {
        ids.push(entry.key.slice(prefix.length));
        if (ids.length >= READ_CHUNK) yield* await read();
      }
      if (ids.length > 0) yield* await read();
    };
    return runQuery(
      scan,
      { ...query, filter: rest },
      { ...base, count: () => index.count({ prefix }) },
    );
  }

  /**
   * Deletes the oldest entries beyond `maxEntries`, with their index entries. Periodic, not per
   * append: it reads the entries it removes. Returns how many went.
   */
  trim(): Promise<number> {
    this.#trimming ??= this.#trim().finally(() => {
      this.#trimming = undefined;
    });
    return this.#trimming;
  }

  async #trim(): Promise<number> {
    const excess = this.#count - this.maxEntries;
    if (excess <= 0) return 0;
    let ops: WriteOp[] = [];
    let removed = 0;
    let batched = 0;
    for await (const entry of this.#table.iterate({ limit: excess })) {
      ops.push({ table: this.#table.name, key: entry.key, deleted: true });
      for (const key of this.#indexKeys(entry.value)) {
        ops.push({ table: this.#index.name, key, deleted: true });
      }
      batched += 1;
      if (ops.length >= TRIM_BATCH_OPS) {
        await this.#db.batch(ops);
        ops = [];
        removed += batched;
        this.#count -= batched;
        batched = 0;
      }
    }
    if (ops.length > 0) await this.#db.batch(ops);
    removed += batched;
    this.#count -= batched;
    return removed;
  }

  #indexKeys(record: T): string[] {
    const keys: string[] = [];
    for (const [field, values] of Object.entries(this.#options.indexed)) {
      for (const value of new Set(values(record))) {
        if (value !== '') keys.push(`${field}${SEP}${value}${SEP}${record.id}`);
      }
    }
    return keys;
  }
}
