/**
 * SessionCrypto objects per session, kept in a small LRU: each holds native AES contexts that
 * are costly to build, and an active device sends again within minutes.
 */
import { SessionCrypto } from '../../lorawan/index.js';
import type { NodeSession } from '../model.js';

/** LRU of SessionCrypto keyed by DevAddr and both session keys. */
export class SessionCryptoCache {
  readonly #max: number;
  readonly #entries = new Map<string, SessionCrypto>();

  constructor(maxEntries: number) {
    this.#max = Math.max(1, maxEntries);
  }

  /** The crypto of `session`, built on first use; throws LorawanEncodeError for bad keys. */
  get(session: Pick<NodeSession, 'id' | 'nwkSKey' | 'appSKey'>): SessionCrypto {
    // AppSKey is part of the key too: an ABP node edited through the API may change it alone.
    const key = `${session.id}:${session.nwkSKey}:${session.appSKey}`;
    const hit = this.#entries.get(key);
    if (hit !== undefined) {
      // Re-inserting moves the entry to the young end of the Map's insertion order.
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit;
    }
    const crypto = new SessionCrypto({
      nwkSKey: Buffer.from(session.nwkSKey, 'hex'),
      appSKey: session.appSKey === '' ? undefined : Buffer.from(session.appSKey, 'hex'),
    });
    this.#entries.set(key, crypto);
    if (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    return crypto;
  }

  get size(): number {
    return this.#entries.size;
  }
}
