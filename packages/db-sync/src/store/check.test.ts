import { MemoryLevel } from 'memory-level';
import { describe, expect, it } from 'vitest';
import type { LevelDb } from '../level.js';
import { encodeSeq } from '../oplog/index.js';
import { checkConsistency } from './check.js';
import { rootSubs } from './keyspace.js';
import { storeInternals } from './level-store.js';
import { openStore } from './open.js';
import type { Store } from './api.js';

/**
 * A store with puts, a delete, a merged table and a peer's entries: a consistent one. Its log:
 * 1-3 the batch, 4 t/k1 again, 5 the delete of t/k2, 6 counters/c, 7-8 b's two entries.
 */
async function populated(): Promise<{ store: Store; db: LevelDb }> {
  const db: LevelDb = new MemoryLevel();
  const store = await openStore({
    db,
    nodeId: 'a',
    merges: { counters: (winner, loser) => Math.max(winner, loser) },
  });
  await store.batch([
    { table: 't', key: 'k1', value: { n: 1 } },
    { table: 't', key: 'k2', value: 'two' },
    { table: 'u', key: 'x', value: [1, 2] },
  ]);
  await store.table('t').put('k1', { n: 2 });
  await store.table('t').del('k2');
  await store.table('counters').put('c', 5);
  await store.table('local', { replicated: false }).append({ not: 'checked' });
  const peer = await openStore({ db: new MemoryLevel(), nodeId: 'b' });
  await peer.table('t').put('from-b', 'b');
  await peer.table('counters').put('c', 3);
  await store.applyRemote(await peer.oplog.readFrom(1));
  await peer.close();
  return { store, db };
}

describe('checkConsistency', () => {
  it('passes a store whose data, versions, oplog and head agree', async () => {
    const { store } = await populated();
    const report = await checkConsistency(store, { merged: ['counters'] });
    expect(report).toEqual({
      lastSeq: 8,
      trimmedSeq: 0,
      entries: 8,
      tables: 3,
      records: 5,
      recordsWithoutEntries: 0,
      problems: [],
    });
    await store.close();
  });

  // Each corruption below is a state no crash may leave: the check must name it.
  it.each([
    [
      'an entry missing from the middle of the log',
      async (store: Store) => {
        await rootSubs(storeInternals(store).db).oplog.del(encodeSeq(3));
      },
      /entry 4 where 3 was expected/,
    ],
    [
      'a head behind the log',
      async (store: Store) => {
        const { meta } = rootSubs(storeInternals(store).db);
        const head = JSON.parse((await meta.get('head')) as string) as { seq: number };
        await meta.put('head', JSON.stringify({ ...head, seq: 5 }));
      },
      /head: seq 5 but the oplog ends at 8/,
    ],
    [
      'a version that is not the newest entry',
      async (store: Store) => {
        const { versions } = storeInternals(store).tableSubs('t');
        await versions.put('k1', JSON.stringify({ h: '0000000000001-0000-a', o: 'a' }));
      },
      /t\/k1: version .* but newest entry 4/,
    ],
    [
      'a live version without its data',
      async (store: Store) => {
        await storeInternals(store).tableSubs('u').data.del('x');
      },
      /u\/x: version without data/,
    ],
    [
      'data that is not the newest entry value',
      async (store: Store) => {
        await storeInternals(store).tableSubs('t').data.put('k1', '{"n":1}');
      },
      /t\/k1: data differs from newest entry 4/,
    ],
    [
      'a tombstone with data',
      async (store: Store) => {
        await storeInternals(store).tableSubs('t').data.put('k2', '"two"');
      },
      /t\/k2: tombstone with data/,
    ],
    [
      'data of a replicated table without a version',
      async (store: Store) => {
        await storeInternals(store).tableSubs('u').data.put('stray', '1');
      },
      /u\/stray: data without a version/,
    ],
  ])('reports %s', async (_what, corrupt, expected) => {
    const { store } = await populated();
    await corrupt(store);
    const { problems } = await checkConsistency(store, { merged: ['counters'] });
    expect(problems).toContainEqual(expect.stringMatching(expected));
    await store.close();
  });

  it('counts version rows without entries (a join or a trim) instead of failing them', async () => {
    const { store } = await populated();
    await store.oplog.trim(4);
    const report = await checkConsistency(store, { merged: ['counters'] });
    expect(report).toMatchObject({ trimmedSeq: 4, entries: 4, problems: [] });
    // t/k1 (seq 4) and u/x (seq 3) now have no entry left; the rest were logged later.
    expect(report.recordsWithoutEntries).toBe(2);
    await store.close();
  });
});
