/**
 * Back-off for password guessing, per user name and per client address. Each key may fail a
 * few times freely; every failure after that blocks the key for twice as long as the last one
 * (1 s, 2 s, 4 s … up to 15 min). While a key is blocked, attempts are refused before the
 * password is checked, so a guesser learns nothing and costs no scrypt run, and the right
 * password does not work either. A key is forgotten once it has been quiet for an hour.
 *
 * Per node, in memory: behind a load balancer a guesser gets one budget per node, which still
 * bounds guessing to a handful of tries per hour and node once the back-off has grown.
 */

export interface ThrottleLimits {
  /** Failures a key may have before the back-off starts. */
  readonly freeFailures: number;
  /** Block after the first failure past the free ones; doubles with each further failure. */
  readonly firstBlockMs: number;
  readonly maxBlockMs: number;
}

export interface LoginThrottleOptions {
  readonly user: ThrottleLimits;
  /** An address is shared by everyone behind a NAT or proxy: more free failures. */
  readonly address: ThrottleLimits;
  /** A key quiet this long is forgotten (its failures no longer count). */
  readonly forgetAfterMs: number;
  /** Keys kept at most; the least recently failed go first, so memory stays bounded. */
  readonly maxKeys: number;
}

export const defaultLoginThrottle: LoginThrottleOptions = {
  // Five typos in a row are human; a sixth starts the back-off.
  user: { freeFailures: 5, firstBlockMs: 1000, maxBlockMs: 15 * 60_000 },
  address: { freeFailures: 20, firstBlockMs: 1000, maxBlockMs: 15 * 60_000 },
  forgetAfterMs: 60 * 60_000,
  maxKeys: 10_000,
};

interface Entry {
  failures: number;
  lastFailureMs: number;
  blockedUntilMs: number;
}

export type ThrottleKind = 'user' | 'address';

/** A key that has just been blocked, for the caller to log and record once. */
export interface NewBlock {
  readonly kind: ThrottleKind;
  readonly value: string;
  readonly failures: number;
  readonly blockMs: number;
}

export class LoginThrottle {
  readonly #options: LoginThrottleOptions;
  readonly #now: () => number;
  // Insertion order is failure order: the first entry is the least recently failed.
  readonly #entries = new Map<string, Entry>();

  constructor(now: () => number, options: LoginThrottleOptions = defaultLoginThrottle) {
    this.#now = now;
    this.#options = options;
  }

  /** Milliseconds until a login as `user` from `address` may be tried; 0 when it may now. */
  retryAfterMs(user: string, address: string): number {
    const now = this.#now();
    const wait = (key: string): number => {
      const entry = this.#live(key, now);
      return entry === undefined ? 0 : Math.max(0, entry.blockedUntilMs - now);
    };
    return Math.max(wait(keyOf('user', user)), wait(keyOf('address', address)));
  }

  /** Counts a failed login; returns the keys this failure blocked (for the audit trail). */
  fail(user: string, address: string): NewBlock[] {
    const now = this.#now();
    const blocks: NewBlock[] = [];
    for (const [kind, value] of [
      ['user', user],
      ['address', address],
    ] as const) {
      const key = keyOf(kind, value);
      const entry = this.#live(key, now) ?? { failures: 0, lastFailureMs: now, blockedUntilMs: 0 };
      entry.failures += 1;
      entry.lastFailureMs = now;
      const limits = this.#options[kind];
      const past = entry.failures - limits.freeFailures;
      if (past > 0) {
        const blockMs = Math.min(
          limits.firstBlockMs * 2 ** Math.min(past - 1, 30),
          limits.maxBlockMs,
        );
        entry.blockedUntilMs = now + blockMs;
        blocks.push({ kind, value, failures: entry.failures, blockMs });
      }
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    while (this.#entries.size > this.#options.maxKeys) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
    return blocks;
  }

  /**
   * A right password clears the user's failures. The address keeps its own: one valid account
   * must not reset the budget for guessing at others from the same place.
   */
  succeed(user: string): void {
    this.#entries.delete(keyOf('user', user));
  }

  /** Keys held now (tests check the bound). */
  get size(): number {
    return this.#entries.size;
  }

  #live(key: string, now: number): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (now - entry.lastFailureMs > this.#options.forgetAfterMs && now >= entry.blockedUntilMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }
}

function keyOf(kind: ThrottleKind, value: string): string {
  return `${kind}\u0000${value}`;
}
