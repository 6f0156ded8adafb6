import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Cluster } from './cluster.js';
import { openStore } from './store.js';
import { TestCluster, allUp, converged, eventually, nextEvent } from './test/cluster-harness.js';

let tc: TestCluster;
beforeEach(async () => {
  tc = await TestCluster.create();
});
afterEach(async () => {
  await tc.dispose();
});

/** A seeded node `a`, then `b` and `c` joined through db_master. */
async function threeNodes(): Promise<[Cluster, Cluster, Cluster]> {
  const a = await tc.start('a');
  const b = await tc.start('b', { dbMaster: a.advertise });
  await b.whenState('ok', 15_000);
  const c = await tc.start('c', { dbMaster: a.advertise });
  await c.whenState('ok', 15_000);
  await eventually(() => [a, b, c].every((n) => allUp(n, 3)), 'three nodes up');
  return [a, b, c];
}

describe('cluster replication', () => {
  it('runs alone: state ok at once, itself the only member', async () => {
    const a = await tc.start('a');
    expect(a.state).toBe('ok');
    expect(a.members()).toEqual([
      expect.objectContaining({ nodeId: 'a', status: 'up', self: true, address: a.advertise }),
    ]);
    expect(a.address().port).toBeGreaterThan(0);
    expect(await a.waitForAcks(a.store.oplog.lastSeq, 100)).toEqual({
      acked: [],
      missing: [],
      down: [],
    });
  });

  it('ends whenState with SYNC_TIMEOUT, or with SYNC_CLOSED when the cluster closes first', async () => {
    const a = await tc.start('a');
    await expect(a.whenState('removed', 50)).rejects.toMatchObject({ code: 'SYNC_TIMEOUT' });
    // The assertion is attached before the close rejects the promise, or that rejection
    // would count as unhandled while stop() is awaited.
    const closed = expect(a.whenState('removed', 60_000)).rejects.toMatchObject({
      code: 'SYNC_CLOSED',
    });
    await tc.stop(a);
    await closed;
  });

  it('tells its peers the facts it sets (meta) in heartbeats, strings only', async () => {
    const a = await tc.start('a', { meta: { http: '127.0.0.1:1' } });
    const b = await tc.start('b', { dbMaster: a.advertise });
    await b.whenState('ok', 15_000);
    a.setMeta({ http: '127.0.0.1:8080', zone: 'eu' });
    await eventually(
      () => b.members().find((m) => m.nodeId === 'a')?.meta.http === '127.0.0.1:8080',
      'b sees a new meta',
    );
    expect(b.members().find((m) => m.nodeId === 'a')?.meta).toEqual({
      http: '127.0.0.1:8080',
      zone: 'eu',
    });
    expect(a.members().find((m) => m.self)?.meta).toEqual({ http: '127.0.0.1:8080', zone: 'eu' });
  });

  it('makes a write on any node readable on every other', async () => {
    const nodes = await threeNodes();
    for (const [i, writer] of nodes.entries()) {
      await writer.store.table('devices').put(`from-${writer.nodeId}`, { i });
    }
    await nodes[1].store.table('devices').del('from-a');
    for (const reader of nodes) {
      const devices = reader.store.table('devices');
      await eventually(
        async () => (await devices.has('from-c')) && !(await devices.has('from-a')),
        `the writes on ${reader.nodeId}`,
      );
      expect(await devices.list()).toEqual([
        { key: 'from-b', value: { i: 1 } },
        { key: 'from-c', value: { i: 2 } },
      ]);
    }
    await converged(nodes, ['devices', '_members']);
  });

  it('reports the live peers that acknowledged a write, and the members that are down', async () => {
    const [a, b, c] = await threeNodes();
    const all = await a.batch([{ table: 'users', key: 'u1', value: { name: 'x' } }], {
      timeoutMs: 10_000,
    });
    expect(all).toEqual({ acked: ['b', 'c'], missing: [], down: [] });
    // Acknowledged means applied: the value is readable there already.
    expect(await b.store.table('users').get('u1')).toEqual({ name: 'x' });
    expect(await c.store.table('users').get('u1')).toEqual({ name: 'x' });
    await tc.stop(c);
    await eventually(() => a.members().find((m) => m.nodeId === 'c')?.status === 'down', 'c down');
    const some = await a.batch([{ table: 'users', key: 'u2', value: {} }], { timeoutMs: 10_000 });
    expect(some).toEqual({ acked: ['b'], missing: [], down: ['c'] });
  });

  it('converges concurrent conflicting writes to one value everywhere', async () => {
    const nodes = await threeNodes();
    const [a, b, c] = nodes;
    const writes: Promise<void>[] = [];
    for (let round = 0; round < 200; round += 1) {
      for (const node of [a, b, c]) {
        writes.push(node.store.table('sessions').put(`k${round % 20}`, { by: node.nodeId, round }));
      }
    }
    await Promise.all(writes);
    await converged(nodes, ['sessions']);
    for (let k = 0; k < 20; k += 1) {
      const values = await Promise.all(nodes.map((n) => n.store.table('sessions').get(`k${k}`)));
      expect(values[1]).toEqual(values[0]);
      expect(values[2]).toEqual(values[0]);
    }
  });

  it('resumes a node stopped during a stream of writes from its last position', async () => {
    const nodes = await threeNodes();
    const [a, b] = nodes;
    let c = nodes[2];
    const snapshots: string[] = [];
    a.on('snapshot_progress', (e) => snapshots.push(e.purpose));
    b.on('snapshot_progress', (e) => snapshots.push(e.purpose));
    const writer = async (node: Cluster, n: number): Promise<void> => {
      for (let i = 0; i < n; i += 1) {
        await node.store.table('frames-state').put(`${node.nodeId}-${i % 300}`, { i });
      }
    };
    await writer(c, 300);
    const streams = Promise.all([writer(a, 1500), writer(b, 1500)]);
    await eventually(
      async () => (await c.store.table('frames-state').count()) > 200,
      'c mid-stream',
    );
    // A crash: links dropped without bye, positions not flushed at close.
    await tc.stop(c, { abrupt: true });
    await streams;
    c = await tc.start('c');
    expect(c.state).toBe('starting');
    await c.whenState('ok', 15_000);
    await converged([a, b, c], ['frames-state', '_members']);
    expect(await c.store.table('frames-state').count()).toBe(900);
    // Positions survived the restart: no node needed a snapshot to catch up.
    expect(snapshots).toEqual([]);
  });

  it('catches up from a snapshot when its position was trimmed from the log', async () => {
    const a = await tc.start('a', { retention: { minEntries: 0, maxEntries: 10 } });
    let b = await tc.start('b', { dbMaster: a.advertise });
    await b.whenState('ok', 15_000);
    await tc.stop(b);
    for (let i = 0; i < 300; i += 1) await a.store.table('nodes').put(`n${i}`, { i });
    await a.store.table('nodes').del('n0');
    // b is down: only the size limit (10 entries) lets the log be cut past its position.
    const trimmed = await a.trimOplog();
    expect(trimmed).toBeGreaterThan(a.store.oplog.lastSeq - 20);
    const catchUp = nextEvent(a, 'snapshot_progress', (e) => e.purpose === 'catch_up');
    b = await tc.start('b');
    await b.whenState('ok', 15_000);
    await catchUp;
    await converged([a, b], ['nodes', '_members']);
    expect(await b.store.table('nodes').count()).toBe(299);
    // The stream goes on from the snapshot's position.
    await a.store.table('nodes').put('after', { ok: true });
    await eventually(async () => (await b.store.table('nodes').get('after')) !== undefined, 'tail');
  });

  it('trims what every member acknowledged and keeps what a down member lacks', async () => {
    const a = await tc.start('a', { retention: { minEntries: 0 } });
    const b = await tc.start('b', { dbMaster: a.advertise });
    await b.whenState('ok', 15_000);
    const c = await tc.start('c', { dbMaster: a.advertise });
    await c.whenState('ok', 15_000);
    await eventually(() => allUp(a, 3), 'three up');
    for (let i = 0; i < 50; i += 1) await a.store.table('t').put(`k${i}`, i);
    expect((await a.waitForAcks(a.store.oplog.lastSeq, 10_000)).acked).toEqual(['b', 'c']);
    expect(await a.trimOplog()).toBe(a.store.oplog.lastSeq);
    await tc.stop(c);
    await eventually(() => a.members().find((m) => m.nodeId === 'c')?.status === 'down', 'c down');
    const cAcked = a.members().find((m) => m.nodeId === 'c')?.ackedSeq ?? -1;
    for (let i = 0; i < 20; i += 1) await a.store.table('t').put(`later${i}`, i);
    await a.waitForAcks(a.store.oplog.lastSeq, 10_000);
    expect(await a.trimOplog()).toBe(cAcked);
    expect(cAcked).toBeLessThan(a.store.oplog.lastSeq);
  });
});

