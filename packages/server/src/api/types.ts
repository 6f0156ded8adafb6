import type { Registry } from 'prom-client';
import type { IntegrationBus } from '../integrations/index.js';
import type { RegionName } from '../lorawan/index.js';
import type { GatewayTrafficStats } from '../ns/model.js';
import type { Logger } from '../shared/logger.js';
import type { LnsStore } from '../store/index.js';

/** What this node knows live about a gateway (from its UDP gateway table). */
export interface GatewayLiveInfo {
  readonly gatewayEui: string;
  /** ISO-8601 time of the last datagram. */
  readonly lastSeen?: string | undefined;
  /** Node holding the gateway's downlink path; this node when unset. */
  readonly server?: string | undefined;
  readonly stats?: GatewayTrafficStats | undefined;
}

/** Everything the REST API needs; app.ts builds it. */
export interface ApiDeps {
  readonly store: LnsStore;
  readonly bus: IntegrationBus;
  /** Registry served at /metrics; the API adds its request counter to it. */
  readonly metrics: Registry;
  /** Signs login tokens: the same on every node, so tokens work cluster-wide. */
  readonly authSecret: Buffer;
  /** This node's name. */
  readonly server: string;
  readonly log: Logger;
  readonly listGatewayStatus?: (() => Iterable<GatewayLiveInfo>) | undefined;
  /** Region of profiles created without one (LNS_REGION); EU868 when unset. */
  readonly defaultRegion?: RegionName | undefined;
  /** Login token lifetime in seconds. */
  readonly tokenTtlS?: number | undefined;
  /** Wall clock in ms (token expiry); Date.now when unset. */
  readonly now?: (() => number) | undefined;
}
