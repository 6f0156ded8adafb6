/**
 * The node's database as lns uses it: the db-sync tables, the ns storage ports on them, one
 * repository per REST resource and the node-local frames and events logs. See README.md for
 * the tables and their keys.
 */
import { encodeHlc, openStore } from '@lns/db-sync';
import { stampCounterEpoch, tableMerges } from './session-counters.js';
import type { LevelDb, Store, Table, WriteOp } from '@lns/db-sync';
import type {
  Device,
  EventRecord,
  FrameRecord,
  Gateway,
  NodeSession,
  Profile,
  QueuedDownlink,
} from '../ns/index.js';
import type { NsPorts } from '../ns/index.js';
import type { Logger } from '../shared/logger.js';
import { StoreError } from './errors.js';
import { GatewayRegistry } from './gateway-registry.js';
import { LogRepository } from './logs.js';
import { LevelNsStores } from './ns-ports.js';
import { defaultScryptParams } from './password.js';
import type { ScryptParams } from './password.js';
import { QueueRepository } from './queue.js';
import { Repository } from './repository.js';
import type { IntegrationRecord, UserRecord } from './types.js';
import { UserRepository } from './users.js';

export interface LnsStoreConfig {
  /**
   * Frames kept per node: 100 000 is hours of a busy network or days of a small one, enough to
   * debug a device, and some 50 MB on disk.
   */
  readonly maxFrames: number;
  /** Events kept per node; events are rarer than frames, the same bound keeps weeks of them. */
  readonly maxEvents: number;
  /**
   * How often the logs are trimmed to their bound: a minute lets them overshoot by at most a
   * minute of traffic while costing one range read per minute. 0 turns the timer off.
   */
  readonly trimIntervalMs: number;
}

export const defaultLnsStoreConfig: LnsStoreConfig = {
  maxFrames: 100_000,
  maxEvents: 100_000,
  trimIntervalMs: 60_000,
};

/** The replicated tables of lns, for digests (`GET /api/cluster`) and repairs. */
export const replicatedTableNames: readonly string[] = [
  'profiles',
  'gateways',
  'devices',
  'nodes',
  'devnonces',
  'queue',
  'users',
  'integrations',
];

export interface OpenLnsStoreOptions extends Partial<LnsStoreConfig> {
  /** Directory of a classic-level database (created; closed by `close`). */
  readonly location?: string | undefined;
  /** An abstract-level database (memory-level in tests); the caller opens and closes it. */
  readonly db?: LevelDb | undefined;
  /** An already opened db-sync store (the cluster's); `close` closes it. */
  readonly store?: Store | undefined;
  readonly nodeId: string;
  readonly log: Logger;
  /** Wall clock in ms (event times, queue `createdAt`, HLC ids); the system clock when unset. */
  readonly now?: (() => number) | undefined;
  /** scrypt cost of new password hashes; tests lower it. */
  readonly passwordParams?: ScryptParams | undefined;
}

/** The storage ports ns takes from the store (app.ts adds clock, sender, sink and metrics). */
export type NsStoragePorts = Pick<
  NsPorts,
  'profiles' | 'gateways' | 'devices' | 'sessions' | 'queue'
>;

function gatewaysOf(frame: FrameRecord): string[] {
  return frame.gateways.map((g) => g.gatewayEui);
}

export class LnsStore {
  /** The db-sync store underneath, for replication. */
  readonly db: Store;
  readonly nodeId: string;
  readonly ports: NsStoragePorts;
  readonly profiles: Repository<Profile>;
  readonly gateways: Repository<Gateway>;
  readonly devices: Repository<Device>;
  readonly nodes: Repository<NodeSession>;
  readonly queue: QueueRepository;
  readonly users: UserRepository;
  readonly integrations: Repository<IntegrationRecord>;
  readonly frames: LogRepository<FrameRecord>;
  readonly events: LogRepository<EventRecord>;
  /** Registered gateway EUIs in memory, for the gateway socket (bounded strangers). */
  readonly registeredGateways: GatewayRegistry;
  readonly #now: () => number;
  readonly #log: Logger;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(db: Store, options: OpenLnsStoreOptions) {
    const config = { ...defaultLnsStoreConfig, ...options };
    this.db = db;
    this.nodeId = db.nodeId;
    this.#now = options.now ?? Date.now;
    this.#log = options.log.child({ module: 'store' });
    const log = this.#log;
    const profiles = db.table<Profile>('profiles');
    const devices = db.table<Device>('devices');
    const nodes = db.table<NodeSession>('nodes');
    const devnonces = db.table<string>('devnonces');
    const queueTable = db.table<QueuedDownlink>('queue');

    const profileExists = async (record: { readonly profileId: string }): Promise<void> => {
      if (!(await profiles.has(record.profileId))) {
        throw new StoreError(
          'STORE_REFERENCE_MISSING',
          `profileId: profile ${record.profileId} does not exist`,
          { field: 'profileId', value: record.profileId },
        );
      }
    };

