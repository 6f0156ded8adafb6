import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../clock.js';
import { acceptLink } from '../transport/index.js';
import type { Link, Message } from '../transport/index.js';
import { SECRET, eventually, useTestCluster } from '../test/cluster-harness.js';
import { CHUNK_BYTES } from './snapshot.js';
import { DEFAULT_WINDOW } from './channel.js';

const tc = useTestCluster();
let server: Server | undefined;
let fake: Link | undefined;
afterEach(async () => {
  fake?.destroy('test over');
  await new Promise((resolve) =>
    server === undefined ? resolve(undefined) : server.close(resolve),
  );
  server = undefined;
});

describe('backpressure', () => {
  it('stops reading the oplog for a peer that does not read, and resumes when it does', async () => {
    const a = await tc.start('a');
    // A member that completes the handshake, subscribes from the start, then stops reading.
    const linked = new Promise<Link>((resolve) => {
      server = createServer((socket) => {
        void acceptLink(socket, {
          self: () => ({ nodeId: 'slow', clusterId: a.clusterId }),
          secret: SECRET,
          timing: { clock: systemClock, heartbeatMs: 100, deadAfterMs: 60_000 },
          timeoutMs: 2000,
        }).then((link) => {
          link.onMessage(() => undefined);
          link.send({ t: 'sub', logId: null, from: 0 });
          link.socket.pause();
          resolve(link);
        });
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const address = `127.0.0.1:${(server?.address() as AddressInfo).port}`;
    await a.store
      .table('_members')
      .put('slow', { address, state: 'member', addedAt: 0, incarnation: 'i1' });
    fake = await linked;

    // Some 24 MB of session-sized records: far more than the socket and the window hold.
    const value = { payload: 'x'.repeat(1200) };
    for (let i = 0; i < 200; i += 1) {
      await a.store.batch(
        Array.from({ length: 100 }, (_, j) => ({ table: 'sessions', key: `s${i}-${j}`, value })),
      );
    }
    const slow = () => a.members().find((m) => m.nodeId === 'slow');
    await eventually(() => slow()?.inflightFrames === DEFAULT_WINDOW, 'a full window');
    // Give the sender every chance to run ahead: it must not.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const status = slow();
    expect(status?.status).toBe('up');
    expect(status?.inflightFrames).toBe(DEFAULT_WINDOW);
    expect(status?.ackedSeq).toBe(0);
    // What waits in our socket is bounded by the window of small frames, not by the backlog.
    expect(status?.bufferedBytes).toBeLessThanOrEqual(DEFAULT_WINDOW * (CHUNK_BYTES + 2048) + 4096);
    expect(status?.lagMs).toBeGreaterThan(0);

    // The peer reads and acknowledges again: the stream drains the whole backlog.
    const link = fake;
    link.onMessage((m: Message) => {
      if (m.t === 'ops' || m.t === 'stream_start') {
        link.send({ t: 'ack', ch: 'stream', n: m.n, ...(m.t === 'ops' ? { seq: m.upTo } : {}) });
      }
    });
    link.socket.resume();
    await eventually(
      () => slow()?.ackedSeq === a.store.oplog.lastSeq,
      'backlog acknowledged',
      30_000,
    );
    expect(slow()?.inflightFrames).toBe(0);
  });
});
