/**
 * The cluster port's limits on a real node: unauthenticated connections over the per-address
 * and total caps are refused with `busy` and closed at once, counted and logged once per
 * interval; members still link while strangers hold their share; the count drops when the
 * strangers' handshakes time out.
 */
import { describe, expect, it } from 'vitest';
import { CapturingLogger } from '../test/capturing-logger.js';
import { allUp, eventually, useTestCluster } from '../test/cluster-harness.js';
import { RawPeer } from '../test/raw-peer.js';

const tc = useTestCluster();

async function openIdle(address: string, n: number, from?: string): Promise<RawPeer[]> {
  const peers: RawPeer[] = [];
  for (let i = 0; i < n; i += 1) peers.push(await RawPeer.connect(address, from));
  return peers;
}

describe('the cluster port limits', () => {
  it('refuses handshakes over the per-address cap with busy, counts and logs them once', async () => {
    const log = new CapturingLogger();
    const a = await tc.start('a', {
      log,
      limits: { maxHandshakingPerAddress: 4, maxHandshaking: 100 },
    });
    const peers = await openIdle(a.advertise, 10);
    try {
      const refused = peers.slice(4);
      for (const p of refused) {
        expect(await p.whenClosed()).toBe(true);
        expect(p.frames).toEqual([
          { t: 'refused', reason: 'busy', message: 'too many connections to the cluster port' },
        ]);
      }
      // The first four are held in their handshake (open, nothing sent to them).
      for (const p of peers.slice(0, 4)) {
        expect(p.closed).toBe(false);
        expect(p.frames).toEqual([]);
      }
      expect(a.connectionStats()).toMatchObject({
        open: 4,
        handshaking: 4,
        accepted: 4,
        refusedPerAddress: 6,
        refusedTotal: 0,
      });
      // One line for the burst (the first refusal), with the limits it hit.
      const lines = log.find('cluster port refused connections over its limits');
      expect(lines).toHaveLength(1);
      expect(lines[0]?.obj).toMatchObject({ limit: 'per_address', address: '127.0.0.1' });
    } finally {
      for (const p of peers) p.destroy();
    }
  });

  it('refuses over the total handshake cap from any address, and recovers when they time out', async () => {
    const a = await tc.start('a', {
      limits: { maxHandshakingPerAddress: 2, maxHandshaking: 4 },
      timing: { connectTimeoutMs: 500 },
    });
    const peers = [
      ...(await openIdle(a.advertise, 2, '127.0.0.2')),
      ...(await openIdle(a.advertise, 2, '127.0.0.3')),
      ...(await openIdle(a.advertise, 2, '127.0.0.4')),
    ];
    try {
      for (const p of peers.slice(4)) {
        expect(await p.whenClosed()).toBe(true);
        expect(p.frames[0]).toMatchObject({ t: 'refused', reason: 'busy' });
      }
      expect(a.connectionStats()).toMatchObject({ handshaking: 4, refusedTotal: 2 });
      // The held ones hit the handshake deadline; then a member links as usual.
      for (const p of peers.slice(0, 4)) expect(await p.whenClosed(3000)).toBe(true);
      await eventually(
        () => a.connectionStats().handshaking === 0 && a.connectionStats().open === 0,
        'stranger sockets closed',
      );
      expect(a.connectionStats()).toMatchObject({ open: 0, handshakeFailed: 4 });
      const b = await tc.start('b', { dbMaster: a.advertise });
      await b.whenState('ok', 15_000);
      await eventually(() => allUp(a, 2) && allUp(b, 2), 'a and b up');
      // b's join link came in through the gate like any other connection.
      expect(a.connectionStats().accepted).toBeGreaterThan(4);
    } finally {
      for (const p of peers) p.destroy();
    }
  });

  it('still links members while strangers fill their own address share', async () => {
    const [a, b] = await tc.startJoined(['a', 'b'] as const, {
      limits: { maxHandshakingPerAddress: 3 },
    });
    // Strangers on 127.0.0.5 hold every handshake slot of their address; a's peers dial from
    // 127.0.0.1, so b restarting links again at once.
    const strangers = await openIdle(a.advertise, 6, '127.0.0.5');
    try {
      expect(a.connectionStats().refusedPerAddress).toBe(3);
      await tc.stop(b, { abrupt: true });
      await eventually(
        () => a.members().find((m) => m.nodeId === 'b')?.status === 'down',
        'b down',
      );
      const b2 = await tc.start('b');
      await eventually(() => allUp(a, 2) && allUp(b2, 2), 'b back up');
    } finally {
      for (const p of strangers) p.destroy();
    }
  });
});
