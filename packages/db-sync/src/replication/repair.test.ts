import { describe, expect, it } from 'vitest';
import type { Cluster } from '../cluster/index.js';
import { encodeVersion } from '../codec.js';
import { encodeHlc } from '../hlc.js';
import { storeInternals } from '../store/index.js';
import { converged, digests, useTestCluster } from '../test/cluster-harness.js';

const tc = useTestCluster();

/** Writes straight into the LevelDB of `node`: no oplog entry, so no replication sees it. */
async function inject(node: Cluster, table: string, key: string, value: unknown): Promise<void> {
  const subs = storeInternals(node.store).tableSubs(table);
  const hlc = encodeHlc(node.store.clock.now());
  if (value === null) await subs.data.del(key);
  else await subs.data.put(key, JSON.stringify(value));
  await subs.versions.put(key, encodeVersion(hlc, node.nodeId, value === null));
}

/** Forgets `key` on `node` entirely, as a lost write would. */
async function forget(node: Cluster, table: string, key: string): Promise<void> {
  const subs = storeInternals(node.store).tableSubs(table);
  await subs.data.del(key);
  await subs.versions.del(key);
}

describe('anti-entropy', () => {
  it('repairs divergence injected into one node, both ways, in one exchange', async () => {
    const [a, b] = await tc.startJoined(['a', 'b']);
    for (let i = 0; i < 100; i += 1) await a.store.table('devices').put(`d${i}`, { i });
    await converged([a, b], ['devices']);
    await inject(b, 'devices', 'only-on-b', { b: true });
    await inject(a, 'devices', 'd1', { newer: 'on a' });
    await forget(a, 'devices', 'd2');
    await inject(b, 'devices', 'd3', null);
    await inject(b, 'gateways', 'g1', { table: 'unknown to a' });
    expect(await digests(a, ['devices'])).not.toEqual(await digests(b, ['devices']));

    const result = await a.repair();
    expect(result.failed).toEqual([]);
    expect(result.peers).toEqual([expect.objectContaining({ nodeId: 'b', sent: 1, received: 4 })]);
    // Both sides applied before repair resolved.
    expect(await digests(a, ['devices', 'gateways'])).toEqual(
      await digests(b, ['devices', 'gateways']),
    );
    expect(await a.store.table('devices').get('only-on-b')).toEqual({ b: true });
    expect(await b.store.table('devices').get('d1')).toEqual({ newer: 'on a' });
    expect(await a.store.table('devices').get('d2')).toEqual({ i: 2 });
    expect(await a.store.table('devices').get('d3')).toBeUndefined();
    expect(await a.store.table('gateways').get('g1')).toEqual({ table: 'unknown to a' });
    // Nothing left to repair.
    expect((await a.repair()).peers[0]).toMatchObject({ sent: 0, received: 0 });
  });

  it('repairs a divergence spread over every bucket, round after round', async () => {
    const [a, b] = await tc.startJoined(['a', 'b']);
    for (let i = 0; i < 2000; i += 1) await inject(b, 'sessions', `s${i}`, { i });
    const result = await a.repair();
    expect(result.peers[0]).toMatchObject({ received: 2000, sent: 0 });
    expect(await digests(a, ['sessions'])).toEqual(await digests(b, ['sessions']));
  });

  it('runs by itself on its period', async () => {
    const [a, b] = await tc.startJoined(['a', 'b'], { timing: { antiEntropyIntervalMs: 100 } });
    await inject(b, 'profiles', 'p', { v: 1 });
    await converged([a, b], ['profiles']);
    expect(await a.store.table('profiles').get('p')).toEqual({ v: 1 });
  });
});

describe('push', () => {
  it('re-sends every record of this node to every live peer', async () => {
    const [a, b, c] = await tc.startJoined(['a', 'b', 'c']);
    for (let i = 0; i < 500; i += 1) await inject(a, 'nodes', `n${i}`, { i });
    const result = await a.push();
    expect(result.failed).toEqual([]);
    const records = (await a.store.table('_members').count()) + 500;
    expect(result.peers.sort((x, y) => (x.nodeId < y.nodeId ? -1 : 1))).toEqual([
      { nodeId: 'b', records },
      { nodeId: 'c', records },
    ]);
    // Acknowledged chunk by chunk: the peers hold everything when push resolves.
    expect(await b.store.table('nodes').count()).toBe(500);
    expect(await digests(c, ['nodes', '_members'])).toEqual(
      await digests(a, ['nodes', '_members']),
    );
  });
});
