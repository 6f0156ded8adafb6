import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { encodeHlc } from '@lns/db-sync';
import type { ChangeListener } from '@lns/db-sync';
import { QueueIndex } from './queue-index.js';
import { memoryStore } from './testing/memory-store.js';

const log = pino({ level: 'silent' });
describe('QueueIndex', () => {
  it('answers undefined until loaded, then counts the items of each DevAddr', async () => {
    const db = await memoryStore();
    const table = db.table('queue');
    await table.put('26000001!a', { n: 1 });
    await table.put('26000001!b', { n: 2 });
    await table.put('26000002!a', { n: 3 });
    const index = new QueueIndex(db, table, log);
    expect(index.count('26000001')).toBeUndefined();
    await index.load();
    expect(index.count('26000001')).toBe(2);
    expect(index.count('26000002')).toBe(1);
    expect(index.count('26000003')).toBe(0);
  });

  it('follows local writes: a new item counts once, a rewrite does not count again', async () => {
    const db = await memoryStore();
    const table = db.table('queue');
    const index = new QueueIndex(db, table, log);
    await index.load();
    await table.put('26000001!a', { n: 1 });
    await table.put('26000001!a', { n: 1, rewritten: true });
    await table.put('26000001!b', { n: 2 });
    expect(index.count('26000001')).toBe(2);
    await table.del('26000001!a');
    expect(index.count('26000001')).toBe(1);
    await table.del('26000001!b');
    await table.del('26000001!b');
    expect(index.count('26000001')).toBe(0);
  });

  it('follows writes replicated from a peer', async () => {
    const db = await memoryStore();
    const table = db.table('queue');
    const index = new QueueIndex(db, table, log);
    await index.load();
    const hlc = encodeHlc({ wallMs: Date.now(), logical: 0, nodeId: 'n2' });
    await db.applyRemote([
      { table: 'queue', key: '26000009!x', value: { n: 1 }, hlc, origin: 'n2' },
    ]);
    expect(index.count('26000009')).toBe(1);
  });

  it('is exact when items come and go while it loads', async () => {
    const db = await memoryStore();
    const table = db.table('queue');
    for (let i = 0; i < 200; i++) await table.put(`26000001!${String(i).padStart(4, '0')}`, i);
    const index = new QueueIndex(db, table, log);
    const loading = index.load();
    // Issued while the load reads: each lands before or after its snapshot.
    const writes = [
      table.del('26000001!0000'),
      table.put('26000002!a', 1),
      table.put('26000002!b', 2),
      table.del('26000002!a'),
    ];
    await Promise.all([loading, ...writes]);
    expect(index.count('26000001')).toBe(199);
    expect(index.count('26000002')).toBe(1);
  });

  it('forgets everything when the database is replaced, and reads it again', async () => {
    const db = await memoryStore();
    const table = db.table('queue');
    await table.put('26000001!a', 1);
    const listeners: ChangeListener[] = [];
    const watched = {
      onChange: (listener: ChangeListener) => {
        listeners.push(listener);
        return db.onChange(listener);
      },
    };
    const index = new QueueIndex(watched, table, log);
    await index.load();
    await table.del('26000001!a');
    await table.put('26000005!a', 1);
    for (const listener of listeners) listener({ source: 'reset', ops: [] });
    expect(index.count('26000005')).toBeUndefined();
    await index.load();
    expect(index.count('26000005')).toBe(1);
    expect(index.count('26000001')).toBe(0);
  });
});
