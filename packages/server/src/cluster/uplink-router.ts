/**
 * Uplink routing [DESIGN "Route"]: the node that receives a gateway's copy reads only the
 * MHDR and DevAddr/DevEUI and hands the copy to the device's owner, itself included. A copy
 * that was forwarded once is processed where it lands, so two nodes whose views briefly
 * disagree never bounce it. With no live link to the owner the copy is processed here:
 * answering twice is better than not answering.
 */
import { peekUplinkIdentity } from '../lorawan/index.js';
import type { Clock, Logger, UplinkFrame } from '../shared/index.js';
import { ClusterMessageError } from './errors.js';
import type { OwnerDirectory } from './directory.js';
import type { GatewayLocator } from './gateway-locator.js';
import { devAddrKey, devEuiKey } from './ownership.js';
import type { PeerChannel } from './port.js';
import { TOPICS } from './port.js';
import { decodeForwardedUplink, encodeForwardedUplink } from './wire.js';

/** The local pipeline: ns's handleUplinkFrame (`server` = the node holding the gateway). */
export type LocalUplinkHandler = (frame: UplinkFrame, receivedMs: number, server?: string) => void;

/** Counters of the routing, for /metrics. */
export interface UplinkRoutingStats {
  /** Copies this node kept because it owns the device (or nobody could). */
  local: number;
  /** Copies sent to their owner. */
  forwarded: number;
  /** Copies other nodes forwarded to this one. */
  received: number;
  /** Copies kept here because the owner had no live link. */
  ownerUnreachable: number;
  /** Forwarded copies that did not decode. */
  malformed: number;
}

export interface UplinkRouterDeps {
  readonly port: PeerChannel;
  readonly directory: OwnerDirectory;
  readonly locator: GatewayLocator;
  readonly clock: Clock;
  readonly handle: LocalUplinkHandler;
  readonly log: Logger;
}

export class UplinkRouter {
  readonly stats: UplinkRoutingStats = {
    local: 0,
    forwarded: 0,
    received: 0,
    ownerUnreachable: 0,
    malformed: 0,
  };
  readonly #deps: UplinkRouterDeps;
  readonly #remove: () => void;

  constructor(deps: UplinkRouterDeps) {
    this.#deps = deps;
    this.#remove = deps.port.onMessage(TOPICS.uplink, (from, payload) => {
      this.#onForwarded(from, payload);
    });
  }

  /** One copy from a gateway this node holds; `receivedMs` is this node's wall clock then. */
  route(frame: UplinkFrame, receivedMs: number): void {
    const { directory, port, clock, handle } = this.#deps;
    const id = peekUplinkIdentity(frame.phyPayload);
    const owner =
      id === undefined
        ? undefined
        : directory.ownerOf(id.kind === 'devAddr' ? devAddrKey(id.devAddr) : devEuiKey(id.devEui));
    if (owner === undefined || owner === directory.self) {
      this.stats.local++;
      handle(frame, receivedMs);
      return;
    }
    const ageMs = Math.max(0, clock.now() - receivedMs);
    if (port.send(owner, TOPICS.uplink, encodeForwardedUplink(frame, ageMs))) {
      this.stats.forwarded++;
      return;
    }
    this.stats.ownerUnreachable++;
    this.#deps.log.debug({ owner }, 'owner unreachable, uplink processed here');
    handle(frame, receivedMs);
  }

  close(): void {
    this.#remove();
  }

  #onForwarded(from: string, payload: unknown): void {
    let forwarded;
    try {
      forwarded = decodeForwardedUplink(payload);
    } catch (err) {
      if (!(err instanceof ClusterMessageError)) throw err;
      this.stats.malformed++;
      this.#deps.log.warn({ err, from }, 'forwarded uplink dropped');
      return;
    }
    this.stats.received++;
    const { frame, ageMs } = forwarded;
    this.#deps.locator.note(frame.rxInfo.gatewayEui, from, this.#deps.clock.monotonicMs());
    // Receive time on this node's clock: wall clocks of two machines may differ, the age
    // the forwarder measured does not.
    this.#deps.handle(frame, this.#deps.clock.now() - ageMs, from);
  }
}
