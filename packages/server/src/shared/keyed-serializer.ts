/**
 * Runs tasks with the same key one after another, tasks of other keys concurrently. Used
 * wherever a read-modify-write must not interleave on one node: two uplinks of one device
 * (one would undo the other's counter update), a class A answer and a class C send (same
 * FCntDown), and the repositories' check-then-write. Keys are dropped once their queue drains.
 */
export class KeyedSerializer {
  readonly #tails = new Map<string, Promise<void>>();

  /** Runs `task` once every earlier task with this key has settled. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
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

  /** Keys with a task queued or running. */
  get size(): number {
    return this.#tails.size;
  }
}
