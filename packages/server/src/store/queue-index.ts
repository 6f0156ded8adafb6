/**
 * Which sessions have queued downlinks, in memory. Every uplink asks its device's queue
 * whether a downlink waits, and almost always none does: two LevelDB range reads per uplink
 * cost more than the rest of its answer. The index holds the queue table's keys by DevAddr,
 * loaded once and then kept by the store's change events (local writes and peers' alike), so
 * it is as current as the table; while it is not loaded (before `load`, and after a join
 * replaced the database until it is reloaded) it answers `undefined` and callers read the
 * table.
 */
import type { ChangeEvent, Store, Table } from '@lns/db-sync';
import type { Logger } from '../shared/logger.js';

/** Keys are `<devAddr>!<id>` (queue.ts). */
function devAddrOf(key: string): string {
  return key.slice(0, key.indexOf('!'));
}

export class QueueIndex {
  readonly #table: Table<unknown>;
  readonly #log: Logger;
  /** Queue keys by DevAddr; undefined while not loaded. */
  #keys: Map<string, Set<string>> | undefined;
  /** Changes that arrive while a load reads the table, applied after it. */
  #buffered: ChangeEvent[] | undefined;
  #loading: Promise<void> | undefined;

  constructor(db: Pick<Store, 'onChange'>, table: Table<unknown>, log: Logger) {
    this.#table = table;
    this.#log = log;
    db.onChange((event) => {
      if (event.source === 'reset') {
        // A join replaced the database: what the index held is gone.
        this.#keys = undefined;
        this.#buffered = undefined;
        this.load().catch((err: unknown) => {
          // Callers read the table meanwhile; the next reset or restart loads again.
          this.#log.error({ err }, 'queue index not reloaded');
        });
        return;
      }
      if (this.#buffered !== undefined) this.#buffered.push(event);
      else if (this.#keys !== undefined) this.#apply(this.#keys, event);
    });
  }

  /**
   * Reads the table's keys. Changes committed meanwhile are buffered and replayed after the
   * read: a replayed put or delete of a key the read already saw changes nothing, so the
   * result is exact whichever side of the read's snapshot a change fell on.
   */
  load(): Promise<void> {
    this.#loading ??= this.#load().finally(() => {
      this.#loading = undefined;
    });
    return this.#loading;
  }

  async #load(): Promise<void> {
    // A reset during a read makes that read stale: read again.
    while (!(await this.#read())) {
      /* read again */
    }
  }

  /** One read of the table; false when a reset made it stale. */
  async #read(): Promise<boolean> {
    const buffered: ChangeEvent[] = [];
    this.#buffered = buffered;
    const keys = new Map<string, Set<string>>();
    try {
      for await (const entry of this.#table.iterate()) add(keys, entry.key);
    } catch (err) {
      if (this.#buffered === buffered) this.#buffered = undefined;
      throw err;
    }
    // A reset during the read dropped this read's buffer.
    if (this.#buffered !== buffered) return false;
    for (const event of buffered) this.#apply(keys, event);
    this.#buffered = undefined;
    this.#keys = keys;
    return true;
  }

  /** Items queued for `devAddr`, or undefined while the index is not loaded. */
  count(devAddr: string): number | undefined {
    const keys = this.#keys;
    if (keys === undefined) return undefined;
    return keys.get(devAddr)?.size ?? 0;
  }

  #apply(keys: Map<string, Set<string>>, event: ChangeEvent): void {
    for (const op of event.ops) {
      if (op.table !== this.#table.name) continue;
      if (!op.deleted) {
        add(keys, op.key);
        continue;
      }
      const devAddr = devAddrOf(op.key);
      const set = keys.get(devAddr);
      if (set === undefined) continue;
      set.delete(op.key);
      if (set.size === 0) keys.delete(devAddr);
    }
  }
}

function add(keys: Map<string, Set<string>>, key: string): void {
  const devAddr = devAddrOf(key);
  let set = keys.get(devAddr);
  if (set === undefined) keys.set(devAddr, (set = new Set()));
  set.add(key);
}