describe('cluster merges', () => {
  interface Counter {
    readonly by: string;
    readonly fCnt: number;
  }
  const maxCounter = (winner: Counter, loser: Counter): Counter => ({
    ...winner,
    fCnt: Math.max(winner.fCnt, loser.fCnt),
  });
  const storeOptions = { merges: { sessions: maxCounter } };

  it('heals a partition without moving a merged counter back on either side', async () => {
    const a = await tc.start('a', { storeOptions });
    let b = await tc.start('b', { dbMaster: a.advertise, storeOptions });
    await b.whenState('ok', 15_000);
    await tc.stop(b);
    // While apart: b counts further first, then a writes a lower count later.
    const offline = await openStore({
      location: tc.dir('b'),
      nodeId: 'b',
      now: () => Date.now() - 60_000,
      ...storeOptions,
    });
    await offline.table<Counter>('sessions').put('dev', { by: 'b', fCnt: 10 });
    await offline.close();
    await a.store.table<Counter>('sessions').put('dev', { by: 'a', fCnt: 3 });
    b = await tc.start('b', { storeOptions });
    await b.whenState('ok', 15_000);
    await converged([a, b], ['sessions']);
    for (const node of [a, b]) {
      await eventually(
        async () => (await node.store.table<Counter>('sessions').get('dev'))?.fCnt === 10,
        `merged counter on ${node.nodeId}`,
      );
      expect(await node.store.table('sessions').get('dev')).toEqual({ by: 'a', fCnt: 10 });
    }
  });
});
