/**
 * One Station's LNS connection (`/router-<eui>`), after it was accepted: answers `version`
 * with `router_config`, turns uplink messages into UplinkFrames, answers `timesync` with GPS
 * time, sends downlinks as `dnmsg` and waits for their `dntxed`. A bad message is counted,
 * logged once per kind and dropped; the connection stays open.
 */
import type { Region } from '../lorawan/index.js';
import type { TxAckStatus } from '../ns/index.js';
import { utcMsToGpsMs } from '../ns/index.js';
import type { Clock, TimerHandle } from '../shared/clock.js';
import type { Eui64 } from '../shared/ids.js';
import type { Logger } from '../shared/logger.js';
import type { DownlinkFrame, UplinkFrame } from '../shared/radio.js';
import { delayAfterUplinkS, dnmsgOf } from './downlink.js';
import type { ClassAWindow, UplinkContext } from './downlink.js';
import { StationMessageError } from './errors.js';
import { stationJson } from './json.js';
import { decodeStationMessage } from './messages.js';
import type { DntxedMessage, StationMessage, UplinkMessage, VersionMessage } from './messages.js';
import { routerConfig } from './router-config.js';
import { timestampUsOf, uplinkFrameOf } from './uplink.js';

/** The socket a session writes to (a `ws` WebSocket in production). */
export interface StationSocket {
  send(text: string): void;
  close(code: number, reason: string): void;
}

/** Knobs with defaults; each says why it holds. */
export interface StationTuning {
  /**
   * How long after a window opens its `dntxed` may still arrive: the Station reports a frame
   * once it is on air, plus the backhaul. 400 ms still leaves RX2 (one second after RX1)
   * reachable with the downlink lead time.
   */
  readonly dntxedMarginMs: number;
  /** How long a frame sent at once (class C) may take to be reported. */
  readonly immediateDntxedMs: number;
  /** Uplinks remembered per gateway, to answer them (a busy gateway hears a few per second). */
  readonly uplinkMemory: number;
  /** RX2 opens at most 16 s after an uplink [L2 1.0.4 §5.7]; older ones are never answered. */
  readonly uplinkMemoryMs: number;
}

export const defaultStationTuning: StationTuning = {
  dntxedMarginMs: 400,
  immediateDntxedMs: 1000,
  uplinkMemory: 256,
  uplinkMemoryMs: 20_000,
};

/** Counters of every Station connection of this node, for /metrics. */
export interface StationStats {
  /** Messages received, by `msgtype`. */
  readonly messages: Map<string, number>;
  /** Messages dropped, by error code. */
  readonly dropped: Map<string, number>;
  /** Connections refused, by error code. */
  readonly refused: Map<string, number>;
  dnmsgSent: number;
  dntxed: number;
  /** dntxed for a downlink no longer waited for (arrived after its window). */
  dntxedLate: number;
  /** Downlinks whose dntxed never came in time. */
  dntxedMissing: number;
}

