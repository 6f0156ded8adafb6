import { asError } from './errors.js';

/**
 * Runs every write of a store one after another, in the order they were asked for, with group
 * commit: writes that arrive while a commit is in flight are merged into the next one.
 *
 * Why serial: classic-level runs batches on a thread pool, so two concurrent `db.batch` calls
 * may commit in either order. Last-writer-wins needs commit order = sequence order = HLC order
 * on each node, and `applyRemote` must read versions and write without a local write slipping
 * in between. Group commit keeps the throughput that serialising would otherwise cost.
 */
export class WriteQueue<T> {
  private readonly commit: (items: readonly T[]) => Promise<void>;
  private readonly tasks: Task<T>[] = [];
  private running = false;
  private idleWaiters: (() => void)[] = [];

  /** `commit` writes one group atomically; it is never called twice at once. */
  constructor(commit: (items: readonly T[]) => Promise<void>) {
    this.commit = commit;
  }

  /**
   * Queues `item` in the open group (or a new one) and returns the group's promise, shared by
   * all its items: one allocation per group, not per write.
   */
  push(item: T): Promise<void> {
    const last = this.tasks[this.tasks.length - 1];
    if (last !== undefined && last.kind === 'group') {
      last.items.push(item);
      return last.promise;
    }
    const group = newGroup(item);
    this.tasks.push(group);
    this.pump();
    return group.promise;
  }

  /** Runs `fn` alone, after every write queued before it and before any queued after it. */
  exclusive<R>(fn: () => Promise<R>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.tasks.push({
        kind: 'exclusive',
        run: () => {
          try {
            return fn().then(resolve, reject);
          } catch (err) {
            reject(asError(err));
            return Promise.resolve();
          }
        },
      });
      this.pump();
    });
  }

  /** Resolves once every queued write has settled. */
  idle(): Promise<void> {
    if (!this.running && this.tasks.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    if (this.running) return;
    const task = this.tasks.shift();
    if (task === undefined) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const wake of waiters) wake();
      return;
    }
    this.running = true;
    const next = (): void => {
      this.running = false;
      this.pump();
    };
    this.start(task).then(next, next);
  }

  private start(task: Task<T>): Promise<void> {
    if (task.kind === 'exclusive') return task.run();
    // The group left `tasks` above, so pushes from here on open a new group.
    let done: Promise<void>;
    try {
      done = this.commit(task.items);
    } catch (err) {
      done = Promise.reject(asError(err));
    }
    return done.then(task.resolve, task.reject);
  }
}

interface Group<T> {
  readonly kind: 'group';
  readonly items: T[];
  readonly promise: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

interface Exclusive {
  readonly kind: 'exclusive';
  readonly run: () => Promise<void>;
}

type Task<T> = Group<T> | Exclusive;

function newGroup<T>(item: T): Group<T> {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { kind: 'group', items: [item], promise, resolve, reject };
}
