/**
 * Composition root: builds a node from its config and parts and never listens by itself
 * (main.ts and tests call listen), so tests can build a node on free ports. This is the one
 * place that knows every module.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openBackup, startCluster } from '@lns/db-sync';
import type { Cluster } from '@lns/db-sync';
import { fastify } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { adminUiPlugin, healthPlugin, registerApi, registerOpenApi } from './api/index.js';
import type { HealthReport } from './api/index.js';
import { ClusterRoom, clusterControl, peerChannelOf } from './cluster/index.js';
import type { Config } from './config/index.js';
import { ConfigError } from './config/index.js';
import { UdpDownlinkSender, bridgeGatewayTraffic, gatewayLiveInfo } from './gateway-bridge.js';
import { GatewayDownlinks, stationLiveInfo } from './gateway-paths.js';
import { IntegrationBus, IntegrationManager } from './integrations/index.js';
import { isRegionName } from './lorawan/index.js';
import { NodeMetrics } from './metrics.js';
import { NodeHealth } from './node-health.js';
import {
  deriveApiSecret,
  readOrCreateClusterSecret,
  serverVersion,
  showJoinProgress,
} from './node-files.js';
import {
  ClassADownlinkScheduler,
  NetworkServer,
  NsConfigError,
  attachClassC,
  defaultNsConfig,
  defaultUplinkQueueLimits,
} from './ns/index.js';
import type { ClassCDispatcher, NsConfig, NsPorts } from './ns/index.js';
import { systemClock } from './shared/clock.js';
import type { Clock } from './shared/clock.js';
import type { Logger } from './shared/logger.js';
import { StationHub, stationRoutes } from './station/index.js';
import { ensureAdminUser, openLnsStore, replicatedTableNames, tableMerges } from './store/index.js';
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

/**
 * How long a join waits for the live peers to have its session before the join-accept: the
 * accept leaves 5 s after the request, so 1 s still leaves RX1 (and RX2) reachable.
 */
const JOIN_REPLICATION_WAIT_MS = 1000;

export class LnsNode {
  readonly config: Config;
  readonly log: Logger;
  readonly http: FastifyInstance;
  readonly udp: GatewayUdpServer;
  /** LoRa Basics Station connections (LNS protocol on the HTTP port). */
  readonly stations: StationHub;
  readonly store: LnsStore;
  readonly cluster: Cluster;
  /** Ownership, forwarding, relay and drain: how this node shares the work of the cluster. */
  readonly room: ClusterRoom;
  readonly bus: IntegrationBus;
  readonly integrations: IntegrationManager;
  readonly metrics: NodeMetrics;
  readonly ns: NetworkServer;
  readonly healthMonitor: NodeHealth;
  /** Set when the first start generated the admin password (main prints it once). */
  readonly generatedAdminPassword: string | undefined;
  /** Why LNS_ADMIN_PASSWORD was set and not used (main says so at start). */
  readonly adminPasswordIgnored: 'users-exist' | 'from-cluster' | undefined;
  /** Resolves once the node has closed (after close(), or at the end of a drain). */
  readonly stopped: Promise<void>;
  readonly #clock: Clock;
  readonly #sender: UdpDownlinkSender;
  readonly #classC: ClassCDispatcher;
  readonly #resolveStopped: () => void;
  #draining = false;
  #drain: Promise<void> | undefined;
  #closing: Promise<void> | undefined;

