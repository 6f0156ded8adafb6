import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { MemoryLevel } from 'memory-level';
import { afterEach, describe, expect, it } from 'vitest';
import type { LevelDb } from '../level.js';
import { openStore } from './index.js';
import type { Store } from './index.js';
import { describeStore } from '../test/store-suite.js';
import type { StoreBackend } from '../test/store-suite.js';

describeStore('memory-level', () => {
  // A MemoryLevel keeps its data across close and open, so "reopen" is a new store on it.
  const db: LevelDb = new MemoryLevel();
  const backend: StoreBackend = {
    db,
    open: (options) => openStore({ db, ...options }),
    dispose: () => db.close(),
  };
  return Promise.resolve(backend);
});

describeStore('classic-level', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lns-db-sync-'));
  let db: LevelDb | undefined;
  const backend: StoreBackend = {
    get db(): LevelDb {
      if (db === undefined) throw new Error('no store opened yet');
      return db;
    },
    // A fresh ClassicLevel on the same directory each time: the same as a process restart.
    open: async (options) => {
      await db?.close();
      db = new ClassicLevel<string, string>(dir);
      return openStore({ db, ...options });
    },
    dispose: async () => {
      await db?.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return backend;
});

describe('openStore on a directory', () => {
  const dirs: string[] = [];
  const stores: Store[] = [];

  async function tempDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'lns-db-sync-'));
    dirs.push(dir);
    return dir;
  }

  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('creates missing parent directories and persists across close and open', async () => {
    const location = join(await tempDir(), 'nested', 'deeper', 'db');
    const first = await openStore({ location, nodeId: 'node-a', now: () => 1_000 });
    await first.table('t').put('k', { v: 1 });
    await first.close();
    expect((await stat(location)).isDirectory()).toBe(true);
    const second = await openStore({ location, nodeId: 'node-a', now: () => 1_000 });
    stores.push(second);
    expect(await second.table('t').get('k')).toEqual({ v: 1 });
    expect(second.oplog.lastSeq).toBe(1);
  });

  it('refuses a second open of the same directory with SYNC_LOCKED naming it', async () => {
    const location = await tempDir();
    const first = await openStore({ location, nodeId: 'node-a' });
    stores.push(first);
    const second = openStore({ location, nodeId: 'node-b' });
    await expect(second).rejects.toMatchObject({
      name: 'SyncError',
      code: 'SYNC_LOCKED',
      details: { location },
    });
    await expect(second).rejects.toThrow(location);
    await first.table('t').put('still', 'works');
    await first.close();
    const third = await openStore({ location, nodeId: 'node-a' });
    stores.push(third);
    expect(await third.table('t').get('still')).toBe('works');
  });

  it.each([
    ['neither db nor location', { nodeId: 'a' }, 'SYNC_INVALID_OPTIONS'],
    [
      'both db and location',
      { nodeId: 'a', db: new MemoryLevel(), location: '/x' },
      'SYNC_INVALID_OPTIONS',
    ],
    ['a bad node id', { nodeId: 'a b', db: new MemoryLevel() }, 'SYNC_INVALID_NODE_ID'],
  ])('rejects %s', async (_what, options, code) => {
    await expect(openStore(options)).rejects.toMatchObject({ code });
  });

  it('leaves a database it was given open on close', async () => {
    const db = new MemoryLevel();
    const store = await openStore({ db, nodeId: 'node-a' });
    await store.close();
    expect(db.status).toBe('open');
    await db.close();
  });
});
