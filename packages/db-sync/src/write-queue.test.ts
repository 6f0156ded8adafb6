import { describe, expect, it } from 'vitest';
import { WriteQueue } from './write-queue.js';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('WriteQueue', () => {
  it('commits the first write at once and groups the ones that arrive meanwhile', async () => {
    const groups: number[][] = [];
    const gates = [deferred(), deferred()];
    const queue = new WriteQueue<number>((items) => {
      groups.push([...items]);
      return gates[groups.length - 1]!.promise;
    });
    const done = [1, 2, 3, 4].map((n) => queue.push(n));
    expect(groups).toEqual([[1]]);
    gates[0]!.resolve();
    await done[0];
    await new Promise((resolve) => setImmediate(resolve));
    expect(groups).toEqual([[1], [2, 3, 4]]);
    gates[1]!.resolve();
    await Promise.all(done);
  });

  it('runs an exclusive task between the groups queued before and after it', async () => {
    const log: string[] = [];
    const queue = new WriteQueue<string>((items) => {
      log.push(`commit ${items.join(',')}`);
      return Promise.resolve();
    });
    const a = queue.push('a');
    const b = queue.push('b');
    const x = queue.exclusive(() => {
      log.push('exclusive');
      return Promise.resolve(42);
    });
    const c = queue.push('c');
    await Promise.all([a, b, c]);
    expect(await x).toBe(42);
    expect(log).toEqual(['commit a', 'commit b', 'exclusive', 'commit c']);
  });

  it('fails only the group whose commit failed and goes on', async () => {
    let calls = 0;
    const queue = new WriteQueue<string>(() => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error('disk full')) : Promise.resolve();
    });
    const first = queue.push('a');
    const second = queue.push('b');
    await expect(first).rejects.toThrow('disk full');
    await expect(second).resolves.toBeUndefined();
  });

  it('turns a synchronous throw of the commit into a rejection', async () => {
    const queue = new WriteQueue<string>(() => {
      throw new Error('bug');
    });
    await expect(queue.push('a')).rejects.toThrow('bug');
    await expect(queue.exclusive(() => Promise.resolve(1))).resolves.toBe(1);
  });

  it('resolves idle once everything queued has settled', async () => {
    const gate = deferred();
    const queue = new WriteQueue<string>(() => gate.promise);
    const write = queue.push('a');
    let idle = false;
    const waiting = queue.idle().then(() => (idle = true));
    await Promise.resolve();
    expect(idle).toBe(false);
    gate.resolve();
    await Promise.all([write, waiting]);
    expect(idle).toBe(true);
    await expect(queue.idle()).resolves.toBeUndefined();
  });
});
