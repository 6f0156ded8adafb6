import type { TakeBackup } from './backup.js';
import type { Registry } from 'prom-client';
import type { GatewayProtocol, GatewayTrafficStats, RegionName } from '../ns/index.js';
import type { IntegrationEventJson, ServerRecord } from '../shared/contract.js';
import type { Logger } from '../shared/logger.js';
import type { LnsStore } from '../store/index.js';
import type { LoginThrottleOptions } from './login-throttle.js';

/** What this node knows live about a gateway (from its UDP gateway table). */
export interface GatewayLiveInfo {
  readonly gatewayEui: string;
  /** ISO-8601 time of the last datagram. */
  readonly lastSeen?: string | undefined;
  /** Node holding the gateway's downlink path; this node when unset. */
  readonly server?: string | undefined;
  readonly stats?: GatewayTrafficStats | undefined;
  /** How the gateway talks to that node. */
  readonly protocol?: GatewayProtocol | undefined;
  /** That node has a downlink path now (fresh PULL path, open Station WebSocket). */
  readonly connected?: boolean | undefined;
}

/** SPEC `servers`: one cluster member as the API shows it. */
export type { ServerRecord };

/**
 * What the API needs of the cluster (app.ts adapts @lns/db-sync's Cluster to it, so api/
 * does not depend on the replication package).
 */
export interface ClusterControl {
  readonly clusterId: string;
  readonly state: string;
  servers(): ServerRecord[];
  /** Makes the node at `address` join through this node; resolves with its record. */
  addServer(address: string): Promise<ServerRecord>;
  removeServer(nodeId: string): Promise<void>;
  /**
   * Drains `nodeId` (this node or a peer): it leaves device ownership at once, says
   * `draining` on /health and exits after LNS_DRAIN_S. Throws CLUSTER_UNKNOWN_NODE or
   * CLUSTER_PEER_UNREACHABLE.
   */
  drainServer(nodeId: string): void;
  /** Re-sends every record of this node to the live peers. */
  push(): Promise<{
    readonly peers: readonly { readonly nodeId: string; readonly records: number }[];
    readonly failed: readonly { readonly nodeId: string; readonly error: string }[];
  }>;
  /** Per-table digests of this node's data: equal digests on two nodes mean equal data. */
  digests(): Promise<Readonly<Record<string, string>>>;
  /** The REST base URLs (`http://host:port`) of the live peers, from their heartbeats. */
  peerApis(): readonly { readonly nodeId: string; readonly baseUrl: string }[];
  /** Waits (bounded) for the live peers to have this node's writes; names those that did not. */
  waitForPeers(): Promise<{ readonly missing: readonly string[] }>;
}

/**
 * The live integration events (SPEC JSON) `/api/stream` relays. integrations/'s IntegrationBus is one;
 * api/ names only this much of it, so it does not depend on integrations/.
 */
export interface EventFeed {
  /** Returns the function that unsubscribes. */
  subscribe(listener: (event: IntegrationEventJson) => void): () => void;
}

/** Everything the REST API needs; app.ts builds it. */
export interface ApiDeps {
  readonly store: LnsStore;
  readonly bus: EventFeed;
  /** Registry served at /metrics; the API adds its request counter to it. */
  readonly metrics: Registry;
  /** Signs login tokens: the same on every node, so tokens work cluster-wide. */
  readonly authSecret: Buffer;
  /** This node's name. */
  readonly server: string;
  readonly log: Logger;
  /** Live gateway entries (the whole cluster's, merged, on a cluster node). */
  readonly listGatewayStatus?:
    (() => Iterable<GatewayLiveInfo> | Promise<Iterable<GatewayLiveInfo>>) | undefined;
  /** The cluster side; without it `/api/servers` lists this node alone and writes do not wait. */
  readonly cluster?: ClusterControl | undefined;
  /** Region of profiles created without one (LNS_REGION); EU868 when unset. */
  readonly defaultRegion?: RegionName | undefined;
  /** Login token lifetime in seconds. */
  readonly tokenTtlS?: number | undefined;
  /** Wall clock in ms (token expiry); Date.now when unset. */
  readonly now?: (() => number) | undefined;
  /** Takes a backup (`POST /api/backup`); without it the route is not there. */
  readonly backup?: TakeBackup | undefined;
  /** Origins allowed cross-origin (LNS_CORS_ORIGINS); none (same-origin only) when unset. */
  readonly corsOrigins?: readonly string[] | undefined;
  /** Login back-off limits; login-throttle.ts's defaults when unset. */
  readonly loginThrottle?: LoginThrottleOptions | undefined;
}
