/**
 * The link handshake, both sides: hello, challenge (the acceptor's nonce), the dialer's proof,
 * welcome with the acceptor's proof, ready (see README "Protocol"); the frames and proofs are
 * in handshake-messages.ts, refusals in refusal.ts.
 */
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import type { TimerHandle } from '../clock.js';
import type { Logger } from '../logger.js';
import { SyncError, asError } from '../errors.js';
import { parseAddress } from './address.js';
import { FrameDecoder, encodeFrame } from './frame.js';
import type { Message } from './frame.js';
import {
  PROTOCOL_VERSION,
  checkProof,
  proofOf,
  protocolError,
  readChallenge,
  readHello,
  readProof,
} from './handshake-messages.js';
import type { HandshakeIdentity, PeerHello } from './handshake-messages.js';
import { Link } from './link.js';
import { Mailbox } from './mailbox.js';
import type { LinkPurpose, LinkTiming } from './link.js';
import { refuse, throwIfRefused } from './refusal.js';
import type { Refusal } from './refusal.js';

interface HandshakeCommon {
  readonly secret: string;
  readonly timing: LinkTiming;
  /** Where the link reports the frames it drops it for; silent when unset. */
  readonly log?: Logger | undefined;
  /** Connect plus handshake must finish within this. */
  readonly timeoutMs: number;
}

/** Options of {@link dialLink}. */
export interface DialOptions extends HandshakeCommon {
  readonly address: string;
  readonly self: HandshakeIdentity;
  readonly purpose: LinkPurpose;
  /** Refuse the acceptor unless it has this node id (the member we meant to reach). */
  readonly expectNodeId?: string | undefined;
  /** Further checks once the acceptor proved the secret; a reason refuses it. */
  readonly check?: ((peer: HandshakeIdentity) => Refusal | undefined) | undefined;
}

/** Options of {@link acceptLink}. */
export interface AcceptOptions extends HandshakeCommon {
  /** Read at each handshake: the cluster id changes when this node joins a cluster. */
  readonly self: () => HandshakeIdentity;
  /** Checks once the dialer proved the secret; a reason refuses it. */
  readonly check?: ((peer: PeerHello) => Refusal | undefined) | undefined;
  /**
   * Checks on the unproven hello, before any proof is exchanged: only for answers that reveal
   * nothing (`not_ready` while this node is loading a snapshot).
   */
  readonly precheck?: ((peer: PeerHello) => Refusal | undefined) | undefined;
}

/**
 * Opens a link to `address`: hello, the acceptor's nonce, our proof (HMAC with the shared
 * secret, which is never sent), then the acceptor's proof in `welcome`, and `ready`. Throws
 * SYNC_PEER_UNREACHABLE, SYNC_PEER_REFUSED (`details.reason`, `details.side`: who refused),
 * SYNC_PROTOCOL or SYNC_TIMEOUT.
 */
export async function dialLink(options: DialOptions): Promise<Link> {
  const { host, port } = parseAddress(options.address);
  const socket = await openSocket(host, port, options);
  // The acceptor's frames before it proved the secret: challenge and welcome.
  const reader = new HandshakeReader(socket, options, options.address, 2);
  try {
    const hello = {
      purpose: options.purpose,
      nodeId: options.self.nodeId,
      clusterId: options.self.clusterId,
      nonce: randomBytes(16).toString('hex'),
    };
    socket.write(encodeFrame({ t: 'hello', v: PROTOCOL_VERSION, ...hello }));
    const first = await reader.next();
    throwIfRefused(first, options.address, options.expectNodeId);
    const challenge = readChallenge(first);
    socket.write(
      encodeFrame({ t: 'auth', proof: proofOf(options.secret, 'dialer', hello, challenge) }),
    );
    const second = await reader.next();
    throwIfRefused(second, options.address, challenge.nodeId);
    const proof = readProof(second, 'welcome');
    if (!checkProof(options.secret, 'acceptor', hello, challenge, proof)) {
      throw refuse(socket, { reason: 'bad_secret' }, options.address, challenge.nodeId);
    }
    let refusal: Refusal | undefined;
    if (options.purpose === 'peer' && challenge.clusterId !== options.self.clusterId) {
      refusal = { reason: 'cluster_id_mismatch' };
    } else if (challenge.nodeId === options.self.nodeId) {
      refusal = { reason: 'node_id_conflict' };
    } else if (options.expectNodeId !== undefined && challenge.nodeId !== options.expectNodeId) {
      refusal = { reason: 'unexpected_node' };
    } else {
      refusal = options.check?.(challenge);
    }
    if (refusal !== undefined) throw refuse(socket, refusal, options.address, challenge.nodeId);
    socket.write(encodeFrame({ t: 'ready' }));
    const { decoder, pending } = reader.detach();
    return new Link(
      socket,
      decoder,
      pending,
      {
        peer: {
          nodeId: challenge.nodeId,
          clusterId: challenge.clusterId,
          remoteAddress: options.address,
        },
        purpose: options.purpose,
        dialed: true,
        log: options.log,
      },
      options.timing,
    );
  } catch (err) {
    reader.detach();
    closeSoon(socket, options.timing);
    throw err;
  }
}

/**
 * Runs the acceptor side of the handshake on an incoming socket and returns the link, or throws
 * like {@link dialLink} (the socket is then closed, after a `refused` frame when we refused).
 * Until the dialer's proof checks out, nothing we send depends on the secret: a stranger can
 * neither test guesses of it offline nor make us buffer more than a few KiB.
 */
