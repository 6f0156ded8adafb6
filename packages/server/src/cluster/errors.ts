/**
 * Errors of the cluster room. A malformed message from a peer is counted and dropped (the
 * link is authenticated, so it means a version mismatch or a bug, never an attacker).
 */
import { AppError } from '../shared/index.js';

/** A peer's message that does not have the shape its topic requires. */
export class ClusterMessageError extends AppError {
  readonly code = 'CLUSTER_BAD_MESSAGE';
}

/** A drain or ownership request names a node that is not a member of the cluster. */
export class ClusterUnknownNodeError extends AppError {
  readonly code = 'CLUSTER_UNKNOWN_NODE';
}

/** A request for a peer could not be delivered: no live link to it. */
export class ClusterPeerUnreachableError extends AppError {
  readonly code = 'CLUSTER_PEER_UNREACHABLE';
}

/** Every code the cluster room raises (docs/errors.md lists them). */
export const clusterErrorCodes: readonly string[] = [
  'CLUSTER_BAD_MESSAGE',
  'CLUSTER_UNKNOWN_NODE',
  'CLUSTER_PEER_UNREACHABLE',
];
