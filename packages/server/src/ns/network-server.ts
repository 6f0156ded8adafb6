/**
 * The uplink side of the network server. One gateway copy goes through named steps:
 *
 *   handleUplinkFrame = [gateway, dedup] -> handleUplink = [decode, data | join]
 *   data = [lookup, mic, fcnt, ack, decrypt, mac, adr, pendingMac, persist, publish, schedule]
 *   join = [lookup, mic, devNonce, allocate, accept, commit, publish, schedule]
 *
 * Every step list is in uplink/; this class owns the timers, the caches and the guards that
 * keep a bad packet or a failing store from ever throwing into the UDP socket.
 */
import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import type { Logger } from '../shared/logger.js';
import type { UplinkFrame } from '../shared/index.js';
import { defaultAdrConfig } from './adr/index.js';
import type { AdrConfig } from './adr/index.js';
import type { NsConfig } from './config.js';
import type { ClassARequest, DownlinkScheduler } from './downlink/types.js';
import type { NsPorts } from './ports.js';
import { Deduplicator } from './uplink/dedup.js';
import { SessionCryptoCache } from './uplink/crypto-cache.js';
import { devAddrSpace } from './uplink/dev-addr.js';
import type { UplinkDeps } from './uplink/deps.js';
import { EventLimiter } from './uplink/event-limiter.js';
import { handleUplink } from './uplink/index.js';
import { KeyedSerializer } from '../shared/keyed-serializer.js';
import type { DropEvent } from './uplink/step.js';
import { UplinkQueue, defaultUplinkQueueLimits } from './uplink/uplink-queue.js';
import type { ShedReason, UplinkQueueLimits } from './uplink/uplink-queue.js';

/** Knobs with defaults that rarely need changing; each default says why it holds. */
export interface NetworkServerTuning {
  /**
   * How long after its dedup window closed a copy still counts as a late duplicate: 1 s, the
   * TTS cooldown window. A device cannot retransmit sooner than after its RX2 window (>= 2 s),
   * so a retransmission is never mistaken for a late copy.
   */
  readonly lateCopyMs: number;
  /** Rate-limited events (unknown gateway, DevAddr, DevEUI) go out once per minute per entity. */
  readonly eventIntervalMs: number;
  /**
   * SessionCrypto objects kept. Each holds two native AES contexts, ~4 KB of memory (measured
   * on Node 20): 10 000 cost some 40 MB, and a miss costs two AES key set-ups (~20 µs).
   */
  readonly sessionCacheSize: number;
  readonly adr: AdrConfig;
  /** Pipelines at once, uplinks waiting and how long they may wait (uplink-queue.ts). */
  readonly queue: UplinkQueueLimits;
  /**
   * Dedup windows open at once: 30 000 uplinks/s with a 200 ms window keep 6 000 open, so
   * 100 000 is only reached when the node is far behind; then new uplinks are dropped.
   */
  readonly maxOpenWindows: number;
}

export const defaultNetworkServerTuning: NetworkServerTuning = {
  lateCopyMs: 1000,
  eventIntervalMs: 60_000,
  sessionCacheSize: 10_000,
  adr: defaultAdrConfig,
  queue: defaultUplinkQueueLimits,
  maxOpenWindows: 100_000,
};

export interface NetworkServerDeps {
  readonly ports: NsPorts;
  readonly config: NsConfig;
  readonly scheduler: DownlinkScheduler;
  readonly log: Logger;
  /** Random bytes for DevAddr allocation; node:crypto by default, fixed in tests. */
  readonly randomBytes?: (size: number) => Buffer;
  readonly tuning?: Partial<NetworkServerTuning>;
}

/** Takes gateway copies of uplinks, deduplicates them and runs each uplink's pipeline. */
export class NetworkServer {
  readonly #ports: NsPorts;
  readonly #log: Logger;
  /** This node's name: the holder of the gateways whose copies it received itself. */
  readonly #server: string;
  readonly #scheduler: DownlinkScheduler;
  readonly #limiter: EventLimiter;
  readonly #dedup: Deduplicator;
  readonly #deps: UplinkDeps;
  /** Copies between arrival and the dedup window (gateway lookup). */
  readonly #accepting = new Set<Promise<void>>();
  /** Deduplicated uplinks waiting for or in their pipeline. */
  readonly #queue: UplinkQueue;
  #closed = false;
  /** Uplinks not taken because `maxOpenWindows` were open. */
  #windowsFull = 0;

