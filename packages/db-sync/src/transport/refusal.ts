/** Refusals of a handshake: the reasons, the `refused` frame, and the errors both sides raise. */
import type { Socket } from 'node:net';
import { SyncError } from '../errors.js';
import { encodeFrame } from './frame.js';
import type { Message } from './frame.js';
import { protocolError } from './handshake-messages.js';

/**
 * Why a handshake was refused. Sent to the peer in a `refused` frame and reported on both
 * sides, so an operator sees the same words on each node.
 */
export type RefusalReason =
  | 'bad_secret'
  | 'cluster_id_mismatch'
  | 'node_id_conflict'
  | 'removed'
  | 'protocol_version'
  | 'not_ready'
  | 'unexpected_node'
  | 'busy';

const REFUSAL_TEXT: Readonly<Record<RefusalReason, string>> = {
  bad_secret: 'cluster secret does not match',
  cluster_id_mismatch: 'cluster id does not match',
  node_id_conflict: 'node id already in use',
  removed: 'node was removed from the cluster',
  protocol_version: 'unsupported protocol version',
  not_ready: 'node is not ready',
  unexpected_node: 'another node answers at this address',
  busy: 'too many connections to the cluster port',
};

const REFUSAL_REASONS = new Set<string>(Object.keys(REFUSAL_TEXT));

/**
 * A refusal decided by a check hook. `incarnation` goes with `removed`: the admission that was
 * removed, so the refused node can tell its own removal from a peer that has not yet seen it
 * re-added.
 */
export interface Refusal {
  readonly reason: RefusalReason;
  readonly incarnation?: string | undefined;
}

/** True when `err` is a refusal, optionally for `reason`. */
export function isRefusal(err: unknown, reason?: RefusalReason): err is SyncError {
  return (
    err instanceof SyncError &&
    err.code === 'SYNC_PEER_REFUSED' &&
    (reason === undefined || err.details.reason === reason)
  );
}

/** Sends a `refused` frame, closes the socket and returns the error to throw locally. */
export function refuse(
  socket: Socket,
  refusal: Refusal,
  address: string,
  peer: string | undefined,
): SyncError {
  const { reason, incarnation } = refusal;
  socket.end(encodeFrame({ t: 'refused', reason, message: REFUSAL_TEXT[reason], incarnation }));
  return refusalError(reason, 'local', address, peer, incarnation);
}

/**
 * Turns a connection away before any handshake (the listener's limits): a `refused` frame, then
 * the socket is destroyed as soon as the frame has left, so a flood holds no socket open.
 */
export function refuseConnection(socket: Socket, reason: RefusalReason): void {
  socket.on('error', () => undefined);
  socket.end(encodeFrame({ t: 'refused', reason, message: REFUSAL_TEXT[reason] }), () =>
    socket.destroy(),
  );
}

function refusalError(
  reason: RefusalReason,
  side: 'local' | 'remote',
  address: string,
  peer: string | undefined,
  incarnation: string | undefined,
): SyncError {
  const who = peer === undefined ? address : `${peer} (${address})`;
  const text =
    side === 'local'
      ? `refused ${who}: ${REFUSAL_TEXT[reason]}`
      : `refused by ${who}: ${REFUSAL_TEXT[reason]}`;
  return new SyncError('SYNC_PEER_REFUSED', text, {
    reason,
    side,
    address,
    peer: peer ?? null,
    incarnation: incarnation ?? null,
  });
}

export function throwIfRefused(m: Message, address: string, peer: string | undefined): void {
  if (m.t !== 'refused') return;
  const reason = typeof m.reason === 'string' && REFUSAL_REASONS.has(m.reason) ? m.reason : null;
  if (reason === null) throw protocolError('refused without a known reason', m.t);
  const incarnation = typeof m.incarnation === 'string' ? m.incarnation : undefined;
  throw refusalError(reason as RefusalReason, 'remote', address, peer, incarnation);
}
