/**
 * What this node knows about each gateway that talks to it: where its PUSH_DATA and PULL_DATA
 * come from, the protocol version of its last PULL_DATA (used to build PULL_RESP), when it was
 * last heard and its last status report. Downlinks can only go to a gateway whose pull path is
 * fresh [GWMP §3, §6].
 */
import type { Clock } from '../shared/clock.js';
import type { Eui64 } from '../shared/ids.js';
import type { GatewayStats } from '../shared/radio.js';

export interface UdpAddress {
  readonly address: string;
  readonly port: number;
}

export interface GatewayEntry {
  readonly gatewayEui: Eui64;
  pushAddress?: UdpAddress;
  pullAddress?: UdpAddress;
  /** Protocol version of the last PULL_DATA: PULL_RESP must use the same. */
  pullVersion?: number;
  lastPullMs?: number;
  lastSeenMs: number;
  stats?: GatewayStats;
  /** rxpk received from this gateway since this node first heard it. */
  uplinks: number;
  /** PULL_RESP sent to this gateway. */
  downlinks: number;
}

export interface GatewayTableConfig {
  /**
   * A pull path older than this is no longer used for downlinks. Forwarders send PULL_DATA
   * every 5-10 s; 90 s survives several lost keep-alives, as The Things Stack does.
   */
  readonly pullPathTtlMs: number;
  /** Entries silent this long are forgotten (ChirpStack: 1 min, TTS: 3 min). */
  readonly expiryMs: number;
}

export const defaultGatewayTableConfig: GatewayTableConfig = {
  pullPathTtlMs: 90_000,
  expiryMs: 180_000,
};

export class GatewayTable {
  readonly #entries = new Map<Eui64, GatewayEntry>();
  readonly #clock: Clock;
  readonly #config: GatewayTableConfig;

  constructor(clock: Clock, config: GatewayTableConfig = defaultGatewayTableConfig) {
    this.#clock = clock;
    this.#config = config;
  }

  #touch(gatewayEui: Eui64): GatewayEntry {
    const nowMs = this.#clock.monotonicMs();
    let entry = this.#entries.get(gatewayEui);
    if (!entry) {
      entry = { gatewayEui, lastSeenMs: nowMs, uplinks: 0, downlinks: 0 };
      this.#entries.set(gatewayEui, entry);
    }
    entry.lastSeenMs = nowMs;
    return entry;
  }

  recordPush(gatewayEui: Eui64, from: UdpAddress, rxpkCount = 0): void {
    const entry = this.#touch(gatewayEui);
    entry.pushAddress = from;
    entry.uplinks += rxpkCount;
  }

  recordDownlink(gatewayEui: Eui64): void {
    const entry = this.#entries.get(gatewayEui);
    if (entry) entry.downlinks += 1;
  }

  recordPull(gatewayEui: Eui64, from: UdpAddress, version: number): void {
    const entry = this.#touch(gatewayEui);
    entry.pullAddress = from;
    entry.pullVersion = version;
    entry.lastPullMs = entry.lastSeenMs;
  }

  recordStats(gatewayEui: Eui64, stats: GatewayStats): void {
    this.#touch(gatewayEui).stats = stats;
  }

  recordTxAck(gatewayEui: Eui64): void {
    this.#touch(gatewayEui);
  }

  get(gatewayEui: Eui64): Readonly<GatewayEntry> | undefined {
    return this.#entries.get(gatewayEui);
  }

  /** The address and version to send a PULL_RESP to, if the pull path is fresh. */
  pullPath(gatewayEui: Eui64): { address: UdpAddress; version: number } | undefined {
    const entry = this.#entries.get(gatewayEui);
    if (!entry?.pullAddress || entry.lastPullMs === undefined || entry.pullVersion === undefined) {
      return undefined;
    }
    if (this.#clock.monotonicMs() - entry.lastPullMs > this.#config.pullPathTtlMs) return undefined;
    return { address: entry.pullAddress, version: entry.pullVersion };
  }

  /** Forgets silent gateways; returns the EUIs removed. */
  sweep(): Eui64[] {
    const nowMs = this.#clock.monotonicMs();
    const removed: Eui64[] = [];
    for (const [eui, entry] of this.#entries) {
      if (nowMs - entry.lastSeenMs > this.#config.expiryMs) {
        this.#entries.delete(eui);
        removed.push(eui);
      }
    }
    return removed;
  }

  get size(): number {
    return this.#entries.size;
  }

  entries(): IterableIterator<Readonly<GatewayEntry>> {
    return this.#entries.values();
  }
}
