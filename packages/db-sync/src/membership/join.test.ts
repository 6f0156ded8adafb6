import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { ClusterEvents } from '../cluster/index.js';
import { MemoryLevel } from 'memory-level';
import { openStore } from '../store/index.js';
import {
  SECRET,
  useTestCluster,
  allUp,
  converged,
  eventually,
  nextEvent,
} from '../test/cluster-harness.js';

const tc = useTestCluster();

async function backups(nodeId: string): Promise<string[]> {
  return (await readdir(tc.root)).filter((name) => name.startsWith(`${nodeId}.bak-`)).sort();
}

describe('join through db_master', () => {
  it('moves the old data aside, loads the snapshot, tails, and goes from starting to ok', async () => {
    const a = await tc.start('a');
    const devices = a.store.table('devices');
    for (let i = 0; i < 3000; i += 1) await devices.put(`d${i}`, { name: `device ${i}` });
    await devices.del('d0');
    // b first lived alone, with data of its own.
    let b = await tc.start('b');
    await b.store.table('devices').put('only-on-old-b', { old: true });
    await b.store.table('frames', { replicated: false }).put('f1', { local: true });
    const oldCluster = b.clusterId;
    await tc.stop(b);

    const progress: { received: number; total: number }[] = [];
    b = await tc.start('b', { dbMaster: a.advertise, onProgress: (p) => progress.push(p) });
    expect(b.state).toBe('starting');
    expect(b.members().find((m) => m.self)?.status).toBe('joining');
    // Writes during the join reach b by the stream that follows the snapshot.
    for (let i = 0; i < 50; i += 1) await devices.put(`during${i}`, { i });
    await b.whenState('ok', 20_000);

    expect(b.clusterId).toBe(a.clusterId);
    expect(b.clusterId).not.toBe(oldCluster);
    expect(progress.at(-1)?.received).toBe(progress.at(-1)?.total);
    expect(progress.at(-1)?.total).toBeGreaterThanOrEqual(3000);
    await converged([a, b], ['devices', '_members']);
    expect(await b.store.table('devices').get('only-on-old-b')).toBeUndefined();
    expect(await b.store.table('devices').count()).toBe(2999 + 50);
    expect(await b.store.table('frames', { replicated: false }).get('f1')).toBeUndefined();
    await eventually(() => allUp(a, 2) && allUp(b, 2), 'both up');
    expect(b.members().map((m) => [m.nodeId, m.status])).toEqual([
      ['a', 'up'],
      ['b', 'up'],
    ]);

    // The old database is kept, whole, next to the data directory.
    const [backup] = await backups('b');
    expect(backup).toMatch(/^b\.bak-\d{8}T\d{6}Z$/);
    const old = await openStore({ location: `${tc.root}/${backup}`, nodeId: 'b' });
    expect(await old.table('devices').get('only-on-old-b')).toEqual({ old: true });
    expect(await old.table('frames', { replicated: false }).get('f1')).toEqual({ local: true });
    await old.close();

    // A later start ignores db_master: no second backup, the data stays.
    await tc.stop(b);
    b = await tc.start('b', { dbMaster: a.advertise });
    await b.whenState('ok', 20_000);
    expect(await backups('b')).toEqual([backup]);
    expect(await b.store.table('devices').count()).toBe(3049);
  });

  it('joins a fresh node without making a backup', async () => {
    const a = await tc.start('a');
    await a.store.table('t').put('k', 1);
    const b = await tc.start('b', { dbMaster: a.advertise });
    await b.whenState('ok', 20_000);
    expect(await b.store.table('t').get('k')).toBe(1);
    expect(await backups('b')).toEqual([]);
  });

  it('clears a caller-owned database in place, keeping the store object valid', async () => {
    const a = await tc.start('a');
    await a.store.table('t').put('k', 'from a');
    const store = await openStore({ db: new MemoryLevel(), nodeId: 'm' });
    const table = store.table<string>('t');
    await table.put('mine', 'old');
    const resets: string[] = [];
    store.onChange((e) => resets.push(e.source));
    const m = await tc.start('m', { store, dbMaster: a.advertise });
    await m.whenState('ok', 20_000);
    expect(m.store).toBe(store);
    // The handle taken before the join reads the new data.
    expect(await table.get('k')).toBe('from a');
    expect(await table.get('mine')).toBeUndefined();
    expect(resets.filter((s) => s === 'reset')).toHaveLength(2);
    await tc.stop(m);
    await store.close();
  });

  it('refuses a joiner with the wrong secret, with the reason on both sides', async () => {
    const a = await tc.start('a');
    const onA = nextEvent(a, 'refused');
    const x = await tc.start('x', { secret: 'not-the-secret', dbMaster: a.advertise });
    const onX = nextEvent(x, 'refused');
    const failed = nextEvent(x, 'join_failed');
    // x proves the secret first: a finds it wrong and refuses.
    expect(await onA).toMatchObject({ reason: 'bad_secret', side: 'local', peer: 'x' });
    expect(await onX).toMatchObject({ reason: 'bad_secret', side: 'remote' });
    expect(await failed).toMatchObject({ code: 'SYNC_PEER_REFUSED' });
    expect(x.state).toBe('starting');
    expect(a.members().map((m) => m.nodeId)).toEqual(['a']);
  });

  it('refuses a peer link between different clusters, with the reason on both sides', async () => {
    const a = await tc.start('a');
    const x = await tc.start('x');
    expect(x.clusterId).not.toBe(a.clusterId);
    const onA = nextEvent(a, 'refused');
    const onX = nextEvent(x, 'refused');
    // a believes x is a member (a misconfiguration): it dials x and finds another cluster.
    await a.store
      .table('_members')
      .put('x', { address: x.advertise, state: 'member', addedAt: 1, incarnation: 'i1' });
    // x, the acceptor, checks the dialer's cluster id once a's proof checked out.
    const seen: ClusterEvents['refused'][] = [await onA, await onX];
    expect(seen).toEqual([
      expect.objectContaining({ reason: 'cluster_id_mismatch', side: 'remote', peer: 'x' }),
      expect.objectContaining({ reason: 'cluster_id_mismatch', side: 'local', peer: 'a' }),
    ]);
    expect(x.members().map((m) => m.nodeId)).toEqual(['x']);
  });
});