export function bump(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** What a session needs of the node. */
export interface SessionContext {
  readonly clock: Clock;
  readonly log: Logger;
  readonly stats: StationStats;
  readonly tuning: StationTuning;
  readonly handleUplinkFrame: (frame: UplinkFrame, receivedMs: number) => void;
  nextDiid(): number;
}

interface PendingTx {
  readonly resolve: (status: TxAckStatus) => void;
  readonly timer: TimerHandle;
}

export class StationSession {
  readonly gatewayEui: Eui64;
  readonly region: Region;
  /** This node's wall-clock ms of the last message. */
  lastSeenMs: number;
  uplinks = 0;
  downlinks = 0;
  transmitted = 0;
  #open = true;
  readonly #socket: StationSocket;
  readonly #ctx: SessionContext;
  readonly #log: Logger;
  readonly #recent: UplinkContext[] = [];
  /** RxDelays already used per uplink: a second frame one second later is its RX2. */
  readonly #sentDelays = new WeakMap<UplinkContext, Set<number>>();
  readonly #pending = new Map<number, PendingTx>();
  readonly #logged = new Set<string>();
  #rctx = 0n;

  constructor(gatewayEui: Eui64, region: Region, socket: StationSocket, ctx: SessionContext) {
    this.gatewayEui = gatewayEui;
    this.region = region;
    this.#socket = socket;
    this.#ctx = ctx;
    this.#log = ctx.log.child({ gatewayEui });
    this.lastSeenMs = ctx.clock.now();
  }

  get open(): boolean {
    return this.#open;
  }

  onText(text: string): void {
    this.lastSeenMs = this.#ctx.clock.now();
    let msg: StationMessage;
    try {
      msg = decodeStationMessage(text);
    } catch (err) {
      if (!(err instanceof StationMessageError)) throw err;
      this.#drop(err);
      return;
    }
    bump(this.#ctx.stats.messages, msg.msgtype);
    switch (msg.msgtype) {
      case 'version':
        this.#version(msg);
        return;
      case 'updf':
      case 'jreq':
      case 'propdf':
        this.#uplink(msg);
        return;
      case 'dntxed':
        this.#dntxed(msg);
        return;
      case 'timesync':
        this.#send({
          msgtype: 'timesync',
          txtime: msg.txtime,
          gpstime: utcMsToGpsMs(this.#ctx.clock.now()) * 1000,
        });
        return;
    }
  }

  /** Binary frames carry remote-shell data, which lns never opens. */
  onBinary(): void {
    this.lastSeenMs = this.#ctx.clock.now();
    this.#drop(new StationMessageError('STATION_UNSUPPORTED', 'binary message not supported'));
  }

  /** Sends one downlink and resolves with `ok` on its dntxed, NOT_TRANSMITTED without one. */
  send(frame: DownlinkFrame): Promise<TxAckStatus> {
    if (!this.#open) return Promise.resolve('NO_PATH');
    let window: ClassAWindow | undefined;
    if (frame.timing.kind === 'timestamp') {
      window = this.#windowFor(frame.timing.timestampUs);
      if (window === undefined) {
        this.#log.debug('downlink for an uplink this connection did not receive');
        return Promise.resolve('NO_PATH');
      }
    }
    const diid = this.#ctx.nextDiid();
    const result = dnmsgOf(frame, { diid, region: this.region, window, rctx: this.#rctx });
    if (!result.ok) {
      this.#log.warn({ reason: result.reason }, 'downlink cannot be sent to this station');
      return Promise.resolve(result.reason === 'frequency' ? 'TX_FREQ' : 'UNKNOWN');
    }
    if (!this.#send(result.message)) return Promise.resolve('NO_PATH');
    this.downlinks += 1;
    this.#ctx.stats.dnmsgSent += 1;
    const { clock, tuning } = this.#ctx;
    let waitMs = tuning.immediateDntxedMs;
    if (window !== undefined) {
      this.#delaysOf(window.uplink).add(window.delayS);
      const opensMonoMs = window.uplink.receivedMonoMs + window.delayS * 1000;
      waitMs = Math.max(0, opensMonoMs - clock.monotonicMs()) + tuning.dntxedMarginMs;
    }
    return new Promise((resolve) => {
      const timer = clock.setTimeout(() => {
        this.#pending.delete(diid);
        this.#ctx.stats.dntxedMissing += 1;
        this.#log.debug({ diid }, 'no dntxed in time');
        resolve('NOT_TRANSMITTED');
      }, waitMs);
      this.#pending.set(diid, { resolve, timer });
    });
  }

  /**
   * The connection ended: a Station drops its transmit queue when it reconnects, so frames
   * not yet reported were not sent.
   */
  closed(): void {
    this.#open = false;
    for (const [diid, pending] of this.#pending) {
      this.#ctx.clock.clearTimeout(pending.timer);
      this.#pending.delete(diid);
      pending.resolve('NOT_TRANSMITTED');
    }
  }

  /** Closes the socket (shutdown, or a newer connection of the same gateway). */
  close(code: number, reason: string): void {
    try {
      this.#socket.close(code, reason);
    } catch (err) {
      this.#log.debug({ err }, 'station socket close failed');
    }
    this.closed();
  }

  #version(msg: VersionMessage): void {
    this.#log.info(
      {
        station: msg.station,
        model: msg.model,
        firmware: msg.firmware,
        protocol: msg.protocol,
        features: msg.features,
        region: this.region.commonName,
      },
      'station version',
    );
    this.#send(routerConfig(this.region));
  }

  #uplink(msg: UplinkMessage): void {
    let frame: UplinkFrame;
    try {
      frame = uplinkFrameOf(msg, this.gatewayEui, this.region);
    } catch (err) {
      if (!(err instanceof StationMessageError)) throw err;
      this.#drop(err);
      return;
    }
    const { clock } = this.#ctx;
    const up = msg.upinfo;
    this.#rctx = up.rctx;
    this.#remember({
      timestampUs: timestampUsOf(up.xtime),
      xtime: up.xtime,
      rctx: up.rctx,
      receivedMonoMs: clock.monotonicMs(),
      devEui: msg.msgtype === 'jreq' ? msg.devEui : undefined,
    });
    this.uplinks += 1;
    this.#ctx.handleUplinkFrame(frame, clock.now());
  }

  #dntxed(msg: DntxedMessage): void {
    const pending = this.#pending.get(msg.diid);
    if (pending === undefined) {
      this.#ctx.stats.dntxedLate += 1;
      this.#log.debug({ diid: msg.diid }, 'dntxed after its window was given up');
      return;
    }
    this.#pending.delete(msg.diid);
    this.#ctx.clock.clearTimeout(pending.timer);
    this.transmitted += 1;
    this.#ctx.stats.dntxed += 1;
    pending.resolve('ok');
  }

  #remember(uplink: UplinkContext): void {
    this.#recent.push(uplink);
    if (this.#recent.length > this.#ctx.tuning.uplinkMemory) this.#recent.shift();
  }

  #delaysOf(uplink: UplinkContext): Set<number> {
    let delays = this.#sentDelays.get(uplink);
    if (delays === undefined) {
      delays = new Set();
      this.#sentDelays.set(uplink, delays);
    }
    return delays;
  }

  /** The latest remembered uplink this frame is timed after, and how long after. */
  #windowFor(timestampUs: number): ClassAWindow | undefined {
    const oldestMs = this.#ctx.clock.monotonicMs() - this.#ctx.tuning.uplinkMemoryMs;
    for (let i = this.#recent.length - 1; i >= 0; i--) {
      const uplink = this.#recent[i]!;
      if (uplink.receivedMonoMs < oldestMs) break;
      const delayS = delayAfterUplinkS(timestampUs, uplink.timestampUs);
      if (delayS !== undefined) {
        return { uplink, delayS, retry: this.#delaysOf(uplink).has(delayS - 1) };
      }
    }
    return undefined;
  }

  /** Sends one message with the current MuxTime; false when the socket refused it. */
  #send(message: Record<string, unknown>): boolean {
    try {
      this.#socket.send(stationJson({ ...message, MuxTime: this.#ctx.clock.now() / 1000 }));
      return true;
    } catch (err) {
      this.#log.debug({ err }, 'station socket send failed');
      return false;
    }
  }

  #drop(err: StationMessageError): void {
    bump(this.#ctx.stats.dropped, err.code);
    // Logged once per kind and connection: a misbehaving Station must not flood the log.
    const first = !this.#logged.has(err.code);
    this.#logged.add(err.code);
    if (first) this.#log.warn({ err }, 'station message dropped');
    else this.#log.debug({ code: err.code, details: err.details }, 'station message dropped');
  }
}