  private constructor(parts: {
    deps: NodeDeps;
    clock: Clock;
    store: LnsStore;
    cluster: Cluster;
    generatedAdminPassword: string | undefined;
    adminPasswordIgnored: 'users-exist' | 'from-cluster' | undefined;
  }) {
    const { deps, clock, store, cluster } = parts;
    this.cluster = cluster;
    this.config = deps.config;
    this.log = deps.log;
    this.#clock = clock;
    this.store = store;
    this.generatedAdminPassword = parts.generatedAdminPassword;
    this.adminPasswordIgnored = parts.adminPasswordIgnored;
    let resolveStopped = (): void => undefined;
    this.stopped = new Promise((resolve) => (resolveStopped = resolve));
    this.#resolveStopped = resolveStopped;
    // Request lines are per-request noise at info; they show when the node runs at debug.
    const httpLog: FastifyBaseLogger = this.log.child(
      { module: 'http' },
      { level: this.log.isLevelEnabled('debug') ? this.log.level : 'warn' },
    );
    // With LNS_TLS_CERT/LNS_TLS_KEY (checked by config) the HTTP port speaks HTTPS and wss://.
    this.http =
      this.config.tlsCert !== undefined && this.config.tlsKey !== undefined
        ? fastify({
            loggerInstance: httpLog,
            https: {
              cert: readFileSync(this.config.tlsCert),
              key: readFileSync(this.config.tlsKey),
            },
          })
        : fastify({ loggerInstance: httpLog });
    this.udp = new GatewayUdpServer({
      host: this.config.udpHost,
      port: this.config.udpPort,
      log: this.log.child({ module: 'udp' }),
      clock,
      isRegistered: (gatewayEui) => store.registeredGateways.has(gatewayEui),
    });
    this.healthMonitor = new NodeHealth({
      node: this.config.node,
      clock,
      cluster,
      udpBound: () => this.udp.bound,
      dbClosed: () => store.db.closed,
      draining: () => this.#draining,
      shedTotal: () => this.ns.load.shed,
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
    this.stations = new StationHub({
      clock,
      log: this.log.child({ module: 'station' }),
      handleUplinkFrame: (frame, receivedMs) => this.room.route(frame, receivedMs),
    });
    this.room = new ClusterRoom({
      port: peerChannelOf(cluster),
      clock,
      log: this.log,
      local: new GatewayDownlinks(this.#sender, this.stations),
      liveGateways: () => [
        ...gatewayLiveInfo(this.udp, clock, this.config.node),
        ...stationLiveInfo(this.stations, this.config.node),
      ],
      handle: (frame, receivedMs, server) => this.ns.handleUplinkFrame(frame, receivedMs, server),
      // The serving node waits up to its TX_ACK timeout; a second covers the link.
      relayTimeoutMs: nsConfig.txAckTimeoutMs + 1000,
      drainSelf: () => void this.drain(),
      awaitPeers: async () => {
        const result = await cluster.waitForAcks(
          cluster.store.oplog.lastSeq,
          JOIN_REPLICATION_WAIT_MS,
        );
        if (result.missing.length > 0) {
          this.log.warn({ missing: result.missing }, 'join committed before every peer had it');
        }
      },
    });
    this.metrics.registerCluster(this.room.router.stats, this.room.downlinks.stats, () =>
      cluster.connectionStats(),
    );
    this.metrics.registerStations(this.stations);
    const ports: NsPorts = {
      ...store.ports,
      clock,
      downlinks: this.room.downlinks,
      ownership: this.room.ownership,
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
      this.ns = new NetworkServer({
        ports,
        config: nsConfig,
        scheduler,
        log: this.log,
        tuning: {
          queue: {
            ...defaultUplinkQueueLimits,
            maxQueued: this.config.uplinkQueueLimit,
            timeoutMs: this.config.uplinkQueueTimeoutMs,
          },
        },
      });
    } catch (err) {
      if (err instanceof NsConfigError) throw new ConfigError('LNS_NET_ID', err.message);
      throw err;
    }
    this.metrics.registerUplinkQueue(() => this.ns.load);
    // A device this node now owns may have downlinks waiting that its old owner never sent.
    this.room.directory.onChange(() => void this.#wakeTakenOverQueues());
    bridgeGatewayTraffic({
      udp: this.udp,
      sender: this.#sender,
      handleUplinkFrame: (frame, receivedMs) => this.room.route(frame, receivedMs),
      onCrcError: () => this.metrics.crcError(),
      onSizeMismatch: () => this.metrics.rxpkSizeMismatch(),
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
      // Session counters merge by maximum across replicas (store/session-counters.ts).
      storeOptions: { merges: tableMerges },
      onProgress: showJoinProgress,
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
    let admin: { created?: boolean; generatedPassword?: string } = {};
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
      adminPasswordIgnored:
        config.adminPassword === undefined
          ? undefined
          : cluster.state !== 'ok'
            ? 'from-cluster'
            : admin.created === false
              ? 'users-exist'
              : undefined,
    });
    node.#reportClusterEvents();
    // First: the OpenAPI document learns every route registered after it.
    await registerOpenApi(node.http, serverVersion());
    await node.http.register(healthPlugin, { getHealth: () => node.health() });
    await registerApi(node.http, {
      store,
      bus: node.bus,
      metrics: node.metrics.registry,
      // The API token key is derived, so the cluster secret itself never signs user data.
      authSecret: deriveApiSecret(secret),
      server: config.node,
      log,
      listGatewayStatus: () => node.room.presence.list(),
      defaultRegion: config.region,
      corsOrigins: config.corsOrigins,
      cluster: clusterControl(cluster, node.room.drain, replicatedTableNames),
      backup: () =>
        openBackup(cluster.store, {
          clusterId: cluster.clusterId,
          nodeId: config.node,
          version: serverVersion(),
        }),
    });
    await stationRoutes(node.http, {
      hub: node.stations,
      getGateway: (eui) => store.ports.gateways.getGateway(eui),
      defaultRegion: config.region,
      log: log.child({ module: 'station' }),
    });
    // The admin UI built by `npm run build` (packages/web-admin/dist), at /admin.
    await node.http.register(adminUiPlugin, {
      root: new URL('../../web-admin/dist', import.meta.url),
    });
    return node;
  }

  #reportClusterEvents(): void {
    const { cluster, store, log } = this;
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
  }

  async #wakeTakenOverQueues(): Promise<void> {
    try {
      for await (const devAddr of this.store.queue.devAddrsWithItems()) {
        if (this.room.ownership.ownsDevAddr(devAddr)) this.#classC.wake(devAddr);
      }
    } catch (err) {
      this.log.error({ err }, 'queued downlinks of taken-over devices not woken');
    }
  }

  health(): HealthReport {
    return this.healthMonitor.report();
  }

  async listen(): Promise<NodeAddresses> {
    this.healthMonitor.start();
    await this.integrations.start();
    const udpAddress = await this.udp.listen();
    await this.http.listen({ host: this.config.httpHost, port: this.config.httpPort });
    const httpAddress = this.http.server.address();
    const httpPort = typeof httpAddress === 'object' && httpAddress ? httpAddress.port : 0;
    // Peers reach this node's API at its cluster host (cluster-wide reads of frames/events).
    const clusterHost = this.cluster.advertise.replace(/:\d+$/, '');
    this.room.drain.setMeta({ http: `${clusterHost}:${httpPort}` });
    this.log.info(
      { httpPort, udpPort: udpAddress.port, clusterAddress: this.cluster.advertise },
      'node listening',
    );
    return { httpPort, udpPort: udpAddress.port };
  }

  /**
   * Leaves the cluster's work gracefully (SIGTERM, `lns cluster drain`, the API): /health
   * says `draining` so the load balancer moves the gateways, peers take over the devices at
   * once, this node keeps relaying downlinks for its gateways meanwhile, and after
   * LNS_DRAIN_S it closes. Resolves when closed.
   */
  drain(): Promise<void> {
    this.#drain ??= (async () => {
      this.#draining = true;
      this.room.drain.leaveOwnership();
      this.log.info({ drainS: this.config.drainS }, 'draining');
      await new Promise<void>((resolve) => {
        this.#clock.setTimeout(resolve, this.config.drainS * 1000);
      });
      await this.close();
    })();
    return this.#drain;
  }

  /**
   * Stops taking traffic and closes everything: /health says `draining` first, open
   * deduplication windows are processed, then sockets and the database close.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#draining = true;
    this.healthMonitor.stop();
    await this.ns.close();
    await this.#classC.whenIdle();
    // After ns.close(): events of the uplinks finished at shutdown still go out.
    await this.integrations.close();
    this.room.close();
    this.stations.close();
    this.#sender.close();
    await this.udp.close();
    await this.http.close();
    await this.store.close();
    await this.cluster.close();
    this.log.info('node stopped');
    this.#resolveStopped();
  }
}

export function buildNode(deps: NodeDeps): Promise<LnsNode> {
  return LnsNode.create(deps);
}