export async function acceptLink(socket: Socket, options: AcceptOptions): Promise<Link> {
  const remoteAddress = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`;
  // The dialer's frames before the link: hello, auth and ready.
  const reader = new HandshakeReader(socket, options, remoteAddress, 3);
  try {
    const first = await reader.next();
    if (first.t !== 'hello') throw protocolError('expected hello', first.t);
    if (first.v !== PROTOCOL_VERSION) {
      throw refuse(socket, { reason: 'protocol_version' }, remoteAddress, undefined);
    }
    const hello = readHello(first);
    const early = options.precheck?.(hello);
    if (early !== undefined) throw refuse(socket, early, remoteAddress, hello.nodeId);
    const self = options.self();
    const challenge = {
      nodeId: self.nodeId,
      clusterId: self.clusterId,
      nonce: randomBytes(16).toString('hex'),
    };
    socket.write(encodeFrame({ t: 'challenge', v: PROTOCOL_VERSION, ...challenge }));
    const second = await reader.next();
    throwIfRefused(second, remoteAddress, hello.nodeId);
    if (!checkProof(options.secret, 'dialer', hello, challenge, readProof(second, 'auth'))) {
      throw refuse(socket, { reason: 'bad_secret' }, remoteAddress, hello.nodeId);
    }
    let refusal: Refusal | undefined;
    if (hello.nodeId === self.nodeId) refusal = { reason: 'node_id_conflict' };
    else if (hello.purpose === 'peer' && hello.clusterId !== self.clusterId) {
      refusal = { reason: 'cluster_id_mismatch' };
    } else refusal = options.check?.(hello);
    if (refusal !== undefined) throw refuse(socket, refusal, remoteAddress, hello.nodeId);
    socket.write(
      encodeFrame({ t: 'welcome', proof: proofOf(options.secret, 'acceptor', hello, challenge) }),
    );
    // The dialer still checks our proof and its own rules: `ready`, or a refusal.
    const third = await reader.next();
    throwIfRefused(third, remoteAddress, hello.nodeId);
    if (third.t !== 'ready') throw protocolError('expected ready', third.t);
    const { decoder, pending } = reader.detach();
    return new Link(
      socket,
      decoder,
      pending,
      {
        peer: { nodeId: hello.nodeId, clusterId: hello.clusterId, remoteAddress },
        purpose: hello.purpose,
        dialed: false,
        log: options.log,
      },
      options.timing,
    );
  } catch (err) {
    reader.detach();
    closeSoon(socket, options.timing);
    throw err;
  }
}

/** Destroys `socket`, after a grace when a `refused` frame is still on its way out. */
function closeSoon(socket: Socket, timing: LinkTiming): void {
  if (!socket.writableEnded) {
    socket.destroy();
    return;
  }
  const timer = timing.clock.setTimeout(() => socket.destroy(), 1000);
  timer.unref?.();
}

function openSocket(host: string, port: number, options: DialOptions): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, noDelay: true });
    const timer = options.timing.clock.setTimeout(() => {
      socket.destroy();
      reject(
        new SyncError('SYNC_PEER_UNREACHABLE', `connect to ${options.address} timed out`, {
          address: options.address,
        }),
      );
    }, options.timeoutMs);
    socket.once('connect', () => {
      options.timing.clock.clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      options.timing.clock.clearTimeout(timer);
      socket.destroy();
      reject(
        new SyncError(
          'SYNC_PEER_UNREACHABLE',
          `cannot connect to ${options.address}`,
          { address: options.address, errno: err.code ?? null },
          { cause: err },
        ),
      );
    });
  });
}

/** Reads handshake frames until the link takes the socket over. */
class HandshakeReader {
  private readonly socket: Socket;
  private readonly decoder: FrameDecoder;
  private readonly mailbox = new Mailbox();
  private readonly timer: TimerHandle;
  private readonly common: HandshakeCommon;
  private readonly onData = (chunk: Buffer): void => {
    try {
      for (const m of this.decoder.push(chunk)) this.mailbox.push(m);
    } catch (err) {
      this.mailbox.fail(asError(err));
    }
  };
  private readonly onEnd = (): void => {
    this.mailbox.fail(
      new SyncError('SYNC_PEER_UNREACHABLE', `${this.address} closed the connection`, {
        address: this.address,
      }),
    );
  };

  /** `handshakeFrames`: how many frames the peer sends before it is proven (held to a few KiB). */
  constructor(
    socket: Socket,
    common: HandshakeCommon,
    private readonly address: string,
    handshakeFrames: number,
  ) {
    this.decoder = new FrameDecoder({ smallFrames: handshakeFrames });
    this.socket = socket;
    this.common = common;
    socket.on('data', this.onData);
    socket.on('close', this.onEnd);
    socket.on('error', this.onEnd);
    this.timer = common.timing.clock.setTimeout(() => {
      this.mailbox.fail(
        new SyncError('SYNC_TIMEOUT', `handshake with ${address} timed out`, {
          address,
          timeoutMs: common.timeoutMs,
        }),
      );
      socket.destroy();
    }, common.timeoutMs);
  }

  next(): Promise<Message> {
    return this.mailbox.next();
  }

  detach(): { decoder: FrameDecoder; pending: Message[] } {
    this.common.timing.clock.clearTimeout(this.timer);
    this.socket.off('data', this.onData);
    this.socket.off('close', this.onEnd);
    this.socket.off('error', this.onEnd);
    // Keep errors from crashing the process between handshake and link.
    this.socket.on('error', () => undefined);
    return { decoder: this.decoder, pending: this.mailbox.drain() };
  }
}
