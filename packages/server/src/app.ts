/**
 * Composition root: builds a node from its config and parts and never listens by itself
 * (main.ts and tests call listen), so tests can build a node on free ports. This is the one
 * place that knows every module.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster } from '@lns/db-sync';
import type { Cluster, MemberStatus } from '@lns/db-sync';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { IntervalHistogram } from 'node:perf_hooks';
import { fastify } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { adminUiPlugin, healthPlugin, registerApi } from './api/index.js';
import type {
  ClusterControl,
  GatewayLiveInfo,
  HealthReport,
  HealthStatus,
  ServerRecord,
} from './api/index.js';
import type { Config } from './config/index.js';
import { ConfigError } from './config/index.js';
import { UdpDownlinkSender, bridgeGatewayTraffic } from './gateway-bridge.js';
import { IntegrationBus, IntegrationManager } from './integrations/index.js';
import { getRegion, isRegionName } from './lorawan/index.js';
import { NodeMetrics } from './metrics.js';
import { readOrCreateClusterSecret } from './node-files.js';
import {
  ClassADownlinkScheduler,
  NetworkServer,
  NsConfigError,
  attachClassC,
  defaultNsConfig,
} from './ns/index.js';
import type { ClassCDispatcher, NsConfig, NsPorts } from './ns/index.js';
import { systemClock } from './shared/clock.js';
import type { Clock } from './shared/clock.js';
import type { Logger } from './shared/logger.js';
import { ensureAdminUser, openLnsStore, replicatedTableNames } from './store/index.js';
import type { LnsStore } from './store/index.js';
import { GatewayUdpServer } from './udp/index.js';

export interface NodeDeps {
  readonly config: Config;
  readonly log: Logger;
  readonly clock?: Clock;
  /** Network-server settings to override (tests shorten windows). */
  readonly ns?: Partial<Omit<NsConfig, 'server' | 'netId'>>;
}

export interface NodeAddresses {
  readonly httpPort: number;
  readonly udpPort: number;
}

export interface HealthConfig {
  /**
   * Event-loop delay above which the node reports `degraded`: past ~0.5 s a class A RX1
   * window (1 s after the uplink) can no longer be met, so the load balancer should move
   * gateways elsewhere.
   */
  readonly maxEventLoopDelayMs: number;
}

export const defaultHealthConfig: HealthConfig = { maxEventLoopDelayMs: 500 };

export class LnsNode {
  readonly config: Config;
  readonly log: Logger;
  readonly http: FastifyInstance;
  readonly udp: GatewayUdpServer;
  readonly store: LnsStore;
  readonly cluster: Cluster;
  readonly bus: IntegrationBus;
  readonly integrations: IntegrationManager;
  readonly metrics: NodeMetrics;
  readonly ns: NetworkServer;
  /** Set when the first start generated the admin password (main prints it once). */
  readonly generatedAdminPassword: string | undefined;
  readonly #clock: Clock;
  readonly #sender: UdpDownlinkSender;
  readonly #classC: ClassCDispatcher;
  readonly #startedMs: number;
  readonly #loopDelay: IntervalHistogram;
  #lastLoopDelayMs = 0;
  #loopTimer: ReturnType<typeof setInterval> | undefined;
  #draining = false;
  #closed = false;

  private constructor(parts: {
    deps: NodeDeps;
    clock: Clock;
    store: LnsStore;
    cluster: Cluster;
    generatedAdminPassword: string | undefined;
  }) {
    const { deps, clock, store } = parts;
    this.cluster = parts.cluster;
    this.config = deps.config;
    this.log = deps.log;
    this.#clock = clock;
    this.store = store;
    this.generatedAdminPassword = parts.generatedAdminPassword;
    this.#startedMs = clock.monotonicMs();
    this.#loopDelay = monitorEventLoopDelay({ resolution: 20 });
    // Request lines are per-request noise at info; they show when the node runs at debug.
    const httpLog: FastifyBaseLogger = this.log.child(
      { module: 'http' },
      { level: this.log.isLevelEnabled('debug') ? this.log.level : 'warn' },
    );
    this.http = fastify({ loggerInstance: httpLog });
    this.udp = new GatewayUdpServer({
      host: this.config.udpHost,
      port: this.config.udpPort,
      log: this.log.child({ module: 'udp' }),
      clock,
    });
    this.bus = new IntegrationBus(this.log.child({ module: 'integrations' }));
    this.integrations = new IntegrationManager({
      store,
      bus: this.bus,
      log: this.log,
      node: this.config.node,
    });
    this.metrics = new NodeMetrics(this.udp, () => this.integrations.stats());
    const nsConfig: NsConfig = {
      ...defaultNsConfig,
      dedupWindowMs: this.config.dedupWindowMs,
      ...deps.ns,
      server: this.config.node,
      netId: this.config.netId,
    };
    this.#sender = new UdpDownlinkSender(this.udp, nsConfig.txAckTimeoutMs);
    const ports: NsPorts = {
      ...store.ports,
      clock,
      downlinks: this.#sender,
      metrics: this.metrics,
      sink: {
        frame: (frame) => {
          store.appendFrame(frame);
        },
        event: (event) => {
          store.appendEvent(event);
        },
        integration: (event) => this.bus.publish(event),
      },
    };
    const scheduler = new ClassADownlinkScheduler({ ports, config: nsConfig, log: this.log });
    this.#classC = attachClassC(ports, scheduler, this.log);
    try {
      this.ns = new NetworkServer({ ports, config: nsConfig, scheduler, log: this.log });
    } catch (err) {
      if (err instanceof NsConfigError) throw new ConfigError('LNS_NET_ID', err.message);
      throw err;
    }
    bridgeGatewayTraffic({
      udp: this.udp,
      sender: this.#sender,
      region: getRegion(this.config.region as Parameters<typeof getRegion>[0]),
      handleUplinkFrame: (frame, receivedMs) => this.ns.handleUplinkFrame(frame, receivedMs),
      onCrcError: () => this.metrics.crcError(),
      log: this.log.child({ module: 'udp' }),
    });
  }

