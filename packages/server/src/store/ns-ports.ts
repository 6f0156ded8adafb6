/**
 * The storage ports of ns (ns/ports.ts) on db-sync tables. Profiles and gateways are read for
 * every uplink, so they are cached in memory; any committed change to those tables, local or
 * replicated from a peer, drops the cached entry.
 */
import { stampCounterEpoch } from './session-counters.js';
import type { Store, Table } from '@lns/db-sync';
import type { Device, Gateway, NodeSession, Profile } from '../ns/index.js';
import type { DeviceStore, GatewayStore, ProfileStore, SessionStore } from '../ns/index.js';
import type { DevAddr, Eui64 } from '../shared/ids.js';
import { KeyedSerializer } from '../shared/keyed-serializer.js';
import type { QueueRepository } from './queue.js';

/** Keys per cache: past it the cache is emptied, so random unknown ids cannot grow it. */
const MAX_CACHED = 100_000;
const MAX_CACHED_SESSIONS = 250_000;

/**
 * A read-through, write-through cache of one table. Every committed change to the table, local
 * or replicated from a peer, puts the committed value in the cache (or forgets a deleted key),
 * so a session written on every uplink is read back from memory, never from LevelDB; a
 * snapshot load (`reset`) empties it. Concurrent misses of one key share one read, and a read
 * that a change of its key (or a reset) overtook is returned but not cached.
 */
export class ReadCache<V> {
  readonly #table: Table<V>;
  readonly #entries = new Map<string, V | null>();
  readonly #reading = new Map<string, Read<V>>();
  readonly #maxEntries: number;

  constructor(db: Store, table: Table<V>, maxEntries = MAX_CACHED) {
    this.#table = table;
    this.#maxEntries = maxEntries;
    db.onChange((event) => {
      if (event.source === 'reset') {
        this.#entries.clear();
        for (const read of this.#reading.values()) read.stale = true;
        this.#reading.clear();
        return;
      }
      for (const op of event.ops) {
        if (op.table !== table.name) continue;
        const read = this.#reading.get(op.key);
        if (read !== undefined) {
          // Later gets must not share a read that started before this change.
          read.stale = true;
          this.#reading.delete(op.key);
        }
        if (op.deleted) this.#entries.delete(op.key);
        else this.#set(op.key, op.value as V);
      }
    });
  }

  #set(key: string, value: V | null): void {
    // Emptied rather than evicted one by one: cheap, and random unknown ids cannot grow it.
    if (this.#entries.size >= this.#maxEntries && !this.#entries.has(key)) this.#entries.clear();
    this.#entries.set(key, value);
  }

  get(key: string): Promise<V | undefined> {
    const cached = this.#entries.get(key);
    if (cached !== undefined) return Promise.resolve(cached ?? undefined);
    const reading = this.#reading.get(key);
    if (reading !== undefined) return reading.value;
    const read: Read<V> = { stale: false, value: this.#table.get(key) };
    this.#reading.set(key, read);
    const done = (): void => {
      if (this.#reading.get(key) === read) this.#reading.delete(key);
    };
    read.value.then((value) => {
      done();
      if (!read.stale) this.#set(key, value ?? null);
    }, done);
    return read.value;
  }
}

/** A cache miss being read; `stale` once a change of its key committed meanwhile. */
interface Read<V> {
  stale: boolean;
  readonly value: Promise<V | undefined>;
}

function devNonceKey(devEui: Eui64, devNonce: number): string {
  return `${devEui}!${devNonce.toString(16).padStart(4, '0')}`;
}

export interface NsTables {
  readonly profiles: Table<Profile>;
  readonly gateways: Table<Gateway>;
  readonly devices: Table<Device>;
  readonly nodes: Table<NodeSession>;
  /** One key per (DevEUI, DevNonce): history grows by a key per join, never rewrites. */
  readonly devnonces: Table<string>;
}

/** ProfileStore, GatewayStore, DeviceStore and SessionStore of ns on the node's database. */
export class LevelNsStores implements ProfileStore, GatewayStore, DeviceStore, SessionStore {
  readonly #db: Store;
  readonly #tables: NsTables;
  readonly #queue: QueueRepository;
  readonly #now: () => number;
  readonly #profiles: ReadCache<Profile>;
  readonly #gateways: ReadCache<Gateway>;
  readonly #sessions: ReadCache<NodeSession>;
  readonly #joins = new KeyedSerializer();

  constructor(db: Store, tables: NsTables, queue: QueueRepository, now: () => number) {
    this.#db = db;
    this.#tables = tables;
    this.#queue = queue;
    this.#now = now;
    this.#profiles = new ReadCache(db, tables.profiles);
    this.#gateways = new ReadCache(db, tables.gateways);
    // Sessions are read and written on every uplink; ~0.5 KiB each, so 250 000 is ~125 MiB.
    this.#sessions = new ReadCache(db, tables.nodes, MAX_CACHED_SESSIONS);
  }

  getProfile(id: string): Promise<Profile | undefined> {
    return this.#profiles.get(id);
  }

  getGateway(gatewayEui: Eui64): Promise<Gateway | undefined> {
    return this.#gateways.get(gatewayEui);
  }

  getDevice(devEui: Eui64): Promise<Device | undefined> {
    return this.#tables.devices.get(devEui);
  }

  isDevNonceUsed(devEui: Eui64, devNonce: number): Promise<boolean> {
    return this.#tables.devnonces.has(devNonceKey(devEui, devNonce));
  }

  /**
   * DevNonce, device, new session, removal of the replaced session and the move of its queue
   * commit in ONE batch. Joins of one device run one at a time, so the DevNonce check and the
   * write cannot interleave on this node [L2 1.0.4 §6.2.4].
   */
  commitJoin(join: {
    readonly device: Device;
    readonly devNonce: number;
    readonly session: NodeSession;
    readonly replacedDevAddr?: DevAddr;
  }): Promise<boolean> {
    return this.#joins.run(join.device.id, async () => {
      const nonceKey = devNonceKey(join.device.id, join.devNonce);
      if (await this.#tables.devnonces.has(nonceKey)) return false;
      const replaced = join.replacedDevAddr;
      const moved =
        replaced !== undefined && replaced !== join.session.id
          ? [
              { table: this.#tables.nodes.name, key: replaced, deleted: true as const },
              ...(await this.#queue.moveOps(replaced, join.session.id)),
            ]
          : [];
      await this.#db.batch([
        {
          table: this.#tables.devnonces.name,
          key: nonceKey,
          value: new Date(this.#now()).toISOString(),
        },
        { table: this.#tables.devices.name, key: join.device.id, value: join.device },
        { table: this.#tables.nodes.name, key: join.session.id, value: join.session },
        ...moved,
      ]);
      return true;
    });
  }

  getSession(devAddr: DevAddr): Promise<NodeSession | undefined> {
    return this.#sessions.get(devAddr);
  }

  async putSession(session: NodeSession): Promise<void> {
    const stored = await this.#sessions.get(session.id);
    await this.#tables.nodes.put(session.id, stampCounterEpoch(session, stored));
  }

  async *listSessions(): AsyncIterable<NodeSession> {
    for await (const entry of this.#tables.nodes.iterate()) yield entry.value;
  }

  isDevAddrInUse(devAddr: DevAddr): Promise<boolean> {
    return this.#tables.nodes.has(devAddr);
  }
}
