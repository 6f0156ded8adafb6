import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import type { Store } from '@lns/db-sync';
import { LogRepository } from './logs.js';
import { memoryStore } from './testing/memory-store.js';

interface Entry {
  readonly id: string;
  readonly tag: string;
}

async function setup(): Promise<{ db: Store; log: LogRepository<Entry> }> {
  const db = await memoryStore();
  const log = new LogRepository<Entry>({
    db,
    name: 'entries',
    indexed: { tag: (e) => [e.tag] },
    maxEntries: 100_000,
    log: pino({ level: 'silent' }),
  });
  await log.init();
  return { db, log };
}

const entry = (i: number): Entry => ({ id: `id${String(i).padStart(6, '0')}`, tag: `t${i % 3}` });

describe('LogRepository appends', () => {
  it('writes the appends of one event-loop turn as one batch', async () => {
    const { db, log } = await setup();
    const batch = vi.spyOn(db, 'batch');
    for (let i = 0; i < 50; i++) log.append(entry(i));
    expect(batch).not.toHaveBeenCalled();
    await new Promise((resolve) => setImmediate(resolve));
    expect(batch).toHaveBeenCalledTimes(1);
    // Each record and its one index key.
    expect(batch.mock.calls[0]![0]).toHaveLength(100);
    await log.flush();
    expect(log.size).toBe(50);
    expect((await log.list({ filter: { tag: 't1' } })).total).toBe(17);
  });

  it('writes at once when a turn gathers more than its bound, so memory stays bounded', async () => {
    const { db, log } = await setup();
    const batch = vi.spyOn(db, 'batch');
    for (let i = 0; i < 2500; i++) log.append(entry(i));
    // 2000 records x 2 operations reached the bound once.
    expect(batch).toHaveBeenCalledTimes(1);
    await log.flush();
    expect(batch).toHaveBeenCalledTimes(2);
    expect(log.size).toBe(2500);
  });

  it('flush writes what was gathered without waiting for the next turn', async () => {
    const { log } = await setup();
    log.append(entry(1));
    await log.flush();
    expect(log.size).toBe(1);
    expect(await log.get(entry(1).id)).toEqual(entry(1));
  });
});
