/**
 * Downlink queues, one per session, in the replicated `queue` table under
 * `<devAddr>!<id>`: ids are HLC texts, so key order is queue order and `peek` reads one key.
 * Replicated, so an item queued through any node's API reaches the node that owns the
 * device; `onQueued` fires for local and replicated writes alike.
 */
import type { Store, Table, WriteOp } from '@lns/db-sync';
import type { NodeSession, QueuedDownlink } from '../ns/index.js';
import type { DownlinkQueue } from '../ns/index.js';
import type { DevAddr } from '../shared/ids.js';
import type { Logger } from '../shared/logger.js';
import { StoreError } from './errors.js';
import { QueueIndex } from './queue-index.js';
import { queryArray } from './query.js';
import type { ListResult, RecordQuery } from './types.js';

export interface QueueInput {
  readonly fPort: number;
  /** base64 */
  readonly data: string;
  readonly confirmed: boolean;
}

function keyOf(devAddr: DevAddr, id: string): string {
  return `${devAddr}!${id}`;
}

function prefixOf(devAddr: DevAddr): string {
  return `${devAddr}!`;
}

export class QueueRepository implements DownlinkQueue {
  readonly name = 'queue';
  readonly #db: Store;
  readonly #table: Table<QueuedDownlink>;
  readonly #nodes: Table<NodeSession>;
  readonly #nextId: () => string;
  readonly #now: () => number;
  readonly #log: Logger;
  readonly #listeners: ((item: QueuedDownlink) => void)[] = [];
  readonly #index: QueueIndex;

  constructor(options: {
    db: Store;
    table: Table<QueuedDownlink>;
    nodes: Table<NodeSession>;
    nextId: () => string;
    now: () => number;
    log: Logger;
  }) {
    this.#db = options.db;
    this.#table = options.table;
    this.#nodes = options.nodes;
    this.#nextId = options.nextId;
    this.#now = options.now;
    this.#log = options.log;
    this.#index = new QueueIndex(options.db, options.table, options.log);
    this.#db.onChange((event) => {
      if (this.#listeners.length === 0) return;
      for (const op of event.ops) {
        if (op.table !== this.#table.name || op.deleted) continue;
        for (const listener of this.#listeners) {
          try {
            listener(op.value as QueuedDownlink);
          } catch (err) {
            this.#log.error({ err }, 'queue listener failed');
          }
        }
      }
    });
  }

  /** Queues a downlink for an existing session; STORE_NOT_FOUND when there is none. */
  async enqueue(devAddr: DevAddr, input: QueueInput): Promise<QueuedDownlink> {
    await this.#assertNode(devAddr);
    const item: QueuedDownlink = {
      id: this.#nextId(),
      devAddr,
      fPort: input.fPort,
      data: input.data,
      confirmed: input.confirmed,
      createdAt: new Date(this.#now()).toISOString(),
    };
    await this.#table.put(keyOf(devAddr, item.id), item);
    return item;
  }

  /** The queue of one session, oldest first unless sorted otherwise; STORE_NOT_FOUND without one. */
  async list(devAddr: DevAddr, query: RecordQuery): Promise<ListResult<QueuedDownlink>> {
    await this.#assertNode(devAddr);
    const entries = await this.#table.list({ prefix: prefixOf(devAddr) });
    return queryArray(
      entries.map((e) => e.value),
      query,
    );
  }

  get(devAddr: DevAddr, id: string): Promise<QueuedDownlink | undefined> {
    return this.#table.get(keyOf(devAddr, id));
  }

  /** Reads which sessions have queued items, so most peeks and counts need no read. */
  loadIndex(): Promise<void> {
    return this.#index.load();
  }

  async peek(devAddr: DevAddr): Promise<QueuedDownlink | undefined> {
    if (this.#index.count(devAddr) === 0) return undefined;
    const [first] = await this.#table.list({ prefix: prefixOf(devAddr), limit: 1 });
    return first?.value;
  }

  count(devAddr: DevAddr): Promise<number> {
    const known = this.#index.count(devAddr);
    if (known !== undefined) return Promise.resolve(known);
    return this.#table.count({ prefix: prefixOf(devAddr) });
  }

  remove(devAddr: DevAddr, id: string): Promise<void> {
    return this.#table.del(keyOf(devAddr, id));
  }

  /** Every DevAddr with at least one queued downlink, each once, in key order. */
  async *devAddrsWithItems(): AsyncGenerator<DevAddr, void, undefined> {
    let last: string | undefined;
    for await (const entry of this.#table.iterate()) {
      const devAddr = entry.key.slice(0, entry.key.indexOf('!'));
      if (devAddr !== last) yield devAddr as DevAddr;
      last = devAddr;
    }
  }

  onQueued(listener: (item: QueuedDownlink) => void): void {
    this.#listeners.push(listener);
  }

  /** Deletes of every item of a session, for a cascade in the caller's batch. */
  async deleteOps(devAddr: DevAddr): Promise<WriteOp[]> {
    const entries = await this.#table.list({ prefix: prefixOf(devAddr) });
    return entries.map((e) => ({ table: this.#table.name, key: e.key, deleted: true }));
  }

  /**
   * Operations that move a session's queue to a new DevAddr (a re-join): the application's
   * data still waits for the device, under the address it now has.
   */
  async moveOps(from: DevAddr, to: DevAddr): Promise<WriteOp[]> {
    const entries = await this.#table.list({ prefix: prefixOf(from) });
    return entries.flatMap((e): WriteOp[] => [
      { table: this.#table.name, key: e.key, deleted: true },
      {
        table: this.#table.name,
        key: keyOf(to, e.value.id),
        value: { ...e.value, devAddr: to },
      },
    ]);
  }

  async #assertNode(devAddr: DevAddr): Promise<void> {
    if (!(await this.#nodes.has(devAddr))) {
      throw new StoreError('STORE_NOT_FOUND', `node ${devAddr} does not exist`, {
        resource: 'nodes',
        id: devAddr,
      });
    }
  }
}
