/**
 * The handshake against a peer that does not know the secret (issue 12): the dialer proves the
 * secret first, so a stranger gets nothing from the acceptor it could test guesses against
 * offline; proofs cannot be replayed or reflected; a fake acceptor is refused by the dialer;
 * before authentication frames are capped at a few KiB and the handshake has a deadline.
 */
import { randomBytes } from 'node:crypto';
import { connect, createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../clock.js';
import { SyncError } from '../errors.js';
import { RawPeer } from '../test/raw-peer.js';
import { parseAddress } from './address.js';
import { FrameDecoder, MAX_HANDSHAKE_FRAME_BYTES, encodeFrame } from './frame.js';
import type { Message } from './frame.js';
import { acceptLink, dialLink } from './handshake.js';
import { PROTOCOL_VERSION, proofOf } from './handshake-messages.js';
import type { HandshakeIdentity } from './handshake-messages.js';
import type { Link, LinkTiming } from './link.js';

const timing: LinkTiming = { clock: systemClock, heartbeatMs: 0, deadAfterMs: 10_000 };
const SELF: HandshakeIdentity = { nodeId: 'a', clusterId: 'c1' };
const servers: Server[] = [];
const cleanups: (() => void)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A real acceptor; every handshake's outcome (link or error) in arrival order. */
async function acceptor(
  secret: string,
  timeoutMs = 2000,
): Promise<{ address: string; outcomes: Promise<Link | SyncError>[] }> {
  const outcomes: Promise<Link | SyncError>[] = [];
  const server = createServer((socket) => {
    outcomes.push(
      acceptLink(socket, { self: () => SELF, secret, timing, timeoutMs }).then(
        (link) => {
          cleanups.push(() => link.destroy('test over'));
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

async function raw(address: string): Promise<RawPeer> {
  const peer = await RawPeer.connect(address);
  cleanups.push(() => peer.destroy());
  return peer;
}

async function outcome(outcomes: Promise<Link | SyncError>[]): Promise<Link | SyncError> {
  for (let i = 0; i < 200 && outcomes.length === 0; i += 1) {
    await new Promise((r) => setTimeout(r, 10));
  }
  return (await outcomes[0]) as Link | SyncError;
}

const hello = {
  purpose: 'peer' as const,
  nodeId: 'x',
  clusterId: 'c1',
  nonce: '0123456789abcdef0123456789abcdef',
};

describe('the handshake against a peer without the secret', () => {
  it('answers a hello with the same challenge whatever its secret (only the nonce is fresh)', async () => {
    const seen: Message[] = [];
    for (const secret of ['first-secret-' + 'a'.repeat(40), 'other-secret-' + 'b'.repeat(40)]) {
      const acc = await acceptor(secret);
      const peer = await raw(acc.address);
      peer.send({ t: 'hello', v: PROTOCOL_VERSION, ...hello });
      const challenge = await peer.frame(1);
      expect(challenge).toBeDefined();
      seen.push(challenge as Message);
    }
    for (const challenge of seen) {
      expect(Object.keys(challenge).sort()).toEqual(['clusterId', 'nodeId', 'nonce', 't', 'v']);
      expect(challenge.nonce).toMatch(/^[0-9a-f]{32}$/);
    }
    const [first, second] = seen.map(({ nonce: _nonce, ...rest }) => rest);
    expect(first).toEqual({ t: 'challenge', v: PROTOCOL_VERSION, nodeId: 'a', clusterId: 'c1' });
    expect(second).toEqual(first);
  });

  it('answers a wrong proof with the same refusal bytes whatever its secret, and no proof of its own', async () => {
    const replies: string[] = [];
    for (const secret of ['first-secret-' + 'a'.repeat(40), 'other-secret-' + 'b'.repeat(40)]) {
      const acc = await acceptor(secret);
      const peer = await raw(acc.address);
      peer.send({ t: 'hello', v: PROTOCOL_VERSION, ...hello });
      await peer.frame(1);
      const before = Buffer.concat(peer.bytes).length;
      peer.send({ t: 'auth', proof: randomBytes(32).toString('hex') });
      expect(await peer.whenClosed()).toBe(true);
      expect(peer.frames.slice(1)).toEqual([
        { t: 'refused', reason: 'bad_secret', message: 'cluster secret does not match' },
      ]);
      replies.push(Buffer.concat(peer.bytes).subarray(before).toString('hex'));
      expect(await outcome(acc.outcomes)).toMatchObject({
        details: { reason: 'bad_secret', side: 'local', peer: 'x' },
      });
    }
    expect(replies[1]).toBe(replies[0]);
  });

  it('refuses a replayed auth: the recorded proof was for another nonce', async () => {
    const secret = 'replay-secret-' + 'c'.repeat(40);
    const acc = await acceptor(secret);
    // A legitimate dialer, recorded by a relay that forwards both ways.
    const recorded: Buffer[] = [];
    const relay = createServer((client: Socket) => {
      const { host, port } = parseAddress(acc.address);
      const upstream = connect({ host, port });
      upstream.on('data', (chunk: Buffer) => client.write(chunk));
      client.on('data', (chunk: Buffer) => {
        recorded.push(chunk);
        upstream.write(chunk);
      });
      for (const s of [client, upstream]) {
        s.on('error', () => undefined);
        cleanups.push(() => s.destroy());
      }
    });
    servers.push(relay);
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
    const link = await dialLink({
      address: `127.0.0.1:${(relay.address() as AddressInfo).port}`,
      self: { nodeId: 'x', clusterId: 'c1' },
      secret,
      purpose: 'peer',
      timing,
      timeoutMs: 2000,
    });
    cleanups.push(() => link.destroy('test over'));
    expect(await outcome(acc.outcomes)).not.toBeInstanceOf(SyncError);
    const [recordedHello, recordedAuth] = new FrameDecoder().push(Buffer.concat(recorded));
    expect(recordedAuth?.t).toBe('auth');

    const attacker = await raw(acc.address);
    attacker.send(recordedHello as Message);
    await attacker.frame(1);
    attacker.send(recordedAuth as Message);
    expect(await attacker.whenClosed()).toBe(true);
    expect(attacker.frames[1]).toMatchObject({ t: 'refused', reason: 'bad_secret' });
    expect(attacker.frames.some((f) => f.t === 'welcome')).toBe(false);
  });

  it("refuses the acceptor's own proof reflected as the dialer's (the role is in the MAC)", async () => {
    const secret = 'reflect-secret-' + 'd'.repeat(40);
    const acc = await acceptor(secret);
    const peer = await raw(acc.address);
    peer.send({ t: 'hello', v: PROTOCOL_VERSION, ...hello });
    const challenge = (await peer.frame(1)) as Message & { nonce: string };
    // Even exactly the proof the acceptor would send in welcome for this very exchange.
    const reflected = proofOf(secret, 'acceptor', hello, { ...SELF, nonce: challenge.nonce });
    peer.send({ t: 'auth', proof: reflected });
    expect(await peer.whenClosed()).toBe(true);
    expect(peer.frames[1]).toMatchObject({ t: 'refused', reason: 'bad_secret' });
    // And the right dialer proof is accepted: the refusal above was the role, not the format.
    const honest = await raw(acc.address);
    honest.send({ t: 'hello', v: PROTOCOL_VERSION, ...hello });
    const c2 = (await honest.frame(1)) as Message & { nonce: string };
    honest.send({
      t: 'auth',
      proof: proofOf(secret, 'dialer', hello, { ...SELF, nonce: c2.nonce }),
    });
    expect(await honest.frame(2)).toMatchObject({ t: 'welcome' });
  });

  it('makes the dialer refuse an acceptor that cannot prove the secret', async () => {
    // A fake acceptor: a plausible challenge, then a welcome with a made-up proof.
    const got: Message[] = [];
    const fake = createServer((socket) => {
      const decoder = new FrameDecoder();
      socket.on('error', () => undefined);
      socket.on('data', (chunk: Buffer) => {
        for (const m of decoder.push(chunk)) {
          got.push(m);
          if (m.t === 'hello') {
            socket.write(
              encodeFrame({ t: 'challenge', v: PROTOCOL_VERSION, ...SELF, nonce: 'f'.repeat(32) }),
            );
          } else if (m.t === 'auth') {
            socket.write(encodeFrame({ t: 'welcome', proof: randomBytes(32).toString('hex') }));
          }
        }
      });
      cleanups.push(() => socket.destroy());
    });
    servers.push(fake);
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
    const dialed = await dialLink({
      address: `127.0.0.1:${(fake.address() as AddressInfo).port}`,
      self: { nodeId: 'x', clusterId: 'c1' },
      secret: 'dialer-secret-' + 'e'.repeat(40),
      purpose: 'peer',
      timing,
      timeoutMs: 2000,
    }).catch((err: unknown) => err as SyncError);
    expect(dialed).toMatchObject({
      code: 'SYNC_PEER_REFUSED',
      details: { reason: 'bad_secret', side: 'local', peer: 'a' },
    });
    for (let i = 0; i < 100 && got.length < 3; i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(got.map((m) => m.t)).toEqual(['hello', 'auth', 'refused']);
  });
});

describe('the handshake bounds what a stranger costs', () => {
  it('closes a connection whose first frame declares more than a few KiB, from the header alone', async () => {
    const acc = await acceptor('bound-secret-' + 'f'.repeat(40));
    const peer = await raw(acc.address);
    const header = Buffer.alloc(4);
    header.writeUInt32BE(60 * 1024 * 1024, 0);
    peer.write(header);
    expect(await peer.whenClosed()).toBe(true);
    expect(await outcome(acc.outcomes)).toMatchObject({
      code: 'SYNC_PROTOCOL',
      details: { max: MAX_HANDSHAKE_FRAME_BYTES },
    });
  });

  it('closes a connection whose auth frame is over the cap after a valid hello', async () => {
    const acc = await acceptor('bound-secret-' + 'f'.repeat(40));
    const peer = await raw(acc.address);
    peer.send({ t: 'hello', v: PROTOCOL_VERSION, ...hello });
    await peer.frame(1);
    peer.send({ t: 'auth', proof: 'a'.repeat(MAX_HANDSHAKE_FRAME_BYTES) });
    expect(await peer.whenClosed()).toBe(true);
    expect(await outcome(acc.outcomes)).toMatchObject({ code: 'SYNC_PROTOCOL' });
  });

  it('closes a connection that says nothing at the handshake deadline', async () => {
    const acc = await acceptor('bound-secret-' + 'f'.repeat(40), 300);
    const peer = await raw(acc.address);
    expect(await peer.whenClosed(3000)).toBe(true);
    expect(await outcome(acc.outcomes)).toMatchObject({ code: 'SYNC_TIMEOUT' });
  });
});
