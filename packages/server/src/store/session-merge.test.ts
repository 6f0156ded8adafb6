/**
 * A partition that heals never moves a frame counter back (issue 8): two nodes' stores that
 * wrote one session independently exchange their oplogs, as replication would, and both end
 * with the larger counters, in the caches the network server reads as well as on disk.
 */
import { MemoryLevel } from 'memory-level';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { DevAddr } from '../shared/index.js';
import { openLnsStore } from './lns-store.js';
import type { LnsStore } from './lns-store.js';
import { profile, session } from './testing/ns-stores-suite.js';

const log = pino({ level: 'silent' });
const opened: LnsStore[] = [];

async function node(nodeId: string): Promise<LnsStore> {
  const store = await openLnsStore({
    db: new MemoryLevel<string, string>(),
    nodeId,
    log,
    trimIntervalMs: 0,
  });
  opened.push(store);
  return store;
}

/** Sends every entry `from` logged to `to`, as the replication stream does. */
async function replicate(from: LnsStore, to: LnsStore): Promise<void> {
  await to.db.applyRemote(await from.db.oplog.readFrom(1));
}

afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

describe('session counters across replicas', () => {
  const addr = '26011bda' as DevAddr;

  it('merge by maximum after both sides of a partition wrote the session', async () => {
    const a = await node('a');
    const b = await node('b');
    await a.profiles.create(profile);
    await a.nodes.create(session(addr, { fCntUp: 10, fCntDown: 3 }));
    await replicate(a, b);
    // Partition: a takes uplinks 11..20, b (later in HLC order) answers with downlinks 3..8.
    await a.ports.sessions.putSession(session(addr, { fCntUp: 20, fCntDown: 3 }));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await b.ports.sessions.putSession(session(addr, { fCntUp: 10, fCntDown: 9, lastRx: 'b' }));
    // Heal.
    await replicate(a, b);
    await replicate(b, a);
    for (const s of [a, b]) {
      const merged = await s.ports.sessions.getSession(addr);
      expect(merged).toMatchObject({ fCntUp: 20, fCntDown: 9, lastRx: 'b' });
      expect(await s.nodes.get(addr)).toEqual(merged);
    }
    expect(await a.db.digest('nodes')).toBe(await b.db.digest('nodes'));
  });

  it('an operator lowering a counter wins on every node (a new counter epoch)', async () => {
    const a = await node('a');
    const b = await node('b');
    await a.profiles.create(profile);
    await a.nodes.create(session(addr, { fCntUp: 500, fCntDown: 40 }));
    await replicate(a, b);
    await a.nodes.update(addr, (n) => ({ ...n, fCntUp: 0, fCntDown: 0 }));
    await replicate(a, b);
    expect(await b.ports.sessions.getSession(addr)).toMatchObject({ fCntUp: 0, fCntDown: 0 });
  });
});
