/**
 * The FCntDown safety gap [DESIGN "Failover"]: a node that takes a device over raises its
 * downlink counter before its first downlink, so a counter is never used twice even if the
 * previous owner's last counter update did not replicate before it died. A node holds a
 * device's counter from its first downlink (or its join) for as long as its ownership view
 * kept the device; any view in between that gave the device to another node breaks the hold.
 */
import type { DevAddr } from '../shared/index.js';
import type { DeviceOwnership } from '../ns/index.js';
import type { OwnerDirectory } from './directory.js';
import { devAddrKey } from './ownership.js';

export interface TakeoverConfig {
  /**
   * FCntDown values skipped on a takeover. The previous owner can only have used counters in
   * the moments its writes were still replicating (milliseconds; a class C burst at most a
   * few frames), so 64 is generous, and far inside the 16384 a 1.0.x device accepts.
   */
  readonly fCntDownGap: number;
  /** Devices whose hold is remembered; beyond it the oldest is forgotten (a gap next time). */
  readonly maxHeld: number;
}

export const defaultTakeoverConfig: TakeoverConfig = { fCntDownGap: 64, maxHeld: 1_000_000 };

/** {@link DeviceOwnership} of one cluster node. */
export class ClusterOwnership implements DeviceOwnership {
  readonly #directory: OwnerDirectory;
  readonly #config: TakeoverConfig;
  /** DevAddr -> epoch of the view in which this node began holding its counter. */
  readonly #held = new Map<DevAddr, number>();

  readonly #awaitPeers: () => Promise<void>;

  constructor(
    directory: OwnerDirectory,
    awaitPeers: () => Promise<void>,
    config: Partial<TakeoverConfig> = {},
  ) {
    this.#directory = directory;
    this.#awaitPeers = awaitPeers;
    this.#config = { ...defaultTakeoverConfig, ...config };
  }

  ownsDevAddr(devAddr: DevAddr): boolean {
    return this.#directory.isLocal(devAddrKey(devAddr));
  }

  fCntDownGap(devAddr: DevAddr): number {
    const since = this.#held.get(devAddr);
    const kept = since !== undefined && this.#directory.ownedThroughout(devAddrKey(devAddr), since);
    if (kept) return 0;
    this.claim(devAddr);
    // Alone since start, no other node can have sent to the device.
    return this.#directory.hadPeers ? this.#config.fCntDownGap : 0;
  }

  replicated(): Promise<void> {
    return this.#awaitPeers();
  }

  claim(devAddr: DevAddr): void {
    this.#held.delete(devAddr);
    this.#held.set(devAddr, this.#directory.epoch);
    if (this.#held.size > this.#config.maxHeld) {
      const oldest = this.#held.keys().next();
      if (oldest.done !== true) this.#held.delete(oldest.value);
    }
  }
}