  /** Throws NsConfigError when `config.netId` is not 6 hex digits. */
  constructor(deps: NetworkServerDeps) {
    const tuning = { ...defaultNetworkServerTuning, ...deps.tuning };
    this.#ports = deps.ports;
    this.#server = deps.config.server;
    this.#scheduler = deps.scheduler;
    this.#log = deps.log.child({ module: 'ns' });
    this.#limiter = new EventLimiter(deps.ports.clock, tuning.eventIntervalMs);
    this.#dedup = new Deduplicator({
      clock: deps.ports.clock,
      windowMs: deps.config.dedupWindowMs,
      lateMs: tuning.lateCopyMs,
      maxOpen: tuning.maxOpenWindows,
      onCollected: (uplink) => this.#queue.push(uplink),
    });
    this.#queue = new UplinkQueue({
      ...tuning.queue,
      clock: deps.ports.clock,
      run: (uplink) => this.#guard(handleUplink(this.#deps, uplink)),
      shed: (_uplink, reason) => this.#shed(reason),
    });
    this.#deps = {
      ports: deps.ports,
      config: deps.config,
      log: this.#log,
      cryptoCache: new SessionCryptoCache(tuning.sessionCacheSize),
      adr: tuning.adr,
      devAddrSpace: devAddrSpace(deps.config.netId),
      randomBytes: deps.randomBytes ?? cryptoRandomBytes,
      serial: new KeyedSerializer(),
      schedule: (request) => this.#schedule(request),
      report: (event) => this.#report(event),
    };
  }

  /**
   * One gateway's copy of an uplink, as the UDP bridge receives it (`receivedMs` = this
   * node's wall clock then). `server` names the node holding that gateway when it is not this
   * one (a copy another node forwarded). Returns at once and never throws; the work runs in
   * the background.
   */
  handleUplinkFrame(frame: UplinkFrame, receivedMs: number, server?: string): void {
    try {
      this.#ports.metrics.uplinkReceived();
      if (this.#closed) {
        this.#log.debug('uplink after close ignored');
        return;
      }
      if (frame.rxInfo.crcStatus === 'bad') {
        this.#ports.metrics.uplinkDropped('bad_crc');
        return;
      }
      this.#track(this.#accepting, this.#accept(frame, receivedMs, server));
    } catch (err) {
      this.#log.error({ err }, 'uplink not accepted');
    }
  }

  /** Uplinks waiting for a pipeline, pipelines running, and uplinks shed so far. */
  get load(): { readonly queued: number; readonly inFlight: number; readonly shed: number } {
    return {
      queued: this.#queue.queued,
      inFlight: this.#queue.inFlight,
      shed: this.#queue.shedTotal + this.#windowsFull,
    };
  }

  /** Resolves once every copy received so far went as far as it can without the clock. */
  async idle(): Promise<void> {
    while (this.#accepting.size > 0 || this.#queue.inFlight > 0 || this.#queue.queued > 0) {
      await Promise.allSettled([...this.#accepting]);
      await this.#queue.idle();
    }
  }

  /**
   * Stops taking copies, processes the uplinks whose dedup window is still open at once, and
   * resolves when their pipelines are done (downlinks already handed on are the scheduler's).
   */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.allSettled([...this.#accepting]);
    this.#dedup.flush();
    await this.idle();
  }

  async #accept(frame: UplinkFrame, receivedMs: number, server: string | undefined): Promise<void> {
    const gatewayEui = frame.rxInfo.gatewayEui;
    let gateway;
    try {
      gateway = await this.#ports.gateways.getGateway(gatewayEui);
    } catch (err) {
      this.#ports.metrics.uplinkDropped('store_failed');
      this.#log.error({ err, gatewayEui }, 'gateway lookup failed');
      return;
    }
    if (gateway === undefined) {
      this.#ports.metrics.uplinkDropped('unknown_gateway');
      this.#report({
        kind: 'unknown_gateway',
        severity: 'warning',
        entity: gatewayEui,
        text: `uplink from unregistered gateway ${gatewayEui}`,
        rateLimited: true,
      });
      return;
    }
    // The frame and its events name, per copy, the node that holds the gateway's path.
    const holder = server ?? this.#server;
    const held = gateway.server === holder ? gateway : { ...gateway, server: holder };
    const verdict = this.#dedup.add({ frame, gateway: held, receivedMs });
    if (verdict === 'same_gateway' || verdict === 'late') {
      this.#ports.metrics.uplinkDropped('duplicate');
      this.#log.debug({ gatewayEui, verdict }, 'duplicate uplink copy');
    } else if (verdict === 'full') {
      this.#windowsFull += 1;
      this.#shed('queue_full');
    }
  }

  /**
   * An uplink dropped because the node is behind: counted, and reported at most once a minute
   * (an events log write per shed uplink would add to the load that caused it).
   */
  #shed(reason: ShedReason): void {
    this.#ports.metrics.uplinkDropped(reason);
    this.#report({
      kind: 'overload',
      severity: 'warning',
      entity: this.#server,
      text: `uplinks dropped: node overloaded (${reason})`,
      rateLimited: true,
    });
  }

  #schedule(request: ClassARequest): void {
    try {
      this.#scheduler.scheduleClassA(request).catch((err: unknown) => {
        this.#log.error({ err, kind: request.kind }, 'class a downlink failed');
      });
    } catch (err) {
      this.#log.error({ err, kind: request.kind }, 'class a downlink failed');
    }
  }

  #report(event: DropEvent): void {
    if (event.rateLimited === true && !this.#limiter.allow(event.kind, event.entity)) return;
    try {
      this.#ports.sink.event({
        kind: event.kind,
        severity: event.severity,
        entity: event.entity,
        text: event.text,
      });
    } catch (err) {
      this.#log.error({ err, kind: event.kind }, 'event not recorded');
    }
  }

  #guard(work: Promise<void>): Promise<void> {
    return work.catch((err: unknown) => {
      this.#log.error({ err }, 'uplink work failed');
    });
  }

  #track(set: Set<Promise<void>>, work: Promise<void>): void {
    const guarded = this.#guard(work);
    set.add(guarded);
    void guarded.finally(() => set.delete(guarded));
  }
}
