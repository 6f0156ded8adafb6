/**
 * Which node holds a gateway's downlink (PULL) path, as learnt from the copies other nodes
 * forward: a copy forwarded by node X came through a gateway the load balancer keeps on X.
 * Bounded: the oldest entry goes first.
 */
import type { Eui64 } from '../shared/index.js';

export class GatewayLocator {
  readonly #holders = new Map<Eui64, string>();
  readonly #max: number;

  constructor(maxGateways = 100_000) {
    this.#max = maxGateways;
  }

  /** `node` forwarded a copy from `gatewayEui`. */
  note(gatewayEui: Eui64, node: string): void {
    if (this.#holders.get(gatewayEui) === node) return;
    this.#holders.delete(gatewayEui);
    this.#holders.set(gatewayEui, node);
    if (this.#holders.size > this.#max) {
      const oldest = this.#holders.keys().next();
      if (oldest.done !== true) this.#holders.delete(oldest.value);
    }
  }

  holder(gatewayEui: Eui64): string | undefined {
    return this.#holders.get(gatewayEui);
  }

  /** `node` said it has no path to the gateway (any more). */
  forget(gatewayEui: Eui64, node: string): void {
    if (this.#holders.get(gatewayEui) === node) this.#holders.delete(gatewayEui);
  }
}
