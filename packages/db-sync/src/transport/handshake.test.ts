import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../clock.js';
import { SyncError } from '../errors.js';
import { acceptLink, dialLink } from './handshake.js';
import type { AcceptOptions } from './handshake.js';
import type { HandshakeIdentity } from './handshake-messages.js';
import type { Link, LinkClose, LinkTiming } from './link.js';
import { CapturingLogger } from '../test/capturing-logger.js';
import { encodeFrame } from './frame.js';
import type { Message } from './frame.js';

const timing: LinkTiming = { clock: systemClock, heartbeatMs: 50, deadAfterMs: 400 };
const servers: Server[] = [];
const links: Link[] = [];

afterEach(async () => {
  for (const link of links.splice(0)) link.destroy('test over');
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** An acceptor on 127.0.0.1 that reports each handshake's outcome. */
async function acceptor(
  self: HandshakeIdentity,
  secret: string,
  extra: Partial<AcceptOptions> = {},
): Promise<{ address: string; outcomes: Promise<Link | SyncError>[] }> {
  const outcomes: Promise<Link | SyncError>[] = [];
  const server = createServer((socket) => {
    outcomes.push(
      acceptLink(socket, { self: () => self, secret, timing, timeoutMs: 2000, ...extra }).then(
        (link) => {
          links.push(link);
          return link;
        },
        (err: unknown) => err as SyncError,
      ),
    );
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { address: `127.0.0.1:${(server.address() as AddressInfo).port}`, outcomes };
}

async function dialOutcome(
  address: string,
  self: HandshakeIdentity,
  secret: string,
  purpose: 'peer' | 'join' | 'control' = 'peer',
): Promise<Link | SyncError> {
  try {
    const link = await dialLink({ address, self, secret, purpose, timing, timeoutMs: 2000 });
    links.push(link);
    return link;
  } catch (err) {
    return err as SyncError;
  }
}

async function settled(outcomes: Promise<Link | SyncError>[]): Promise<Link | SyncError> {
  for (let i = 0; i < 100 && outcomes.length === 0; i += 1) {
    await new Promise((r) => setTimeout(r, 10));
  }
  return (await outcomes[0]) as Link | SyncError;
}

describe('handshake', () => {
  it('links two nodes with the same secret and cluster id, and frames flow both ways', async () => {
    const acc = await acceptor({ nodeId: 'a', clusterId: 'c1' }, 'secret-1');
    const dialed = await dialOutcome(acc.address, { nodeId: 'b', clusterId: 'c1' }, 'secret-1');
    const accepted = await settled(acc.outcomes);
    if (dialed instanceof SyncError || accepted instanceof SyncError) {
      throw new Error('handshake failed');
    }
    expect(dialed.peer).toMatchObject({ nodeId: 'a', clusterId: 'c1' });
    expect(accepted.peer).toMatchObject({ nodeId: 'b', clusterId: 'c1' });
    expect(dialed.dialed).toBe(true);
    expect(accepted.dialed).toBe(false);
    const got = new Promise<Message>((resolve) =>
      accepted.onMessage((m) => m.t === 'x' && resolve(m)),
    );
    dialed.send({ t: 'x', v: 42 });
    expect(await got).toEqual({ t: 'x', v: 42 });
  });

  it.each([
    ['a frame that is not json', Buffer.from([0, 0, 0, 3, 0x7b, 0x7b, 0x7b])],
    ['a message its handler throws on', encodeFrame({ t: 'boom' })],
  ])('logs %s once, with the cause, and drops the link', async (_what, bytes) => {
    const log = new CapturingLogger();
    const acc = await acceptor({ nodeId: 'a', clusterId: 'c1' }, 'secret-1', { log });
    const dialed = await dialOutcome(acc.address, { nodeId: 'b', clusterId: 'c1' }, 'secret-1');
    const accepted = await settled(acc.outcomes);
    if (dialed instanceof SyncError || accepted instanceof SyncError) {
      throw new Error('handshake failed');
    }
    const closed = new Promise<LinkClose>((resolve) => accepted.onClose(resolve));
    accepted.onMessage((m) => {
      if (m.t === 'boom') throw new Error('handler bug');
    });
    dialed.socket.write(bytes);
    expect(await closed).toEqual({ reason: 'protocol_error', remote: false });
    const lines = log.find('bad frame from peer');
    expect(lines).toHaveLength(1);
    expect(lines[0]?.obj).toMatchObject({ peer: 'b', purpose: 'peer' });
    expect(lines[0]?.obj.err).toBeInstanceOf(Error);
  });

  it('refuses a wrong secret with reason bad_secret on both sides', async () => {
    const acc = await acceptor({ nodeId: 'a', clusterId: 'c1' }, 'secret-1');
    const dialed = await dialOutcome(acc.address, { nodeId: 'b', clusterId: 'c1' }, 'secret-2');
    const accepted = await settled(acc.outcomes);
    // The dialer proves the secret first: the acceptor finds it wrong, refuses, and says why.
    expect(accepted).toMatchObject({
      code: 'SYNC_PEER_REFUSED',
      details: { reason: 'bad_secret', side: 'local', peer: 'b' },
    });
    expect(dialed).toMatchObject({
      code: 'SYNC_PEER_REFUSED',
      details: { reason: 'bad_secret', side: 'remote' },
    });
  });

  it('refuses another cluster id with reason cluster_id_mismatch on both sides', async () => {
    const acc = await acceptor({ nodeId: 'a', clusterId: 'c1' }, 'secret-1');
    const dialed = await dialOutcome(acc.address, { nodeId: 'b', clusterId: 'c2' }, 'secret-1');
    const accepted = await settled(acc.outcomes);
    expect(accepted).toMatchObject({
      code: 'SYNC_PEER_REFUSED',
      details: { reason: 'cluster_id_mismatch', side: 'local', peer: 'b' },
    });
    expect(dialed).toMatchObject({
      code: 'SYNC_PEER_REFUSED',
      details: { reason: 'cluster_id_mismatch', side: 'remote', peer: 'a' },
    });
  });

  it("refuses an acceptor whose cluster id differs from the dialer's, after both proofs", async () => {
    // A join link passes the acceptor's id check; the dialer's own check then refuses it.
    const acc = await acceptor({ nodeId: 'a', clusterId: 'c1' }, 'secret-1');
    const dialed = await dialLink({
      address: acc.address,
      self: { nodeId: 'b', clusterId: 'c2' },
      secret: 'secret-1',
      purpose: 'join',
      timing,
      timeoutMs: 2000,
      check: (peer) => (peer.clusterId === 'c2' ? undefined : { reason: 'cluster_id_mismatch' }),
    }).catch((err: unknown) => err as SyncError);
    expect(dialed).toMatchObject({
      code: 'SYNC_PEER_REFUSED',
      details: { reason: 'cluster_id_mismatch', side: 'local', peer: 'a' },
    });
    expect(await settled(acc.outcomes)).toMatchObject({
      code: 'SYNC_PEER_REFUSED',
      details: { reason: 'cluster_id_mismatch', side: 'remote', peer: 'b' },
    });
  });

  it('lets a join link through across cluster ids (the joiner adopts the master id)', async () => {
    const acc = await acceptor({ nodeId: 'a', clusterId: 'c1' }, 'secret-1');
    const dialed = await dialOutcome(
      acc.address,
      { nodeId: 'b', clusterId: 'c2' },
      'secret-1',
      'join',
    );
    expect(dialed).not.toBeInstanceOf(SyncError);
    expect((await settled(acc.outcomes)) as Link).toMatchObject({ purpose: 'join' });
  });

  it('refuses a node with the same id as the acceptor', async () => {
    const acc = await acceptor({ nodeId: 'a', clusterId: 'c1' }, 'secret-1');
    const dialed = await dialOutcome(acc.address, { nodeId: 'a', clusterId: 'c1' }, 'secret-1');
    expect(dialed).toMatchObject({ details: { reason: 'node_id_conflict', side: 'remote' } });
    expect(await settled(acc.outcomes)).toMatchObject({
      details: { reason: 'node_id_conflict', side: 'local' },
    });
  });

  it('passes the reason and version of a check refusal to the dialer', async () => {
    const acc = await acceptor({ nodeId: 'a', clusterId: 'c1' }, 'secret-1', {
      check: () => ({ reason: 'removed', incarnation: 'inc-1' }),
    });
    const dialed = await dialOutcome(acc.address, { nodeId: 'b', clusterId: 'c1' }, 'secret-1');
    expect(dialed).toMatchObject({
      code: 'SYNC_PEER_REFUSED',
      details: { reason: 'removed', side: 'remote', incarnation: 'inc-1' },
    });
    expect(await settled(acc.outcomes)).toMatchObject({
      details: { reason: 'removed', side: 'local' },
    });
  });

  it('fails with SYNC_PEER_UNREACHABLE when nothing listens', async () => {
    const acc = await acceptor({ nodeId: 'a', clusterId: 'c1' }, 'secret-1');
    const address = acc.address;
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
    expect(await dialOutcome(address, { nodeId: 'b', clusterId: 'c1' }, 'secret-1')).toMatchObject({
      code: 'SYNC_PEER_UNREACHABLE',
    });
  });

  it('declares a silent link dead after deadAfterMs', async () => {
    // This acceptor sends no heartbeats: to the dialer it is a peer that went silent.
    const acc = await acceptor({ nodeId: 'a', clusterId: 'c1' }, 'secret-1', {
      timing: { ...timing, heartbeatMs: 0 },
    });
    const dialed = (await dialOutcome(
      acc.address,
      { nodeId: 'b', clusterId: 'c1' },
      'secret-1',
    )) as Link;
    await settled(acc.outcomes);
    const closed = new Promise<string>((resolve) => dialed.onClose((c) => resolve(c.reason)));
    expect(await closed).toBe('heartbeat_timeout');
  });

  it('reports the reason given in bye to the other side', async () => {
    const acc = await acceptor({ nodeId: 'a', clusterId: 'c1' }, 'secret-1');
    const dialed = (await dialOutcome(
      acc.address,
      { nodeId: 'b', clusterId: 'c1' },
      'secret-1',
    )) as Link;
    const accepted = (await settled(acc.outcomes)) as Link;
    const closed = new Promise((resolve) => accepted.onClose(resolve));
    dialed.close('going away');
    expect(await closed).toEqual({ reason: 'going away', remote: true });
  });
});
