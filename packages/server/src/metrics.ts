/**
 * Prometheus metrics of a node (SPEC `/metrics`): the network server's counters and latency,
 * the UDP socket's datagram counters and the number of gateways seen, all in one registry.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { NsMetrics, TxAckStatus, UplinkDropReason } from './ns/index.js';
import type { GatewayUdpServer } from './udp/index.js';
import type { IntegrationDeliveryStats } from './integrations/index.js';
import type { StationHub } from './station/index.js';

export class NodeMetrics implements NsMetrics {
  readonly registry = new Registry();
  readonly #received: Counter;
  readonly #processed: Counter;
  readonly #dropped: Counter<'reason'>;
  readonly #sent: Counter<'window'>;
  readonly #failed: Counter<'reason'>;
  readonly #latency: Histogram;
  readonly #crcErrors: Counter;
  readonly #sizeMismatches: Counter;

  constructor(
    udp: GatewayUdpServer,
    integrations: () => readonly IntegrationDeliveryStats[] = () => [],
  ) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'lns_process_' });
    this.#received = new Counter({
      name: 'lns_uplinks_received_total',
      help: 'Uplink copies received from gateways (before deduplication)',
      registers,
    });
    this.#processed = new Counter({
      name: 'lns_uplinks_processed_total',
      help: 'Deduplicated uplinks fully processed',
      registers,
    });
    this.#dropped = new Counter({
      name: 'lns_uplinks_dropped_total',
      help: 'Uplinks not delivered, by reason',
      labelNames: ['reason'],
      registers,
    });
    this.#sent = new Counter({
      name: 'lns_downlinks_sent_total',
      help: 'Downlinks accepted by a gateway, by receive window',
      labelNames: ['window'],
      registers,
    });
    this.#failed = new Counter({
      name: 'lns_downlinks_failed_total',
      help: 'Downlinks not sent, by TX_ACK error or reason',
      labelNames: ['reason'],
      registers,
    });
    this.#latency = new Histogram({
      name: 'lns_uplink_processing_seconds',
      help: 'Time from first copy (after deduplication window) to hand-off to the downlink scheduler',
      buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    });
    this.#crcErrors = new Counter({
      name: 'lns_uplinks_crc_error_total',
      help: 'rxpk with a failed PHY CRC (stat -1), ignored',
      registers,
    });
    this.#sizeMismatches = new Counter({
      name: 'lns_udp_rxpk_size_mismatch_total',
      help: 'rxpk whose size disagreed with its data; the data was used',
      registers,
    });
    new Gauge({
      name: 'lns_integration_events',
      help: 'Integration deliveries by integration and outcome (sent, failed, dropped, queued)',
      labelNames: ['integration', 'type', 'outcome'],
      registers,
      collect() {
        this.reset();
        for (const i of integrations()) {
          for (const outcome of ['sent', 'failed', 'dropped', 'queued'] as const) {
            this.set({ integration: i.id, type: i.type, outcome }, i[outcome]);
          }
        }
      },
    });
    new Gauge({
      name: 'lns_gateways_seen',
      help: 'Gateways that talked to this node recently',
      registers,
      collect() {
        this.set(udp.gateways.size);
      },
    });
    new Gauge({
      name: 'lns_gateways_unregistered_evicted',
      help: 'Unregistered gateways forgotten to keep the gateway table within its bound',
      registers,
      collect() {
        this.set(udp.gateways.evictedUnregistered);
      },
    });
    new Gauge({
      name: 'lns_udp_datagrams_received',
      help: 'Datagrams received on the gateway socket, by packet type',
      labelNames: ['type'],
      registers,
      collect() {
        for (const [type, n] of udp.receivedCounts) this.set({ type }, n);
      },
    });
    new Gauge({
      name: 'lns_udp_datagrams_dropped',
      help: 'Datagrams dropped by the gateway socket, by reason',
      labelNames: ['reason'],
      registers,
      collect() {
        for (const [reason, n] of udp.droppedCounts) this.set({ reason }, n);
      },
    });
  }

  uplinkReceived(): void {
    this.#received.inc();
  }
  uplinkProcessed(durationMs: number): void {
    this.#processed.inc();
    this.#latency.observe(durationMs / 1000);
  }
  uplinkDropped(reason: UplinkDropReason): void {
    this.#dropped.inc({ reason });
  }
  downlinkSent(window: 'rx1' | 'rx2' | 'class_c'): void {
    this.#sent.inc({ window });
  }
  downlinkFailed(reason: TxAckStatus | 'too_late'): void {
    this.#failed.inc({ reason });
  }
  crcError(): void {
    this.#crcErrors.inc();
  }
  rxpkSizeMismatch(): void {
    this.#sizeMismatches.inc();
  }

  /**
   * LoRa Basics Station connections: how many are open, messages by type, messages dropped and
   * connections refused by error code, downlinks sent and what became of them.
   */
  registerStations(stations: StationHub): void {
    const registers = [this.registry];
    const { stats } = stations;
    new Gauge({
      name: 'lns_station_connections',
      help: 'LoRa Basics Station connections open on this node',
      registers,
      collect() {
        this.set(stations.connections);
      },
    });
    const byLabel = (
      name: string,
      help: string,
      label: string,
      counts: Map<string, number>,
    ): void => {
      new Gauge({
        name,
        help,
        labelNames: [label],
        registers,
        collect() {
          for (const [value, n] of counts) this.set({ [label]: value }, n);
        },
      });
    };
    byLabel(
      'lns_station_messages',
      'Station messages received, by msgtype',
      'msgtype',
      stats.messages,
    );
    byLabel(
      'lns_station_dropped',
      'Station messages dropped, by error code',
      'code',
      stats.dropped,
    );
    byLabel(
      'lns_station_refused',
      'Station connections refused, by error code',
      'code',
      stats.refused,
    );
    new Gauge({
      name: 'lns_station_downlinks',
      help: 'Station downlinks: dnmsg sent, dntxed received, late (after the window), missing',
      labelNames: ['outcome'],
      registers,
      collect() {
        this.set({ outcome: 'dnmsg' }, stats.dnmsgSent);
        this.set({ outcome: 'dntxed' }, stats.dntxed);
        this.set({ outcome: 'late' }, stats.dntxedLate);
        this.set({ outcome: 'missing' }, stats.dntxedMissing);
      },
    });
  }

  /** Deduplicated uplinks waiting for a pipeline and pipelines running (overload shows here). */
  registerUplinkQueue(load: () => { readonly queued: number; readonly inFlight: number }): void {
    new Gauge({
      name: 'lns_uplink_queue',
      help: 'Deduplicated uplinks by state: queued (waiting for a pipeline) or in_flight',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        const now = load();
        this.set({ state: 'queued' }, now.queued);
        this.set({ state: 'in_flight' }, now.inFlight);
      },
    });
  }

  /**
   * How this node shares the work of the cluster: copies kept, forwarded to their owner and
   * received from peers; downlinks relayed to and served for peers.
   */
  registerCluster(uplinks: object, downlinks: object, connections: () => object): void {
    const counts = (stats: object): [string, number][] =>
      Object.entries(stats).filter((e): e is [string, number] => typeof e[1] === 'number');
    const registers = [this.registry];
    new Gauge({
      name: 'lns_cluster_uplink_copies',
      help: 'Gateway copies of uplinks by route (local, forwarded, received, ownerUnreachable, malformed)',
      labelNames: ['route'],
      registers,
      collect() {
        for (const [route, n] of counts(uplinks)) this.set({ route }, n);
      },
    });
    new Gauge({
      name: 'lns_cluster_port_connections',
      help: 'Cluster port connections (open, handshaking, accepted, handshakeFailed, refusedTotal, refusedPerAddress)',
      labelNames: ['kind'],
      registers,
      collect() {
        for (const [kind, n] of counts(connections())) this.set({ kind }, n);
      },
    });
    new Gauge({
      name: 'lns_cluster_downlink_relays',
      help: 'Downlinks relayed between nodes (relayed, served, unanswered, malformed)',
      labelNames: ['kind'],
      registers,
      collect() {
        for (const [kind, n] of counts(downlinks)) this.set({ kind }, n);
      },
    });
  }
}
