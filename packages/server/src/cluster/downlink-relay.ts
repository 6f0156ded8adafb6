/**
 * Downlink relay [DESIGN "Downlink relay"]: the owner builds and persists the frame; the node
 * holding the gateway's PULL path sends the PULL_RESP and reports the gateway's TX_ACK back,
 * so the owner decides RX2 or the next gateway exactly as it would for its own gateway.
 */
import type { DownlinkSender, TxAckStatus } from '../ns/index.js';
import type { Clock, DownlinkFrame, Eui64, Logger, TimerHandle } from '../shared/index.js';
import { ClusterMessageError } from './errors.js';
import type { GatewayLocator } from './gateway-locator.js';
import type { PeerChannel } from './port.js';
import { TOPICS } from './port.js';
import {
  decodeRelayedDownlink,
  decodeRelayedTxAck,
  encodeRelayedDownlink,
  encodeRelayedTxAck,
} from './wire.js';

/** This node's own gateway sockets: sends, and says which gateways it has a path to. */
export interface LocalDownlinks extends DownlinkSender {
  /**
   * When (monotonic ms, the clock the room uses) this node last heard from the gateway, if it
   * has a fresh PULL path to it; undefined otherwise.
   */
  heardMs(gatewayEui: Eui64): number | undefined;
}

export interface DownlinkRelayDeps {
  readonly port: PeerChannel;
  readonly local: LocalDownlinks;
  readonly locator: GatewayLocator;
  readonly clock: Clock;
  readonly log: Logger;
  /**
   * How long to wait for a peer's verdict: the peer waits up to its TX_ACK timeout for the
   * gateway, so this is that plus a margin for the link.
   */
  readonly answerTimeoutMs: number;
}

/** Counters of the relay, for /metrics. */
export interface DownlinkRelayStats {
  /** Downlinks this node asked a peer to send. */
  relayed: number;
  /** Downlinks peers asked this node to send. */
  served: number;
  /** Asked peers that did not answer in time. */
  unanswered: number;
  malformed: number;
}

interface Waiting {
  /** Peers still to answer. */
  readonly peers: Set<string>;
  readonly resolve: (status: TxAckStatus) => void;
  readonly timer: TimerHandle;
}

/** The network server's DownlinkSender on a cluster node. */
export class RelayingDownlinkSender implements DownlinkSender {
  readonly stats: DownlinkRelayStats = { relayed: 0, served: 0, unanswered: 0, malformed: 0 };
  readonly #deps: DownlinkRelayDeps;
  readonly #waiting = new Map<number, Waiting>();
  readonly #removers: (() => void)[];
  #nextId = 1;

  constructor(deps: DownlinkRelayDeps) {
    this.#deps = deps;
    this.#removers = [
      deps.port.onMessage(TOPICS.downlink, (from, payload) => this.#serve(from, payload)),
      deps.port.onMessage(TOPICS.txAck, (from, payload) => this.#answered(from, payload)),
    ];
  }

  async send(frame: DownlinkFrame): Promise<TxAckStatus> {
    const { local, locator, port } = this.#deps;
    const gatewayEui = frame.gatewayEui;
    const localMs = local.heardMs(gatewayEui);
    const known = locator.holder(gatewayEui);
    const remote = known !== undefined && known.node !== port.nodeId ? known : undefined;
    // A path of ours that is older than a peer's latest copy is one the gateway left (the load
    // balancer moved it): a PULL_RESP down it would reach nobody.
    if (localMs !== undefined && (remote === undefined || localMs >= remote.heardMs)) {
      return local.send(frame);
    }
    if (remote !== undefined) {
      const status = await this.#ask([remote.node], frame);
      if (status !== 'NO_PATH') return status;
      locator.forget(gatewayEui, remote.node);
      if (localMs !== undefined) return local.send(frame);
    }
    // Nobody known (class C after a restart, a gateway that only pulls): every live peer is
    // asked, and only one holding a fresh path sends.
    const peers = port
      .members()
      .filter((m) => !m.self && m.status !== 'down' && m.nodeId !== remote?.node)
      .map((m) => m.nodeId);
    return peers.length === 0 ? 'NO_PATH' : this.#ask(peers, frame);
  }

  /** Resolves every waiting relay as NO_ACK and stops serving (shutdown). */
  close(): void {
    for (const remove of this.#removers) remove();
    for (const [id, waiting] of this.#waiting) {
      this.#deps.clock.clearTimeout(waiting.timer);
      this.#waiting.delete(id);
      waiting.resolve('NO_ACK');
    }
  }

  /**
   * Sends to each of `peers`; the first verdict other than NO_PATH wins. A gateway that
   * confirms only what went on air (Basics Station) answers after the window opens, so the
   * wait runs until then plus the usual answer time.
   */
  #ask(peers: readonly string[], frame: DownlinkFrame): Promise<TxAckStatus> {
    const { port, clock } = this.#deps;
    const untilWindowMs =
      frame.windowOpensMs === undefined ? 0 : Math.max(0, frame.windowOpensMs - clock.now());
    const answerTimeoutMs = this.#deps.answerTimeoutMs + untilWindowMs;
    const id = this.#nextId++;
    const message = encodeRelayedDownlink(id, frame);
    const reached = new Set(peers.filter((p) => port.send(p, TOPICS.downlink, message)));
    if (reached.size === 0) return Promise.resolve('NO_PATH');
    this.stats.relayed++;
    return new Promise((resolve) => {
      const timer = clock.setTimeout(() => {
        this.#waiting.delete(id);
        this.stats.unanswered++;
        this.#deps.log.debug(
          { gatewayEui: frame.gatewayEui, peers: [...reached] },
          'relay unanswered',
        );
        resolve('NO_ACK');
      }, answerTimeoutMs);
      this.#waiting.set(id, { peers: reached, resolve, timer });
    });
  }

  #answered(from: string, payload: unknown): void {
    let answer;
    try {
      answer = decodeRelayedTxAck(payload);
    } catch (err) {
      this.#malformed(err, from, 'relayed tx_ack dropped');
      return;
    }
    const waiting = this.#waiting.get(answer.id);
    if (waiting === undefined || !waiting.peers.delete(from)) return;
    if (answer.status === 'NO_PATH' && waiting.peers.size > 0) return;
    this.#waiting.delete(answer.id);
    this.#deps.clock.clearTimeout(waiting.timer);
    waiting.resolve(answer.status);
  }

  #serve(from: string, payload: unknown): void {
    let relayed;
    try {
      relayed = decodeRelayedDownlink(payload);
    } catch (err) {
      this.#malformed(err, from, 'relayed downlink dropped');
      return;
    }
    const { local, port, log } = this.#deps;
    const { id, frame } = relayed;
    const answer = (status: TxAckStatus): void => {
      if (!port.send(from, TOPICS.txAck, encodeRelayedTxAck(id, status))) {
        log.debug({ from, status }, 'relay verdict not delivered');
      }
    };
    if (local.heardMs(frame.gatewayEui) === undefined) {
      answer('NO_PATH');
      return;
    }
    this.stats.served++;
    local.send(frame).then(answer, (err: unknown) => {
      log.warn({ err, gatewayEui: frame.gatewayEui }, 'relayed downlink send failed');
      answer('UNKNOWN');
    });
  }

  #malformed(err: unknown, from: string, message: string): void {
    if (!(err instanceof ClusterMessageError)) throw err;
    this.stats.malformed++;
    this.#deps.log.warn({ err, from }, message);
  }
}
