import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryLevel } from 'memory-level';
import { pino } from 'pino';
import { MemoryQueue, MemoryStores } from '../ns/testing/memory-ports.js';
import type { QueuedDownlink } from '../ns/index.js';
import { openLnsStore } from './lns-store.js';
import type { LnsStore } from './lns-store.js';
import { describeNsStores } from './testing/ns-stores-suite.js';
import type { NsStoresHarness } from './testing/ns-stores-suite.js';

const log = pino({ level: 'silent' });

describeNsStores('ns/testing memory ports', () => {
  const stores = new MemoryStores();
  const queue = new MemoryQueue();
  let seq = 0;
  const harness: NsStoresHarness = {
    profiles: stores,
    gateways: stores,
    devices: stores,
    sessions: stores,
    queue,
    putProfile: (p) => Promise.resolve(void stores.profiles.set(p.id, p)),
    putGateway: (g) => Promise.resolve(void stores.gateways.set(g.id, g)),
    putDevice: (d) => Promise.resolve(void stores.devices.set(d.id, d)),
    enqueue: (devAddr, input) => {
      seq += 1;
      const item: QueuedDownlink = {
        id: String(seq).padStart(8, '0'),
        devAddr,
        ...input,
        createdAt: new Date(0).toISOString(),
      };
      queue.push(item);
      return Promise.resolve(item);
    },
    dispose: () => Promise.resolve(),
  };
  return Promise.resolve(harness);
});

function lnsHarness(store: LnsStore, dispose: () => Promise<void>): NsStoresHarness {
  const upsert = async <T extends { id: string }>(
    repo: {
      get(id: string): Promise<T | undefined>;
      create(r: T): Promise<T>;
      update(id: string, f: (e: T) => T): Promise<T>;
    },
    record: T,
  ): Promise<void> => {
    if (await repo.get(record.id)) await repo.update(record.id, () => record);
    else await repo.create(record);
  };
  return {
    ...store.ports,
    putProfile: (p) => upsert(store.profiles, p),
    putGateway: (g) => upsert(store.gateways, g),
    putDevice: (d) => upsert(store.devices, d),
    enqueue: (devAddr, input) => store.queue.enqueue(devAddr, input),
    dispose,
  };
}

describeNsStores('db-sync on memory-level', async () => {
  const db = new MemoryLevel<string, string>();
  const store = await openLnsStore({ db, nodeId: 'n1', log, trimIntervalMs: 0 });
  return lnsHarness(store, async () => {
    await store.close();
    await db.close();
  });
});

describeNsStores('db-sync on classic-level', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lns-store-'));
  const store = await openLnsStore({ location: dir, nodeId: 'n1', log, trimIntervalMs: 0 });
  return lnsHarness(store, async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
});