describe('join me (add a running node)', () => {
  it('adds a node through a member other than the first, and every member links to it', async () => {
    const a = await tc.start('a');
    const b = await tc.start('b', { dbMaster: a.advertise });
    await b.whenState('ok', 20_000);
    await a.store.table('profiles').put('p1', { region: 'EU868' });
    const c = await tc.start('c');
    await c.store.table('profiles').put('c-only', {});
    const status = await b.addMember(c.advertise, { timeoutMs: 20_000 });
    expect(status).toMatchObject({ nodeId: 'c', address: c.advertise, status: 'up' });
    expect(c.clusterId).toBe(a.clusterId);
    await eventually(() => [a, b, c].every((n) => allUp(n, 3)), 'three up');
    expect(await c.store.table('profiles').get('p1')).toEqual({ region: 'EU868' });
    expect(await c.store.table('profiles').get('c-only')).toBeUndefined();
    expect(await backups('c')).toHaveLength(1);
    await c.store.table('profiles').put('p2', { from: 'c' });
    await eventually(
      async () => (await a.store.table('profiles').get('p2')) !== undefined,
      'p2 on a',
    );
    await converged([a, b, c], ['profiles', '_members']);
  });

  it('is a no-op for a node that is already a member', async () => {
    const a = await tc.start('a');
    const b = await tc.start('b', { dbMaster: a.advertise });
    await b.whenState('ok', 20_000);
    await eventually(() => allUp(a, 2), 'b up on a');
    expect(await a.addMember(b.advertise)).toMatchObject({ nodeId: 'b', status: 'up' });
    expect(await backups('b')).toEqual([]);
  });

  it('rejects a node that is a member of another cluster with several members', async () => {
    const a = await tc.start('a');
    const x = await tc.start('x');
    const y = await tc.start('y', { dbMaster: x.advertise });
    await y.whenState('ok', 20_000);
    await expect(a.addMember(y.advertise)).rejects.toMatchObject({
      code: 'SYNC_JOIN_FAILED',
      details: { reason: 'member_of_another_cluster' },
    });
    expect(y.clusterId).toBe(x.clusterId);
  });

  it('rejects an address where the secret differs', async () => {
    const a = await tc.start('a');
    const x = await tc.start('x', { secret: `${SECRET}-other` });
    await expect(a.addMember(x.advertise)).rejects.toMatchObject({
      code: 'SYNC_PEER_REFUSED',
      details: { reason: 'bad_secret' },
    });
  });
});
