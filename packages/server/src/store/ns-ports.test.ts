import { describe, expect, it, vi } from 'vitest';
import { ReadCache } from './ns-ports.js';
import { memoryStore } from './testing/memory-store.js';

describe('ReadCache', () => {
  it('reads a key from the table once, then from memory', async () => {
    const db = await memoryStore();
    const table = db.table<{ n: number }>('nodes');
    await table.put('a', { n: 1 });
    const cache = new ReadCache(db, table);
    const get = vi.spyOn(table, 'get');
    const [first, second] = await Promise.all([cache.get('a'), cache.get('a')]);
    expect(first).toEqual({ n: 1 });
    expect(second).toEqual({ n: 1 });
    expect(await cache.get('a')).toEqual({ n: 1 });
    // Two concurrent misses shared one read; the third get came from memory.
    expect(get).toHaveBeenCalledTimes(1);
  });

  it('keeps a read of one key when other keys change meanwhile (a busy table still caches)', async () => {
    const db = await memoryStore();
    const table = db.table<{ n: number }>('nodes');
    await table.put('a', { n: 1 });
    const cache = new ReadCache(db, table);
    const reading = cache.get('a');
    await table.put('b', { n: 2 });
    expect(await reading).toEqual({ n: 1 });
    const get = vi.spyOn(table, 'get');
    expect(await cache.get('a')).toEqual({ n: 1 });
    expect(get).not.toHaveBeenCalled();
  });

  it('never caches a read that a change of its key overtook', async () => {
    const db = await memoryStore();
    const table = db.table<{ n: number }>('nodes');
    await table.put('a', { n: 1 });
    const cache = new ReadCache(db, table);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const realGet = table.get.bind(table);
    // The read sees the old value, and only returns after the delete committed.
    vi.spyOn(table, 'get').mockImplementationOnce(async (key) => {
      const value = await realGet(key);
      await gate;
      return value;
    });
    const reading = cache.get('a');
    await table.del('a');
    const afterDelete = cache.get('a');
    release();
    expect(await reading).toEqual({ n: 1 });
    expect(await afterDelete).toBeUndefined();
    expect(await cache.get('a')).toBeUndefined();
  });
});