    this.queue = new QueueRepository({
      db,
      table: queueTable,
      nodes,
      nextId: () => this.nextId(),
      now: this.#now,
      log,
    });
    this.profiles = new Repository({
      label: 'profile',
      table: profiles,
      db,
      deleteOps: async (profile) => {
        await assertUnused(profile.id, 'device', devices);
        await assertUnused(profile.id, 'node', nodes);
        return [];
      },
    });
    this.gateways = new Repository({ label: 'gateway', table: db.table<Gateway>('gateways'), db });
    this.registeredGateways = new GatewayRegistry(db, db.table<Gateway>('gateways'), log);
    this.devices = new Repository({
      label: 'device',
      table: devices,
      db,
      checkReferences: profileExists,
      deleteOps: async (device) => {
        // The DevNonce history goes with the device it protected.
        const used = await devnonces.list({ prefix: `${device.id}!` });
        return used.map((e): WriteOp => ({ table: devnonces.name, key: e.key, deleted: true }));
      },
    });
    this.nodes = new Repository({
      label: 'node',
      table: nodes,
      db,
      checkReferences: profileExists,
      deleteOps: (node) => this.queue.deleteOps(node.id),
      // An operator lowering a counter means it: peers take the lower value too.
      beforeUpdate: stampCounterEpoch,
    });
    this.users = new UserRepository(
      db,
      db.table<UserRecord>('users'),
      options.passwordParams ?? defaultScryptParams,
    );
    this.integrations = new Repository({
      label: 'integration',
      table: db.table<IntegrationRecord>('integrations'),
      db,
    });
    this.frames = new LogRepository<FrameRecord>({
      db,
      name: 'frames',
      maxEntries: config.maxFrames,
      log,
      indexed: {
        devAddr: (f) => [f.devAddr],
        devEui: (f) => (f.devEui === undefined ? [] : [f.devEui]),
        gateway: gatewaysOf,
      },
      query: { fields: { gateway: gatewaysOf } },
    });
    this.events = new LogRepository<EventRecord>({
      db,
      name: 'events',
      maxEntries: config.maxEvents,
      log,
      indexed: { entity: (e) => [e.entity] },
    });
    const stores = new LevelNsStores(
      db,
      { profiles, gateways: db.table<Gateway>('gateways'), devices, nodes, devnonces },
      this.queue,
      this.#now,
    );
    this.ports = {
      profiles: stores,
      gateways: stores,
      devices: stores,
      sessions: stores,
      queue: this.queue,
    };
    if (config.trimIntervalMs > 0) {
      this.#timer = setInterval(() => {
        this.trimLogs().catch((err: unknown) => log.error({ err }, 'log trim failed'));
      }, config.trimIntervalMs);
      this.#timer.unref();
    }
  }

  /** A new id that sorts after every id this node issued before (an HLC text). */
  nextId(): string {
    return encodeHlc(this.db.clock.now());
  }

  /** Logs a frame (NsSink.frame) without waiting for the write; returns the stored record. */
  appendFrame(frame: Omit<FrameRecord, 'id'>): FrameRecord {
    const record: FrameRecord = { id: this.nextId(), ...frame };
    this.frames.append(record);
    return record;
  }

  /** Logs an event (NsSink.event), stamped with the current time; returns the stored record. */
  appendEvent(event: Omit<EventRecord, 'id' | 'time'>): EventRecord {
    const record: EventRecord = {
      id: this.nextId(),
      time: new Date(this.#now()).toISOString(),
      ...event,
    };
    this.events.append(record);
    return record;
  }

  /** Trims both logs to their bounds now (the timer does it periodically). */
  async trimLogs(): Promise<void> {
    await this.frames.trim();
    await this.events.trim();
  }

  /** Waits for log appends in flight. */
  async flush(): Promise<void> {
    await Promise.all([this.frames.flush(), this.events.flush()]);
  }

  async close(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.flush();
    await this.db.close();
  }
}

async function assertUnused(
  profileId: string,
  label: string,
  table: Table<{ readonly id: string; readonly profileId: string }>,
): Promise<void> {
  for await (const entry of table.iterate()) {
    if (entry.value.profileId === profileId) {
      throw new StoreError(
        'STORE_IN_USE',
        `profile ${profileId} is used by ${label} ${entry.key}; change or delete it first`,
        { resource: 'profiles', id: profileId, usedBy: `${label}:${entry.key}` },
      );
    }
  }
}

/**
 * Opens the node's database (a directory, an abstract-level db or an open db-sync store) and
 * the lns tables on it.
 */
export async function openLnsStore(options: OpenLnsStoreOptions): Promise<LnsStore> {
  const given = [options.location, options.db, options.store].filter((o) => o !== undefined);
  if (given.length !== 1) {
    throw new StoreError('STORE_INVALID_OPTIONS', 'give exactly one of location, db and store');
  }
  const db =
    options.store ??
    (await openStore({
      location: options.location,
      db: options.db,
      nodeId: options.nodeId,
      now: options.now,
      log: options.log.child({ module: 'db' }),
      merges: tableMerges,
    }));
  const store = new LnsStore(db, options);
  try {
    await store.frames.init();
    await store.events.init();
    await store.registeredGateways.load();
    await store.queue.loadIndex();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}
