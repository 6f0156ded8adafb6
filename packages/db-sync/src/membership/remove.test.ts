import { describe, expect, it } from 'vitest';
import type { Cluster } from '../cluster/index.js';
import { useTestCluster, allUp, eventually, nextEvent } from '../test/cluster-harness.js';

const tc = useTestCluster();

/** Writes `key` on `writer`, waits until `witness` has it, then checks `outsider` does not. */
async function expectNotReplicatedTo(
  writer: Cluster,
  witness: Cluster,
  outsider: Cluster,
  key: string,
): Promise<void> {
  await writer.store.table('t').put(key, { by: writer.nodeId });
  await eventually(async () => (await witness.store.table('t').get(key)) !== undefined, key);
  // The witness has it: a stream to the outsider would have delivered it by now.
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(await outsider.store.table('t').get(key)).toBeUndefined();
}

describe('member removal', () => {
  it('stops a removed node, which then receives nothing more', async () => {
    const [a, b, c] = await tc.startJoined(['a', 'b', 'c']);
    const removed = nextEvent(c, 'removed');
    const gone = nextEvent(b, 'member_removed');
    await a.removeMember('c');
    expect(await removed).toEqual({ by: 'a' });
    expect(await gone).toEqual({ nodeId: 'c' });
    expect(c.state).toBe('removed');
    expect(a.members().map((m) => m.nodeId)).toEqual(['a', 'b']);
    await eventually(() => b.members().length === 2, 'b drops c');
    await expectNotReplicatedTo(a, b, c, 'after-removal');
    // Nor does anything written on the removed node leave it.
    await c.store.table('t').put('from-removed', {});
    await expectNotReplicatedTo(b, a, c, 'second');
    expect(await a.store.table('t').get('from-removed')).toBeUndefined();
    await expect(c.addMember(a.advertise)).rejects.toMatchObject({ code: 'SYNC_REMOVED' });
  });

  it('removes an unreachable node from the remaining side; it learns when it comes back', async () => {
    const [a, b, c] = await tc.startJoined(['a', 'b', 'c']);
    await tc.stop(c);
    await eventually(() => a.members().find((m) => m.nodeId === 'c')?.status === 'down', 'c down');
    await b.removeMember('c');
    expect(b.members().map((m) => m.nodeId)).toEqual(['a', 'b']);
    await eventually(() => a.members().length === 2, 'the removal reaches a');
    const back = await tc.start('c');
    await back.whenState('removed', 15_000);
    await expectNotReplicatedTo(a, b, back, 'while-removed');
    // Restarting again keeps it out.
    await tc.stop(back);
    const again = await tc.start('c');
    expect(again.state).toBe('removed');
  });

  it('lets a node leave by removing itself; members that were down learn it too', async () => {
    const [a, b, c] = await tc.startJoined(['a', 'b', 'c']);
    await tc.stop(c);
    await eventually(() => a.members().find((m) => m.nodeId === 'c')?.status === 'down', 'c down');
    const gone = nextEvent(a, 'member_removed');
    await b.removeMember('b');
    expect(b.state).toBe('removed');
    expect(await gone).toEqual({ nodeId: 'b' });
    expect(a.members().map((m) => m.nodeId)).toEqual(['a', 'c']);
    // A member wrote the removal, so it reaches c by that member's stream.
    const back = await tc.start('c');
    await back.whenState('ok', 15_000);
    await eventually(() => back.members().length === 2, 'c learns that b left');
    expect(back.members().map((m) => [m.nodeId, m.status])).toEqual([
      ['a', 'up'],
      ['c', 'up'],
    ]);
  });

  it('re-adds a removed node with addMember', async () => {
    const [a, b, c] = await tc.startJoined(['a', 'b', 'c']);
    await a.removeMember('c');
    await c.whenState('removed', 15_000);
    const status = await b.addMember(c.advertise, { timeoutMs: 20_000 });
    expect(status).toMatchObject({ nodeId: 'c', status: 'up' });
    await eventually(() => [a, b, c].every((n) => allUp(n, 3)), 'three up again');
    await a.store.table('t').put('welcome-back', {});
    await eventually(async () => (await c.store.table('t').get('welcome-back')) !== undefined, 'c');
  });

  it('refuses to remove a node that is not a member', async () => {
    const a = await tc.start('a');
    await expect(a.removeMember('nobody')).rejects.toMatchObject({ code: 'SYNC_NOT_A_MEMBER' });
  });
});
