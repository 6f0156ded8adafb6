/**
 * A table of records with an `id`, as the REST API sees it: list in the react-admin dialect,
 * get, create (refusing duplicates), update (refusing unknown ids) and delete, with the
 * resource's reference checks and cascades. Writes of one id never interleave on a node.
 */
import type { Store, Table, WriteOp } from '@lns/db-sync';
import { StoreError } from './errors.js';
import { KeyedSerializer } from '../shared/keyed-serializer.js';
import { queryArray, runQuery } from './query.js';
import type { QueryOptions } from './query.js';
import type { ListResult, RecordQuery } from './types.js';

export interface RepositoryOptions<T> {
  /** Singular name used in messages ("device"). */
  readonly label: string;
  readonly table: Table<T>;
  readonly db: Store;
  /** Throws STORE_REFERENCE_MISSING when the record points at something that is not there. */
  readonly checkReferences?: ((record: T) => Promise<void>) | undefined;
  /** Further operations of a delete (cascades); throws STORE_IN_USE to refuse it. */
  readonly deleteOps?: ((record: T) => Promise<WriteOp[]>) | undefined;
  /** Adjusts an updated record given the stored one (e.g. bookkeeping fields). */
  readonly beforeUpdate?: ((next: T, existing: T) => T) | undefined;
  readonly query?: QueryOptions<T> | undefined;
}

export class Repository<T extends { readonly id: string }> {
  /** Table name, also the REST resource name. */
  readonly name: string;
  readonly label: string;
  readonly #table: Table<T>;
  readonly #db: Store;
  readonly #options: RepositoryOptions<T>;
  readonly #mutex = new KeyedSerializer();

  constructor(options: RepositoryOptions<T>) {
    this.name = options.table.name;
    this.label = options.label;
    this.#table = options.table;
    this.#db = options.db;
    this.#options = options;
  }

  get(id: string): Promise<T | undefined> {
    return this.#table.get(id);
  }

  /** The records of `ids` that exist, in the order asked. */
  async getMany(ids: readonly string[]): Promise<T[]> {
    const unique = [...new Set(ids)];
    const found = await this.#table.getMany(unique);
    return found.filter((r): r is Awaited<T> => r !== undefined);
  }

  /**
   * One page of records. A filter on `id` with an array (react-admin getMany) reads those keys
   * only; `decorate` adds live fields before filtering and sorting.
   */
  async list(query: RecordQuery, decorate?: (record: T) => T): Promise<ListResult<T>> {
    const map = decorate ?? ((r: T) => r);
    const { id: ids, ...rest } = query.filter ?? {};
    if (Array.isArray(ids)) {
      const keys = ids.filter((k): k is string => typeof k === 'string' && k !== '');
      const records = (await this.getMany(keys)).map(map);
      return queryArray(records, { ...query, filter: rest }, this.#options.query);
    }
    const table = this.#table;
    async function* scan(reverse: boolean): AsyncGenerator<T> {
      for await (const entry of table.iterate({ reverse })) yield map(entry.value);
    }
    return runQuery(scan, query, { ...this.#options.query, count: () => table.count() });
  }

  /** Stores a new record; STORE_ALREADY_EXISTS when the id is taken. */
  create(record: T): Promise<T> {
    return this.#mutex.run(record.id, async () => {
      if (await this.#table.has(record.id)) {
        throw new StoreError('STORE_ALREADY_EXISTS', `${this.label} ${record.id} already exists`, {
          resource: this.name,
          id: record.id,
        });
      }
      await this.#options.checkReferences?.(record);
      await this.#table.put(record.id, record);
      return record;
    });
  }

  /** Replaces a record with `change(existing)`; STORE_NOT_FOUND when there is none. */
  update(id: string, change: (existing: T) => T): Promise<T> {
    return this.#mutex.run(id, async () => {
      const existing = await this.#table.get(id);
      if (existing === undefined) throw this.notFound(id);
      const changed = { ...change(existing), id };
      const record = this.#options.beforeUpdate?.(changed, existing) ?? changed;
      await this.#options.checkReferences?.(record);
      await this.#table.put(id, record);
      return record;
    });
  }

  /** Deletes a record with its cascades in one batch and returns it. */
  remove(id: string): Promise<T> {
    return this.#mutex.run(id, async () => {
      const existing = await this.#table.get(id);
      if (existing === undefined) throw this.notFound(id);
      const more = (await this.#options.deleteOps?.(existing)) ?? [];
      await this.#db.batch([{ table: this.name, key: id, deleted: true }, ...more]);
      return existing;
    });
  }

  notFound(id: string): StoreError {
    return new StoreError('STORE_NOT_FOUND', `${this.label} ${id} does not exist`, {
      resource: this.name,
      id,
    });
  }
}
