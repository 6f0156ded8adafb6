/**
 * The EUIs of the registered gateways, in memory, for a question the gateway socket asks
 * synchronously for every new EUI: is this a registered gateway or a stranger (whose entries
 * udp/gateway-table.ts bounds)? Filled from the table when the store opens, then kept by every
 * committed change, local or replicated from a peer; a snapshot load (a node joining through
 * its db_master) refills it.
 */
import type { ChangeOp, Store, Table } from '@lns/db-sync';
import type { Logger } from '../shared/logger.js';

export class GatewayRegistry {
  readonly #table: Table<unknown>;
  readonly #log: Logger;
  #ids = new Set<string>();
  /** Changes committed while a refill scans the table, applied to its result. */
  #pending: ChangeOp[] | undefined;
  /** Only the latest of overlapping refills may replace the set. */
  #generation = 0;

  constructor(db: Store, table: Table<unknown>, log: Logger) {
    this.#table = table;
    this.#log = log;
    db.onChange((event) => {
      if (event.source === 'reset') {
        void this.load();
        return;
      }
      for (const op of event.ops) {
        if (op.table !== table.name) continue;
        this.#apply(this.#ids, op);
        this.#pending?.push(op);
      }
    });
  }

  /** Whether a gateway with this EUI is registered (REST `gateways`). */
  has(gatewayEui: string): boolean {
    return this.#ids.has(gatewayEui);
  }

  get size(): number {
    return this.#ids.size;
  }

  /**
   * (Re)reads every registered EUI. The old set answers until the new one is complete, so a
   * refill never makes a registered gateway look like a stranger.
   */
  async load(): Promise<void> {
    const generation = ++this.#generation;
    const pending: ChangeOp[] = [];
    this.#pending = pending;
    const ids = new Set<string>();
    try {
      for await (const entry of this.#table.iterate()) ids.add(entry.key);
    } catch (err) {
      this.#log.error({ err }, 'registered gateways not reloaded');
      return;
    } finally {
      if (this.#pending === pending) this.#pending = undefined;
    }
    if (generation !== this.#generation) return;
    for (const op of pending) this.#apply(ids, op);
    this.#ids = ids;
  }

  #apply(ids: Set<string>, op: ChangeOp): void {
    if (op.deleted) ids.delete(op.key);
    else ids.add(op.key);
  }
}
