/**
 * Which node holds a gateway's downlink (PULL) path, as learnt from the copies other nodes
 * forward: a copy forwarded by node X came through a gateway the load balancer keeps on X
 * now. Each entry keeps when (this node's monotonic ms) it was last confirmed, so a path this
 * node still has from before the gateway moved can be told from the current one.
 * Bounded: the oldest entry goes first.
 */
import type { Eui64 } from '../shared/index.js';

/** The node that forwarded the gateway's latest copy, and when it arrived here. */
export interface GatewayHolder {
  readonly node: string;
  readonly heardMs: number;
}

export class GatewayLocator {
  readonly #holders = new Map<Eui64, GatewayHolder>();
  readonly #max: number;

  constructor(maxGateways = 100_000) {
    this.#max = maxGateways;
  }

  /** `node` forwarded a copy from `gatewayEui`, arrived at `heardMs`. */
  note(gatewayEui: Eui64, node: string, heardMs: number): void {
    this.#holders.delete(gatewayEui);
    this.#holders.set(gatewayEui, { node, heardMs });
    if (this.#holders.size > this.#max) {
      const oldest = this.#holders.keys().next();
      if (oldest.done !== true) this.#holders.delete(oldest.value);
    }
  }

  holder(gatewayEui: Eui64): GatewayHolder | undefined {
    return this.#holders.get(gatewayEui);
  }

  /** `node` said it has no path to the gateway (any more). */
  forget(gatewayEui: Eui64, node: string): void {
    if (this.#holders.get(gatewayEui)?.node === node) this.#holders.delete(gatewayEui);
  }
}
