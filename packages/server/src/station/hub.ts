/**
 * Every Station connected to this node: one session per gateway, the downlink path through
 * it (the same DownlinkSender shape as the UDP socket's, so the cluster relay finds a Station
 * gateway exactly like a UDP one), what the API shows of them, and their counters.
 */
import type { Region } from '../lorawan/index.js';
import type { TxAckStatus } from '../ns/index.js';
import type { Clock } from '../shared/clock.js';
import type { Eui64 } from '../shared/ids.js';
import type { Logger } from '../shared/logger.js';
import type { DownlinkFrame, UplinkFrame } from '../shared/radio.js';
import { StationSession, defaultStationTuning } from './session.js';
import type { SessionContext, StationSocket, StationStats, StationTuning } from './session.js';

export interface StationHubDeps {
  readonly clock: Clock;
  readonly log: Logger;
  /** A gateway's copy of an uplink, for the network server (through the cluster router). */
  readonly handleUplinkFrame: (frame: UplinkFrame, receivedMs: number) => void;
  readonly tuning?: Partial<StationTuning>;
  /** Disconnected Stations remembered for the API (lastSeen); the oldest go first. */
  readonly maxRemembered?: number;
}

/** What this node knows live of one Station gateway. */
export interface StationGatewayLive {
  readonly gatewayEui: Eui64;
  /** Wall-clock ms of its last message. */
  readonly lastSeenMs: number;
  readonly connected: boolean;
  readonly uplinks: number;
  readonly downlinks: number;
  /** Downlinks it reported on air (`dntxed`). */
  readonly transmitted: number;
}

/** WebSocket close code 1001: the node is going away. */
const CLOSE_GOING_AWAY = 1001;
/** Private close code: the same gateway opened a newer connection. */
const CLOSE_REPLACED = 4000;

export class StationHub {
  readonly stats: StationStats = {
    messages: new Map(),
    dropped: new Map(),
    refused: new Map(),
    dnmsgSent: 0,
    dntxed: 0,
    dntxedLate: 0,
    dntxedMissing: 0,
  };
  readonly #deps: StationHubDeps;
  readonly #ctx: SessionContext;
  readonly #sessions = new Map<Eui64, StationSession>();
  readonly #gone = new Map<Eui64, StationGatewayLive>();
  readonly #maxRemembered: number;
  #diid = 0;

  constructor(deps: StationHubDeps) {
    this.#deps = deps;
    this.#maxRemembered = deps.maxRemembered ?? 10_000;
    this.#ctx = {
      clock: deps.clock,
      log: deps.log,
      stats: this.stats,
      tuning: { ...defaultStationTuning, ...deps.tuning },
      handleUplinkFrame: deps.handleUplinkFrame,
      nextDiid: () => {
        this.#diid = this.#diid >= Number.MAX_SAFE_INTEGER ? 1 : this.#diid + 1;
        return this.#diid;
      },
    };
  }

  /** Connections open now. */
  get connections(): number {
    return this.#sessions.size;
  }

  /** A Station passed discovery and authentication: its connection is this gateway's path. */
  attach(gatewayEui: Eui64, region: Region, socket: StationSocket): StationSession {
    const old = this.#sessions.get(gatewayEui);
    // A Station opens one connection; an older one still here is a dead link not yet noticed.
    if (old !== undefined) old.close(CLOSE_REPLACED, 'replaced by a newer connection');
    const session = new StationSession(gatewayEui, region, socket, this.#ctx);
    this.#sessions.set(gatewayEui, session);
    this.#gone.delete(gatewayEui);
    this.#deps.log.info({ gatewayEui, region: region.commonName }, 'station connected');
    return session;
  }

  /** The socket of `session` closed. */
  detach(session: StationSession): void {
    session.closed();
    if (this.#sessions.get(session.gatewayEui) !== session) return;
    this.#sessions.delete(session.gatewayEui);
    this.#gone.set(session.gatewayEui, liveOf(session, false));
    if (this.#gone.size > this.#maxRemembered) {
      const oldest = this.#gone.keys().next();
      if (oldest.done !== true) this.#gone.delete(oldest.value);
    }
    this.#deps.log.info({ gatewayEui: session.gatewayEui }, 'station disconnected');
  }

  /**
   * Now (monotonic ms) while the gateway's Station is connected here: an open WebSocket is a
   * fresh downlink path until it closes. Undefined otherwise.
   */
  heardMs(gatewayEui: Eui64): number | undefined {
    return this.#sessions.get(gatewayEui)?.open === true
      ? this.#deps.clock.monotonicMs()
      : undefined;
  }

  send(frame: DownlinkFrame): Promise<TxAckStatus> {
    const session = this.#sessions.get(frame.gatewayEui);
    return session === undefined ? Promise.resolve('NO_PATH') : session.send(frame);
  }

  /** Every Station gateway this node has had a connection from, connected ones first. */
  *live(): Iterable<StationGatewayLive> {
    for (const session of this.#sessions.values()) yield liveOf(session, session.open);
    yield* this.#gone.values();
  }

  /** Closes every connection (node shutdown); the Stations reconnect elsewhere. */
  close(): void {
    for (const session of [...this.#sessions.values()]) {
      session.close(CLOSE_GOING_AWAY, 'node shutting down');
      this.detach(session);
    }
  }
}

function liveOf(session: StationSession, connected: boolean): StationGatewayLive {
  return {
    gatewayEui: session.gatewayEui,
    lastSeenMs: session.lastSeenMs,
    connected,
    uplinks: session.uplinks,
    downlinks: session.downlinks,
    transmitted: session.transmitted,
  };
}
