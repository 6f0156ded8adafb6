/**
 * What the cluster knows live of each gateway, for `GET /api/gateways` on any node: every
 * node answers for the gateways it talks to (UDP table, Station connections) and the asking
 * node merges. A gateway is `connected` when some node has a path to it; `server`,
 * `protocol` and `stats` come from the node that heard it last among those with a path.
 * A peer that does not answer in time is left out, never fails the read.
 */
import type { GatewayLiveInfo } from '../api/index.js';
import type { Clock, Logger, TimerHandle } from '../shared/index.js';
import { ClusterMessageError } from './errors.js';
import type { PeerChannel } from './port.js';
import { TOPICS } from './port.js';
import {
  decodeGatewayLiveAnswer,
  decodeGatewayLiveRequest,
  encodeGatewayLiveAnswer,
  encodeGatewayLiveRequest,
} from './wire.js';

export interface GatewayPresenceDeps {
  readonly port: PeerChannel;
  readonly clock: Clock;
  readonly log: Logger;
  /** This node's own live entries. */
  readonly local: () => Iterable<GatewayLiveInfo>;
  /** How long a peer may take to answer: a page read waits at most this long. */
  readonly answerTimeoutMs: number;
}

interface Asking {
  readonly peers: Set<string>;
  readonly parts: GatewayLiveInfo[][];
  readonly done: () => void;
  readonly timer: TimerHandle;
}

function seenMs(info: GatewayLiveInfo): number {
  return info.lastSeen === undefined ? -Infinity : Date.parse(info.lastSeen);
}

/** One entry per gateway out of every node's entries (see the file comment). */
export function mergeGatewayLive(entries: Iterable<GatewayLiveInfo>): GatewayLiveInfo[] {
  const byEui = new Map<string, GatewayLiveInfo[]>();
  for (const e of entries) {
    const list = byEui.get(e.gatewayEui);
    if (list === undefined) byEui.set(e.gatewayEui, [e]);
    else list.push(e);
  }
  const merged: GatewayLiveInfo[] = [];
  for (const list of byEui.values()) {
    const connected = list.some((e) => e.connected === true);
    const candidates = connected ? list.filter((e) => e.connected === true) : list;
    const holder = candidates.reduce((a, b) => (seenMs(b) > seenMs(a) ? b : a));
    const latest = list.reduce((a, b) => (seenMs(b) > seenMs(a) ? b : a));
    merged.push({ ...holder, lastSeen: latest.lastSeen, connected });
  }
  return merged;
}

export class GatewayPresence {
  readonly #deps: GatewayPresenceDeps;
  readonly #asking = new Map<number, Asking>();
  readonly #removers: (() => void)[];
  #nextId = 1;

  constructor(deps: GatewayPresenceDeps) {
    this.#deps = deps;
    this.#removers = [
      deps.port.onMessage(TOPICS.gatewaysRequest, (from, payload) => this.#answer(from, payload)),
      deps.port.onMessage(TOPICS.gateways, (from, payload) => this.#collect(from, payload)),
    ];
  }

  /** Every node's live entries, merged; peers that do not answer in time are left out. */
  async list(): Promise<GatewayLiveInfo[]> {
    const { port, clock, answerTimeoutMs, local } = this.#deps;
    const own = [...local()];
    const id = this.#nextId++;
    const peers = new Set(
      port
        .members()
        .filter((m) => !m.self && m.status === 'up')
        .map((m) => m.nodeId)
        .filter((p) => port.send(p, TOPICS.gatewaysRequest, encodeGatewayLiveRequest(id))),
    );
    if (peers.size === 0) return mergeGatewayLive(own);
    const parts: GatewayLiveInfo[][] = [own];
    await new Promise<void>((resolve) => {
      const timer = clock.setTimeout(() => {
        this.#asking.delete(id);
        this.#deps.log.debug({ peers: [...peers] }, 'peers left out of the gateway list');
        resolve();
      }, answerTimeoutMs);
      this.#asking.set(id, { peers, parts, done: resolve, timer });
    });
    return mergeGatewayLive(parts.flat());
  }

  close(): void {
    for (const remove of this.#removers) remove();
    for (const [id, asking] of this.#asking) {
      this.#deps.clock.clearTimeout(asking.timer);
      this.#asking.delete(id);
      asking.done();
    }
  }

  #answer(from: string, payload: unknown): void {
    let id: number;
    try {
      id = decodeGatewayLiveRequest(payload);
    } catch (err) {
      this.#malformed(err, from);
      return;
    }
    const entries = [...this.#deps.local()];
    if (!this.#deps.port.send(from, TOPICS.gateways, encodeGatewayLiveAnswer(id, entries))) {
      this.#deps.log.debug({ from }, 'gateway list not delivered');
    }
  }

  #collect(from: string, payload: unknown): void {
    let answer;
    try {
      answer = decodeGatewayLiveAnswer(payload);
    } catch (err) {
      this.#malformed(err, from);
      return;
    }
    const asking = this.#asking.get(answer.id);
    if (asking === undefined || !asking.peers.delete(from)) return;
    asking.parts.push([...answer.gateways]);
    if (asking.peers.size > 0) return;
    this.#asking.delete(answer.id);
    this.#deps.clock.clearTimeout(asking.timer);
    asking.done();
  }

  #malformed(err: unknown, from: string): void {
    if (!(err instanceof ClusterMessageError)) throw err;
    this.#deps.log.warn({ err, from }, 'gateway list message dropped');
  }
}
