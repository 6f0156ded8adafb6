/**
 * What this node knows about each gateway that talks to it: where its PUSH_DATA and PULL_DATA
 * come from, the protocol version of its last PULL_DATA (used to build PULL_RESP), when it was
 * last heard and its last status report. Downlinks can only go to a gateway whose pull path is
 * fresh [GWMP §3, §6]. Gateways that are not registered ("strangers") are kept too, so one that
 * gets registered has its pull path already, but only so many: past the bound the one heard
 * least recently is forgotten, so a flood of made-up EUIs costs a fixed amount of memory.
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
  /**
   * Most unregistered gateways kept (at least 1); registered ones are never counted nor
   * evicted. 1 000: a network sees a handful of strangers (a neighbour's forwarder pointed at
   * the wrong server, a gateway not yet registered), while an entry costs ~270 bytes, so the
   * bound holds a flood of made-up EUIs at ~0.3 MB (100 000 EUIs held ~26 MB unbounded).
   */
  readonly maxUnregistered: number;
}

export const defaultGatewayTableConfig: GatewayTableConfig = {
  pullPathTtlMs: 90_000,
  expiryMs: 180_000,
  maxUnregistered: 1_000,
};

/** Whether a gateway EUI is registered (REST `gateways`); asked once per new EUI and on eviction. */
export type GatewayRegisteredCheck = (gatewayEui: Eui64) => boolean;

export class GatewayTable {
  readonly #entries = new Map<Eui64, GatewayEntry>();
  /** Unregistered gateways' EUIs, least recently heard first (Map order). */
  readonly #strangers = new Map<Eui64, true>();
  readonly #clock: Clock;
  readonly #config: GatewayTableConfig;
  readonly #isRegistered: GatewayRegisteredCheck;
  #evicted = 0;

  /** Without `isRegistered` every gateway counts as unregistered (tests, simulators). */
  constructor(
    clock: Clock,
    config: Partial<GatewayTableConfig> = {},
    isRegistered: GatewayRegisteredCheck = () => false,
  ) {
    this.#clock = clock;
    this.#config = { ...defaultGatewayTableConfig, ...config };
    this.#isRegistered = isRegistered;
  }

  #touch(gatewayEui: Eui64): GatewayEntry {
    const nowMs = this.#clock.monotonicMs();
    let entry = this.#entries.get(gatewayEui);
    if (!entry) {
      if (!this.#isRegistered(gatewayEui)) this.#addStranger(gatewayEui);
      entry = { gatewayEui, lastSeenMs: nowMs, uplinks: 0, downlinks: 0 };
      this.#entries.set(gatewayEui, entry);
    } else if (this.#strangers.delete(gatewayEui)) {
      // Heard again: now the most recent stranger.
      this.#strangers.set(gatewayEui, true);
    }
    entry.lastSeenMs = nowMs;
    return entry;
  }

  /** Makes room for one more stranger by forgetting the least recently heard ones. */
  #addStranger(gatewayEui: Eui64): void {
    const max = Math.max(1, this.#config.maxUnregistered);
    for (const oldest of this.#strangers.keys()) {
      if (this.#strangers.size < max) break;
      this.#strangers.delete(oldest);
      // Registered since it was first heard: it stays, and no longer counts as a stranger.
      if (this.#isRegistered(oldest)) continue;
      this.#entries.delete(oldest);
      this.#evicted += 1;
    }
    this.#strangers.set(gatewayEui, true);
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
        this.#strangers.delete(eui);
        removed.push(eui);
      }
    }
    return removed;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Unregistered gateways held now (at most `maxUnregistered`). */
  get unregisteredSize(): number {
    return this.#strangers.size;
  }

  /** Unregistered gateways forgotten to keep within `maxUnregistered`, since start. */
  get evictedUnregistered(): number {
    return this.#evicted;
  }

  entries(): IterableIterator<Readonly<GatewayEntry>> {
    return this.#entries.values();
  }
}