  /**
   * Opens the database, starts the cluster side (joining through LNS_DB_MASTER at the first
   * start) and builds every part; the gateway and HTTP sockets do not listen yet.
   */
  static async create(deps: NodeDeps): Promise<LnsNode> {
    const { config, log } = deps;
    if (!isRegionName(config.region)) {
      throw new ConfigError('LNS_REGION', `"${config.region}" is not a supported region`);
    }
    const clock = deps.clock ?? systemClock;
    const secret = config.clusterSecret ?? readOrCreateClusterSecret(config.dataDir);
    // The database lives in <data>/db so a join can move it aside (db.bak-<time>) while the
    // node's own files (cluster.secret) stay.
    const cluster = await startCluster({
      dataDir: join(config.dataDir, 'db'),
      nodeId: config.node,
      secret,
      listenHost: config.clusterHost,
      listenPort: config.clusterPort,
      advertise: config.advertise,
      dbMaster: config.dbMaster,
      version: serverVersion(),
      log: log.child({ module: 'cluster' }),
      onProgress: ({ received, total }) => {
        if (process.stdout.isTTY) {
          process.stdout.write(`\rlns: pulling the cluster's data ${received}/${total}`);
        }
      },
    });
    let store: LnsStore;
    try {
      store = await openLnsStore({
        store: cluster.store,
        nodeId: config.node,
        log: log.child({ module: 'store' }),
        now: () => clock.now(),
      });
    } catch (err) {
      await cluster.close();
      throw err;
    }
    // A node still pulling its data from a db_master gets its users from there; creating an
    // admin now would only be overwritten.
    let admin: { generatedPassword?: string } = {};
    if (cluster.state === 'ok') {
      try {
        admin = await ensureAdminUser(store, config.adminPassword);
      } catch (err) {
        await store.close();
        await cluster.close();
        throw err;
      }
    }
    const node = new LnsNode({
      deps,
      clock,
      store,
      cluster,
      generatedAdminPassword: admin.generatedPassword,
    });
    cluster.on('joined', (e) => {
      log.info(
        { clusterId: e.clusterId, master: e.master, backup: e.backupLocation },
        'joined cluster',
      );
    });
    cluster.on('refused', (e) => {
      store.appendEvent({
        kind: 'cluster_refused',
        severity: 'error',
        entity: e.peer ?? e.address,
        text: `${e.side === 'local' ? 'refused' : 'refused by'} ${e.peer ?? e.address}: ${e.reason}`,
      });
    });
    cluster.on('member_down', (e) => {
      store.appendEvent({
        kind: 'server_down',
        severity: 'warning',
        entity: e.nodeId,
        text: `server ${e.nodeId} is down: ${e.reason}`,
      });
    });
    // The API token key is derived, so the cluster secret itself never signs user data.
    const authSecret = deriveApiSecret(secret);
    await node.http.register(healthPlugin, { getHealth: () => node.health() });
    await registerApi(node.http, {
      store,
      bus: node.bus,
      metrics: node.metrics.registry,
      authSecret,
      server: config.node,
      log,
      listGatewayStatus: () => node.#gatewayStatus(),
      defaultRegion: config.region,
      cluster: clusterControl(cluster),
    });
    // The admin UI built by `npm run build` (packages/web-admin/dist), at /admin.
    await node.http.register(adminUiPlugin, {
      root: new URL('../../web-admin/dist', import.meta.url),
    });
    return node;
  }

