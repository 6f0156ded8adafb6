/**
 * The frames of the handshake and their proofs: `hello` and `challenge` as validated values,
 * the HMAC each side proves the shared secret with.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { SyncError } from '../errors.js';
import { NODE_ID_PATTERN } from '../hlc.js';
import type { Message } from './frame.js';
import type { LinkPurpose } from './link.js';

/**
 * Version of the link protocol; a peer speaking another one is refused. 2: the dialer proves
 * the secret first and the acceptor's proof comes only in `welcome` (1 sent it in `challenge`).
 */
export const PROTOCOL_VERSION = 2;

/** The identity a node proves in a handshake. Its cluster id changes when it joins a cluster. */
export interface HandshakeIdentity {
  readonly nodeId: string;
  readonly clusterId: string;
}

/** What the other side claimed in its handshake, after its proof was checked. */
export interface PeerHello extends HandshakeIdentity {
  readonly purpose: LinkPurpose;
}

export interface Hello extends PeerHello {
  readonly nonce: string;
}

/** The acceptor's answer to a hello: who it claims to be and its nonce; nothing secret-derived. */
export interface Challenge extends HandshakeIdentity {
  readonly nonce: string;
}

const NONCE_PATTERN = /^[0-9a-f]{32}$/;
const PROOF_PATTERN = /^[0-9a-f]{64}$/;
const CLUSTER_ID_PATTERN = /^[\x21-\x7e]{1,128}$/;

export function readHello(m: Message): Hello {
  const { purpose, nodeId, clusterId, nonce } = m;
  if (
    (purpose !== 'peer' && purpose !== 'join' && purpose !== 'control') ||
    typeof nodeId !== 'string' ||
    !NODE_ID_PATTERN.test(nodeId) ||
    typeof clusterId !== 'string' ||
    !CLUSTER_ID_PATTERN.test(clusterId) ||
    typeof nonce !== 'string' ||
    !NONCE_PATTERN.test(nonce)
  ) {
    throw protocolError('malformed hello', m.t);
  }
  return { purpose, nodeId, clusterId, nonce };
}

export function readChallenge(m: Message): Challenge {
  if (m.t !== 'challenge') throw protocolError('expected challenge', m.t);
  if (m.v !== PROTOCOL_VERSION) throw protocolError('unsupported protocol version', m.t);
  const { nodeId, clusterId, nonce } = m;
  if (
    typeof nodeId !== 'string' ||
    !NODE_ID_PATTERN.test(nodeId) ||
    typeof clusterId !== 'string' ||
    !CLUSTER_ID_PATTERN.test(clusterId) ||
    typeof nonce !== 'string' ||
    !NONCE_PATTERN.test(nonce)
  ) {
    throw protocolError('malformed challenge', m.t);
  }
  return { nodeId, clusterId, nonce };
}

/** The proof a frame of type `type` carries (`auth` from the dialer, `welcome` from the acceptor). */
export function readProof(m: Message, type: 'auth' | 'welcome'): string {
  if (m.t !== type) throw protocolError(`expected ${type}`, m.t);
  if (typeof m.proof !== 'string' || !PROOF_PATTERN.test(m.proof)) {
    throw protocolError(`malformed ${type}`, m.t);
  }
  return m.proof;
}

/**
 * HMAC-SHA256 over both identities and nonces. The role tag differs per side, so neither
 * proof can be replayed as the other (no reflection), each side's fresh nonce keeps an old
 * proof from being replayed, and the cluster ids and purpose cannot be altered.
 */
export function proofOf(
  secret: string,
  role: 'acceptor' | 'dialer',
  hello: PeerHello & { readonly nonce: string },
  challenge: HandshakeIdentity & { readonly nonce: string },
): string {
  return createHmac('sha256', secret)
    .update(
      JSON.stringify([
        'lns-link-v2',
        role,
        hello.purpose,
        hello.nodeId,
        hello.clusterId,
        hello.nonce,
        challenge.nodeId,
        challenge.clusterId,
        challenge.nonce,
      ]),
    )
    .digest('hex');
}

export function checkProof(
  secret: string,
  role: 'acceptor' | 'dialer',
  hello: PeerHello & { readonly nonce: string },
  challenge: HandshakeIdentity & { readonly nonce: string },
  proof: string,
): boolean {
  const expected = Buffer.from(proofOf(secret, role, hello, challenge), 'hex');
  const given = Buffer.from(proof, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A SYNC_PROTOCOL error of the handshake. */
export function protocolError(message: string, type: string): SyncError {
  return new SyncError('SYNC_PROTOCOL', `handshake: ${message}`, { type: type.slice(0, 40) });
}
