/**
 * Drain [DESIGN "Drain"]: a node asked to leave stops owning devices at once (its peers hear
 * it by message now and by heartbeat meta later), keeps serving the downlinks of its gateways
 * while the load balancer moves them, and exits after the grace period (the caller's part).
 */
import type { Logger } from '../shared/index.js';
import type { OwnerDirectory } from './directory.js';
import { DRAINING_META } from './directory.js';
import { ClusterPeerUnreachableError, ClusterUnknownNodeError } from './errors.js';
import type { PeerChannel } from './port.js';
import { TOPICS } from './port.js';

export interface DrainDeps {
  readonly port: PeerChannel;
  readonly directory: OwnerDirectory;
  readonly log: Logger;
  /** Starts this node's own drain (health `draining`, then exit after LNS_DRAIN_S). */
  readonly drainSelf: () => void;
}

export class DrainCoordinator {
  readonly #deps: DrainDeps;
  readonly #removers: (() => void)[];
  #meta: Readonly<Record<string, string>> = {};

  constructor(deps: DrainDeps) {
    this.#deps = deps;
    this.#removers = [
      deps.port.onMessage(TOPICS.draining, (from) => {
        deps.log.info({ peer: from }, 'peer draining');
        deps.directory.setPeerDraining(from);
      }),
      deps.port.onMessage(TOPICS.drainRequest, (from) => {
        deps.log.info({ by: from }, 'drain requested by peer');
        deps.drainSelf();
      }),
    ];
  }

  /** The facts this node tells peers, with the draining flag kept whatever the caller sets. */
  setMeta(meta: Readonly<Record<string, string>>): void {
    this.#meta = { ...meta };
    this.#publish();
  }

  /** Leaves the owner function now and tells every peer. */
  leaveOwnership(): void {
    const { directory, port } = this.#deps;
    if (directory.draining) return;
    directory.setSelfDraining();
    this.#publish();
    for (const m of port.members()) {
      if (!m.self && m.status !== 'down') port.send(m.nodeId, TOPICS.draining, {});
    }
  }

  /**
   * Drains `nodeId`: this node itself, or a peer asked over its link. Throws
   * ClusterUnknownNodeError for a non-member and ClusterPeerUnreachableError for one that is
   * down.
   */
  requestDrain(nodeId: string): void {
    const { port } = this.#deps;
    if (nodeId === port.nodeId) {
      this.#deps.drainSelf();
      return;
    }
    const member = port.members().find((m) => m.nodeId === nodeId);
    if (member === undefined) {
      throw new ClusterUnknownNodeError(`server ${nodeId} is not a member of this cluster`, {
        node: nodeId,
      });
    }
    if (!port.send(nodeId, TOPICS.drainRequest, {})) {
      throw new ClusterPeerUnreachableError(`server ${nodeId} cannot be reached`, { node: nodeId });
    }
  }

  close(): void {
    for (const remove of this.#removers) remove();
  }

  #publish(): void {
    const meta: Record<string, string> = { ...this.#meta };
    if (this.#deps.directory.draining) meta[DRAINING_META] = 'true';
    this.#deps.port.setMeta(meta);
  }
}
