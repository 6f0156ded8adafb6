import { describe, expect, it } from 'vitest';
import { DeviceLock } from './device-lock.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('DeviceLock', () => {
  it('runs tasks of one key one after the other, in order', async () => {
    const lock = new DeviceLock();
    const order: string[] = [];
    const gate = deferred();
    const first = lock.run('a', async () => {
      order.push('first start');
      await gate.promise;
      order.push('first end');
    });
    const second = lock.run('a', () => {
      order.push('second');
      return Promise.resolve();
    });
    await Promise.resolve();
    expect(order).toEqual(['first start']);
    gate.resolve();
    await Promise.all([first, second]);
    expect(order).toEqual(['first start', 'first end', 'second']);
  });

  it('does not hold other keys back', async () => {
    const lock = new DeviceLock();
    const gate = deferred();
    const blocked = lock.run('a', () => gate.promise);
    await expect(lock.run('b', () => Promise.resolve(42))).resolves.toBe(42);
    gate.resolve();
    await blocked;
  });

  it('keeps going after a task rejects and forgets drained keys', async () => {
    const lock = new DeviceLock();
    const failing = lock.run('a', () => Promise.reject(new Error('boom')));
    const next = lock.run('a', () => Promise.resolve('ok'));
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
    await new Promise((r) => setImmediate(r));
    expect(lock.size).toBe(0);
  });
});
