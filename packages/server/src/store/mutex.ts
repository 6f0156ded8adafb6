/**
 * Runs async work one at a time per key. Repositories check-then-write (duplicate ids,
 * DevNonce reuse, read-modify-write of a PUT); on one node these must not interleave.
 */
export class KeyedMutex {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<R>(key: string, fn: () => Promise<R>): Promise<R> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(() => fn());
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
}
