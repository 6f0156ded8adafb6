/**
 * Runs downlink work for one device at a time on this node, so a class A answer and a class C
 * send never read the same FCntDown. Keys are dropped once their queue drains.
 */
export class DeviceLock {
  readonly #tails = new Map<string, Promise<unknown>>();

  /** Runs `fn` after every earlier task of `key` has settled; resolves or rejects with it. */
  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(fn, fn);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** Devices with work running or waiting. */
  get size(): number {
    return this.#tails.size;
  }
}
