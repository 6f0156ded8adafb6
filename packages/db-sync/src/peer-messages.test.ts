import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from './clock.js';
import type { Cluster } from './cluster/index.js';
import { isSyncError } from './errors.js';
import type { ClusterEvents } from './cluster/index.js';
import { SECRET, allUp, eventually, nextEvent, useTestCluster } from './test/cluster-harness.js';
import { CapturingLogger } from './test/capturing-logger.js';
import { dialLink } from './transport/index.js';
import type { Link, LinkClose } from './transport/index.js';

const tc = useTestCluster();
const rawLinks: Link[] = [];
afterEach(() => {
  for (const link of rawLinks.splice(0)) link.destroy('test over');
});

/** A peer link to `cluster` from a node that is not a member, speaking raw frames. */
async function rawPeer(cluster: Cluster, nodeId: string): Promise<Link> {
  const link = await dialLink({
    address: cluster.advertise,
    self: { nodeId, clusterId: cluster.clusterId },
    purpose: 'peer',
    secret: SECRET,
    timing: { clock: systemClock, heartbeatMs: 100, deadAfterMs: 5000 },
    timeoutMs: 2000,
  });
  rawLinks.push(link);
  return link;
}

describe('peer messages', () => {
  it('delivers a message to the handler of its topic with the sender as from', async () => {
    const [a, b, c] = await tc.startJoined(['a', 'b', 'c']);
    const got: [string, unknown][] = [];
    b.onMessage('uplink', (from, payload) => got.push([from, payload]));
    expect(a.send('b', 'uplink', { devAddr: '01020304', fCnt: 7 })).toBe(true);
    expect(c.send('b', 'uplink', ['from', 'c'])).toBe(true);
    await eventually(() => got.length === 2, 'two messages');
    expect(got).toContainEqual(['a', { devAddr: '01020304', fCnt: 7 }]);
    expect(got).toContainEqual(['c', ['from', 'c']]);
    expect(b.messageStats()).toMatchObject({ received: 2, unhandled: 0 });
    expect(a.messageStats()).toMatchObject({ sent: 1, refused: 0 });
  });

  it('keeps the order of the messages sent to one peer', async () => {
    const [a, b] = await tc.startJoined(['a', 'b']);
    const got: number[] = [];
    b.onMessage('seq', (_from, payload) => got.push(payload as number));
    for (let i = 0; i < 1000; i += 1) expect(a.send('b', 'seq', i)).toBe(true);
    await eventually(() => got.length === 1000, '1000 messages');
    expect(got).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('refuses to send to an unknown peer, to itself and to a peer that is down', async () => {
    const [a, b] = await tc.startJoined(['a', 'b']);
    expect(a.send('nobody', 't', 1)).toBe(false);
    expect(a.send('a', 't', 1)).toBe(false);
    const down = nextEvent(a, 'member_down', (e) => e.nodeId === 'b');
    await tc.stop(b);
    await down;
    expect(a.send('b', 't', 1)).toBe(false);
    expect(a.messageStats()).toMatchObject({ sent: 0, refused: 3 });
  });

  it('rejects bad topics and payloads without a JSON form, and a second handler', async () => {
    const [a] = await tc.startJoined(['a', 'b']);
    expect(() => a.send('b', 'has space', 1)).toThrow(
      expect.objectContaining({
        code: 'SYNC_INVALID_OPTIONS',
      }) as Error,
    );
    expect(() => a.send('b', 't', undefined)).toThrow(
      expect.objectContaining({
        code: 'SYNC_INVALID_VALUE',
      }) as Error,
    );
    a.onMessage('t', () => undefined);
    let caught: unknown;
    try {
      a.onMessage('t', () => undefined);
    } catch (err) {
      caught = err;
    }
    expect(isSyncError(caught, 'SYNC_TOPIC_TAKEN')).toBe(true);
  });

  it('logs a throwing handler with the error and topic and keeps the link', async () => {
    const log = new CapturingLogger();
    const [a, b] = await tc.startJoined(['a', 'b'], { log });
    const downs: ClusterEvents['member_down'][] = [];
    a.on('member_down', (e) => downs.push(e));
    const got: unknown[] = [];
    a.onMessage('boom', (_from, payload) => {
      if (payload === 'throw') throw new Error('handler bug');
      got.push(payload);
    });
    expect(b.send('a', 'boom', 'throw')).toBe(true);
    expect(b.send('a', 'boom', 'after')).toBe(true);
    await eventually(() => got.length === 1, 'the message after the throw');
    expect(got).toEqual(['after']);
    const lines = log.find('message handler failed');
    expect(lines).toHaveLength(1);
    expect(lines[0]?.obj).toMatchObject({ topic: 'boom', peer: 'b' });
    expect((lines[0]?.obj.err as Error).message).toBe('handler bug');
    expect(a.messageStats().handlerErrors).toBe(1);
    expect(downs).toEqual([]);
    expect(a.members().find((m) => m.nodeId === 'b')?.status).toBe('up');
  });

  it('stops calling a removed handler and counts what arrives without one', async () => {
    const [a, b] = await tc.startJoined(['a', 'b']);
    const got: unknown[] = [];
    const off = b.onMessage('t', (_from, payload) => got.push(payload));
    a.send('b', 't', 1);
    await eventually(() => got.length === 1, 'first message');
    off();
    a.send('b', 't', 2);
    await eventually(() => b.messageStats().unhandled === 1, 'unhandled message counted');
    // The topic is free again.
    b.onMessage('t', (_from, payload) => got.push(payload));
    a.send('b', 't', 3);
    await eventually(() => got.length === 2, 'message to the new handler');
    expect(got).toEqual([1, 3]);
  });

  it('treats a malformed message as a protocol error, logged with what was wrong', async () => {
    const log = new CapturingLogger();
    const a = await tc.start('a', { log });
    const raw = await rawPeer(a, 'z');
    const closed = new Promise<LinkClose>((resolve) => raw.onClose(resolve));
    raw.onMessage(() => undefined);
    raw.send({ t: 'msg', topic: 'x y', p: 1 });
    expect(await closed).toEqual({ reason: 'protocol_error', remote: true });
    const lines = log.find('bad frame from peer');
    expect(lines).toHaveLength(1);
    expect(lines[0]?.obj).toMatchObject({ peer: 'z' });
    expect((lines[0]?.obj.err as { details: unknown }).details).toEqual({
      type: 'msg',
      field: 'topic',
    });
  });

  it('refuses messages once the link holds more than the buffer bound', async () => {
    const a = await tc.start('a');
    const raw = await rawPeer(a, 'z');
    raw.onMessage(() => undefined);
    await eventually(() => a.send('z', 'probe', 0), 'link to z adopted');
    // z stops reading: the kernel buffers fill, then the socket's own buffer.
    raw.socket.pause();
    const payload = 'x'.repeat(64 * 1024);
    let sent = 0;
    while (sent < 2000 && a.send('z', 'big', payload)) sent += 1;
    expect(sent).toBeLessThan(2000);
    expect(a.messageStats().refused).toBeGreaterThanOrEqual(1);
  });
});

describe('member_status', () => {
  it('fires when a peer goes down and when it comes back', async () => {
    const a = await tc.start('a');
    let b = await tc.start('b', { dbMaster: a.advertise });
    await b.whenState('ok', 15_000);
    await eventually(() => allUp(a, 2), 'b up on a');
    const seen: ClusterEvents['member_status'][] = [];
    a.on('member_status', (e) => seen.push(e));
    const ofB = (): string[] => seen.filter((e) => e.nodeId === 'b').map((e) => e.status);
    await tc.stop(b);
    await eventually(() => ofB().includes('down'), 'b down');
    expect(ofB()[0]).toBe('down');
    b = await tc.start('b');
    await b.whenState('ok', 15_000);
    // On the way back b may show as joining (its state while it catches up) before up.
    await eventually(
      () => ofB().at(-1) === 'up' && a.members().find((m) => m.nodeId === 'b')?.status === 'up',
      'b up again',
    );
    // Each event is a change: no status is repeated back to back.
    expect(ofB().every((s, i, all) => i === 0 || s !== all[i - 1])).toBe(true);
    expect(a.members().find((m) => m.nodeId === 'b')?.status).toBe('up');
  });

  it('reports the status of this node too', async () => {
    const a = await tc.start('a');
    const b = await tc.start('b', { dbMaster: a.advertise });
    const ownStatus = nextEvent(b, 'member_status', (e) => e.nodeId === 'b' && e.status === 'up');
    await b.whenState('ok', 15_000);
    await ownStatus;
  });
});