  *#gatewayStatus(): Iterable<GatewayLiveInfo> {
    const nowMs = this.#clock.now();
    const monoMs = this.#clock.monotonicMs();
    for (const entry of this.udp.gateways.entries()) {
      yield {
        gatewayEui: entry.gatewayEui,
        lastSeen: new Date(nowMs - (monoMs - entry.lastSeenMs)).toISOString(),
        server: this.config.node,
        // The gateway's own counters come from its last `stat`; uplinks and downlinks are
        // what this node exchanged with it.
        stats: {
          rxReceived: entry.stats?.rxReceived ?? 0,
          rxOk: entry.stats?.rxOk ?? 0,
          rxForwarded: entry.stats?.rxForwarded ?? 0,
          txEmitted: entry.stats?.txEmitted ?? 0,
          uplinks: entry.uplinks,
          downlinks: entry.downlinks,
        },
      };
    }
  }

  health(): HealthReport {
    const members = this.cluster.members();
    let status: HealthStatus = 'ok';
    const clusterState = this.cluster.state;
    if (this.#draining || clusterState === 'removed') status = 'draining';
    else if (clusterState === 'starting') status = 'starting';
    else if (
      !this.udp.bound ||
      this.store.db.closed ||
      this.#lastLoopDelayMs > defaultHealthConfig.maxEventLoopDelayMs
    ) {
      status = 'degraded';
    }
    return {
      status,
      node: this.config.node,
      uptimeS: Math.floor((this.#clock.monotonicMs() - this.#startedMs) / 1000),
      cluster: {
        id: this.cluster.clusterId,
        members: members.length,
        up: members.filter((m) => m.status === 'up').length,
      },
      udp: this.udp.bound ? 'ok' : 'down',
      db: this.store.db.closed ? 'down' : 'ok',
    };
  }

  async listen(): Promise<NodeAddresses> {
    this.#loopDelay.enable();
    // Sampled once a second so /health stays a memory read; the max over the last second
    // catches a stall that a mean would hide.
    this.#loopTimer = setInterval(() => {
      this.#lastLoopDelayMs = this.#loopDelay.max / 1e6;
      this.#loopDelay.reset();
    }, 1000);
    this.#loopTimer.unref();
    await this.integrations.start();
    const udpAddress = await this.udp.listen();
    await this.http.listen({ host: this.config.httpHost, port: this.config.httpPort });
    const httpAddress = this.http.server.address();
    const httpPort = typeof httpAddress === 'object' && httpAddress ? httpAddress.port : 0;
    // Peers reach this node's API at its cluster host (cluster-wide reads of frames/events).
    const clusterHost = this.cluster.advertise.replace(/:\d+$/, '');
    this.cluster.setMeta({ http: `${clusterHost}:${httpPort}` });
    this.log.info(
      { httpPort, udpPort: udpAddress.port, clusterAddress: this.cluster.advertise },
      'node listening',
    );
    return { httpPort, udpPort: udpAddress.port };
  }

  /**
   * Stops taking traffic and closes everything: /health says `draining` first, open
   * deduplication windows are processed, then sockets and the database close.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#draining = true;
    if (this.#loopTimer) clearInterval(this.#loopTimer);
    this.#loopDelay.disable();
    await this.ns.close();
    await this.#classC.whenIdle();
    // After ns.close(): events of the uplinks finished at shutdown still go out.
    await this.integrations.close();
    this.#sender.close();
    await this.udp.close();
    await this.http.close();
    await this.store.close();
    await this.cluster.close();
    this.log.info('node stopped');
  }
}

export function buildNode(deps: NodeDeps): Promise<LnsNode> {
  return LnsNode.create(deps);
}

/** The API token key: derived from the cluster secret, the same on every node. */
export function deriveApiSecret(clusterSecret: string): Buffer {
  return createHmac('sha256', clusterSecret).update('lns api tokens').digest();
}

function serverVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? '0.0.0';
}

/** How long a configuration write waits for the live peers before answering anyway. */
const REPLICATION_WAIT_MS = 2000;

function serverRecord(m: MemberStatus): ServerRecord {
  return {
    id: m.nodeId,
    address: m.address,
    status: m.status,
    lastSeen: m.lastSeen === null ? null : new Date(m.lastSeen).toISOString(),
    version: m.version,
    uptimeS: m.uptimeS,
    lagMs: m.lagMs,
  };
}

/** The API's view of the cluster (api/ does not import @lns/db-sync). */
function clusterControl(cluster: Cluster): ClusterControl {
  return {
    get clusterId() {
      return cluster.clusterId;
    },
    get state() {
      return cluster.state;
    },
    servers: () => cluster.members().map(serverRecord),
    peerApis: () =>
      cluster
        .members()
        .filter((m) => !m.self && m.status === 'up' && m.meta.http !== undefined)
        .map((m) => ({ nodeId: m.nodeId, baseUrl: `http://${m.meta.http}` })),
    addServer: async (address) => serverRecord(await cluster.addMember(address)),
    removeServer: (nodeId) => cluster.removeMember(nodeId),
    push: () => cluster.push(),
    digests: async () => {
      const entries = await Promise.all(
        replicatedTableNames.map(async (t) => [t, await cluster.store.digest(t)] as const),
      );
      return Object.fromEntries(entries);
    },
    waitForPeers: async () => {
      const result = await cluster.waitForAcks(cluster.store.oplog.lastSeq, REPLICATION_WAIT_MS);
      return { missing: result.missing };
    },
  };
}
