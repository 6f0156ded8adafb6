/**
 * The cluster room of one node, assembled: ownership view, uplink router, downlink relay,
 * takeover counters, drain and the cluster-wide gateway list. app.ts builds one and wires ns to it through ports; a node
 * alone runs it too (it then owns every device and never forwards).
 */
import type { GatewayLiveInfo } from '../api/index.js';
import type { Clock, Logger, UplinkFrame } from '../shared/index.js';
import { OwnerDirectory } from './directory.js';
import { DrainCoordinator } from './drain.js';
import { GatewayLocator } from './gateway-locator.js';
import { GatewayPresence } from './gateway-presence.js';
import type { LocalDownlinks } from './downlink-relay.js';
import { RelayingDownlinkSender } from './downlink-relay.js';
import type { PeerChannel } from './port.js';
import { ClusterOwnership } from './takeover.js';
import type { TakeoverConfig } from './takeover.js';
import { UplinkRouter } from './uplink-router.js';
import type { LocalUplinkHandler } from './uplink-router.js';

export interface ClusterRoomDeps {
  readonly port: PeerChannel;
  readonly clock: Clock;
  readonly log: Logger;
  /** This node's gateway sockets. */
  readonly local: LocalDownlinks;
  /** This node's network server. */
  readonly handle: LocalUplinkHandler;
  /** The TX_ACK timeout of the gateways plus the link's margin (ms). */
  readonly relayTimeoutMs: number;
  /** Starts this node's drain (health `draining`, exit after the grace period). */
  readonly drainSelf: () => void;
  readonly takeover?: Partial<TakeoverConfig>;
  /** Resolves once the live peers have this node's writes (bounded); sessions of joins wait. */
  readonly awaitPeers?: () => Promise<void>;
  /** How often the ownership view is rebuilt besides on membership events (meta changes). */
  readonly refreshMs?: number;
  /** This node's live gateway entries (UDP and Station), for the cluster-wide gateway list. */
  readonly liveGateways?: () => Iterable<GatewayLiveInfo>;
}

/** A peer's part of the gateway list is waited for this long (the REST read waits on it). */
const GATEWAY_LIST_TIMEOUT_MS = 1000;

export class ClusterRoom {
  readonly directory: OwnerDirectory;
  readonly ownership: ClusterOwnership;
  readonly router: UplinkRouter;
  readonly downlinks: RelayingDownlinkSender;
  readonly drain: DrainCoordinator;
  /** Every node's live gateway entries, merged (`GET /api/gateways`). */
  readonly presence: GatewayPresence;
  readonly #clock: Clock;
  readonly #refreshMs: number;
  readonly #removeMembersListener: () => void;
  #timer: ReturnType<Clock['setTimeout']> | undefined;
  #closed = false;

  constructor(deps: ClusterRoomDeps) {
    const locator = new GatewayLocator();
    const log = deps.log.child({ module: 'cluster' });
    this.#clock = deps.clock;
    this.#refreshMs = deps.refreshMs ?? 1000;
    this.directory = new OwnerDirectory(deps.port);
    this.ownership = new ClusterOwnership(
      this.directory,
      deps.awaitPeers ?? (() => Promise.resolve()),
      deps.takeover,
    );
    this.router = new UplinkRouter({
      port: deps.port,
      directory: this.directory,
      locator,
      clock: deps.clock,
      handle: deps.handle,
      log,
    });
    this.downlinks = new RelayingDownlinkSender({
      port: deps.port,
      local: deps.local,
      locator,
      clock: deps.clock,
      log,
      answerTimeoutMs: deps.relayTimeoutMs,
    });
    this.drain = new DrainCoordinator({
      port: deps.port,
      directory: this.directory,
      log,
      drainSelf: deps.drainSelf,
    });
    this.presence = new GatewayPresence({
      port: deps.port,
      clock: deps.clock,
      log,
      local: deps.liveGateways ?? (() => []),
      answerTimeoutMs: GATEWAY_LIST_TIMEOUT_MS,
    });
    this.#removeMembersListener = deps.port.onMembersChanged(() => this.directory.refresh());
    this.directory.onChange(() => {
      log.info({ owners: this.directory.owners, epoch: this.directory.epoch }, 'ownership changed');
    });
    this.#schedule();
  }

  /** A copy from one of this node's gateways. */
  route(frame: UplinkFrame, receivedMs: number): void {
    this.router.route(frame, receivedMs);
  }

  close(): void {
    this.#closed = true;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#removeMembersListener();
    this.router.close();
    this.downlinks.close();
    this.drain.close();
    this.presence.close();
  }

  #schedule(): void {
    if (this.#closed) return;
    this.#timer = this.#clock.setTimeout(() => {
      this.directory.refresh();
      this.#schedule();
    }, this.#refreshMs);
    this.#timer.unref?.();
  }
}
