/**
 * Conformance suite for the store, run on every abstract-level backend (as abstract-level's own
 * test suite is): every behaviour the server and replication rely on is asserted here once.
 * Over 400 lines because it is that one list, grouped by describe blocks; splitting it would
 * make each backend's test file register several suites that must be kept in step.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Clock } from '../clock.js';
import { manualClock } from './manual-clock.js';
import type { ManualClock } from './manual-clock.js';
import { compareHlc, decodeHlc } from '../hlc.js';
import type { LevelDb } from '../level.js';
import type { OplogEntry } from '../oplog/index.js';
import type { OpenStoreOptions, Store } from '../store/index.js';
import type { Logger } from '../logger.js';
import { CapturingLogger } from './capturing-logger.js';
import { maxCounter } from './counter.js';
import type { Counter } from './counter.js';
import type { ChangeEvent, WriteOp } from '../types.js';

/** One database under test; `open` may be called again after the store was closed. */
export interface StoreBackend {
  /** Opens a store on this backend's data, reopening the database like a restart would. */
  open(options: {
    nodeId: string;
    now?: Clock['now'];
    log?: Logger;
    merges?: OpenStoreOptions['merges'];
  }): Promise<Store>;
  /** The database under the store opened last, for fault injection. */
  readonly db: LevelDb;
  /** Closes what is open and deletes the data. */
  dispose(): Promise<void>;
}

/** Makes a new, empty backend. */
export type StoreBackendFactory = () => Promise<StoreBackend>;

/** Small deterministic PRNG (mulberry32) so shuffles are random but reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function readAll(store: Store): Promise<OplogEntry[]> {
  return store.oplog.readFrom(store.oplog.trimmedSeq + 1, 100_000);
}

/** Registers the conformance tests for one backend. */
export function describeStore(name: string, factory: StoreBackendFactory): void {
  describe(`store on ${name}`, () => {
    const backends: StoreBackend[] = [];
    const stores: Store[] = [];

    async function backend(): Promise<StoreBackend> {
      const made = await factory();
      backends.push(made);
      return made;
    }

    async function open(
      nodeId = 'node-a',
      clock: ManualClock = manualClock(),
      on?: StoreBackend,
      merges?: OpenStoreOptions['merges'],
    ): Promise<{ store: Store; backend: StoreBackend; clock: ManualClock }> {
      const b = on ?? (await backend());
      const store = await b.open({ nodeId, now: clock.now, merges });
      stores.push(store);
      return { store, backend: b, clock };
    }

    afterEach(async () => {
      vi.restoreAllMocks();
      for (const store of stores.splice(0)) await store.close();
      for (const b of backends.splice(0)) await b.dispose();
    });

    describe('tables', () => {
      it('puts, gets, checks and deletes a key', async () => {
        const { store } = await open();
        const devices = store.table<{ name: string; n: number }>('devices');
        expect(await devices.get('d1')).toBeUndefined();
        expect(await devices.has('d1')).toBe(false);
        await devices.put('d1', { name: 'one', n: 1 });
        expect(await devices.get('d1')).toEqual({ name: 'one', n: 1 });
        expect(await devices.has('d1')).toBe(true);
        await devices.del('d1');
        expect(await devices.get('d1')).toBeUndefined();
        expect(await devices.has('d1')).toBe(false);
      });

      it('stores JSON values of every shape', async () => {
        const { store } = await open();
        const t = store.table('values');
        const values: [string, unknown][] = [
          ['null', null],
          ['zero', 0],
          ['empty', ''],
          ['false', false],
          ['array', [1, 'two', { three: [3] }]],
          ['nested', { a: { b: { c: 'ü€😀' } } }],
        ];
        await store.batch(values.map(([key, value]) => ({ table: 'values', key, value })));
        for (const [key, value] of values) expect(await t.get(key)).toEqual(value);
      });

      it('returns getMany in the order asked, undefined for missing keys', async () => {
        const { store } = await open();
        const t = store.table<number>('t');
        await store.batch([
          { table: 't', key: 'a', value: 1 },
          { table: 't', key: 'c', value: 3 },
        ]);
        expect(await t.getMany(['c', 'b', 'a'])).toEqual([3, undefined, 1]);
        expect(await t.getMany([])).toEqual([]);
      });

      it('keeps tables apart', async () => {
        const { store } = await open();
        await store.table('a').put('k', 'in a');
        await store.table('b').put('k', 'in b');
        expect(await store.table('a').get('k')).toBe('in a');
        expect(await store.table('b').get('k')).toBe('in b');
        expect(await store.table('a').count()).toBe(1);
      });

      it('returns the same handle for the same name', async () => {
        const { store } = await open();
        expect(store.table('t')).toBe(store.table('t'));
      });

      describe('list', () => {
        const keys = ['a', 'ab', 'abc', 'abd', 'b', 'ba', 'c'];
        async function filled(): Promise<Store> {
          const { store } = await open();
          await store.batch(keys.map((key) => ({ table: 'l', key, value: key.toUpperCase() })));
          return store;
        }
        async function listKeys(store: Store, query: object): Promise<string[]> {
          return (await store.table('l').list(query)).map((e) => e.key);
        }

        it('lists everything in key order with values', async () => {
          const store = await filled();
          expect(await store.table('l').list()).toEqual(
            keys.map((key) => ({ key, value: key.toUpperCase() })),
          );
        });

        it.each([
          [{ gt: 'ab' }, ['abc', 'abd', 'b', 'ba', 'c']],
          [{ gte: 'ab', lt: 'b' }, ['ab', 'abc', 'abd']],
          [{ lte: 'ab' }, ['a', 'ab']],
          [{ prefix: 'ab' }, ['ab', 'abc', 'abd']],
          [{ prefix: 'ab', gt: 'ab' }, ['abc', 'abd']],
          [{ prefix: 'b', reverse: true }, ['ba', 'b']],
          [{ limit: 2 }, ['a', 'ab']],
          [{ limit: 2, reverse: true }, ['c', 'ba']],
          [{ gt: 'a', lt: 'c', reverse: true, limit: 3 }, ['ba', 'b', 'abd']],
          [{ limit: 0 }, []],
          [{ prefix: 'zz' }, []],
        ])('lists %j', async (query, expected) => {
          expect(await listKeys(await filled(), query)).toEqual(expected);
        });

        it('counts all keys or a range', async () => {
          const store = await filled();
          expect(await store.table('l').count()).toBe(keys.length);
          expect(await store.table('l').count({ prefix: 'ab' })).toBe(3);
        });
      });

      it('iterates a big table in order, in chunks, and stops early on break', async () => {
        const { store } = await open();
        const t = store.table<number>('big');
        const total = 1_234;
        const ops: WriteOp[] = [];
        for (let i = 0; i < total; i += 1) {
          ops.push({ table: 'big', key: String(i).padStart(5, '0'), value: i });
        }
        await store.batch(ops);
        let expected = 0;
        for await (const entry of t.iterate()) {
          expect(entry).toEqual({ key: String(expected).padStart(5, '0'), value: expected });
          expected += 1;
        }
        expect(expected).toBe(total);
        const firstThreeReversed: number[] = [];
        for await (const entry of t.iterate({ reverse: true })) {
          firstThreeReversed.push(entry.value);
          if (firstThreeReversed.length === 3) break;
        }
        expect(firstThreeReversed).toEqual([1_233, 1_232, 1_231]);
        expect(await t.count()).toBe(total);
      });

      it.each([
        ['an undefined value', { table: 't', key: 'k', value: undefined }, 'SYNC_INVALID_VALUE'],
        ['a bigint value', { table: 't', key: 'k', value: 1n }, 'SYNC_INVALID_VALUE'],
        ['an empty key', { table: 't', key: '', value: 1 }, 'SYNC_INVALID_KEY'],
        [
          'a non-string key',
          { table: 't', key: 7 as unknown as string, value: 1 },
          'SYNC_INVALID_KEY',
        ],
        ['a bad table name', { table: 'a!b', key: 'k', value: 1 }, 'SYNC_INVALID_TABLE'],
        ['an empty table name', { table: '', key: 'k', value: 1 }, 'SYNC_INVALID_TABLE'],
      ])('rejects %s and writes nothing of the batch', async (_what, bad, code) => {
        const { store } = await open();
        const ok = { table: 't', key: 'ok', value: 1 };
        await expect(store.batch([ok, bad as WriteOp])).rejects.toMatchObject({ code });
        expect(await store.table('t').get('ok')).toBeUndefined();
        expect(store.oplog.lastSeq).toBe(0);
      });
    });

    describe('batch and oplog', () => {
      it('logs every replicated operation with seq, table, key, value, hlc and origin', async () => {
        const { store, clock } = await open('node-a');
        await store.batch([
          { table: 'devices', key: 'd1', value: { n: 1 } },
          { table: 'devices', key: 'd2', value: { n: 2 } },
        ]);
        clock.advance(5);
        await store.table('devices').del('d1');
        await store.table('gateways').put('g1', 'gw');
        const entries = await store.oplog.readFrom(1);
        expect(entries.map(({ hlc: _hlc, ...rest }) => rest)).toEqual([
          { seq: 1, table: 'devices', key: 'd1', value: { n: 1 }, origin: 'node-a' },
          { seq: 2, table: 'devices', key: 'd2', value: { n: 2 }, origin: 'node-a' },
          { seq: 3, table: 'devices', key: 'd1', deleted: true, origin: 'node-a' },
          { seq: 4, table: 'gateways', key: 'g1', value: 'gw', origin: 'node-a' },
        ]);
        expect(store.oplog.lastSeq).toBe(4);
        // The stream's reader: the same entries, each value as its stored JSON text.
        expect(await store.oplog.readRawFrom(1)).toEqual(
          entries.map(({ value, deleted, ...rest }) => ({
            ...rest,
            json: deleted === true ? null : JSON.stringify(value),
          })),
        );
        expect(decodeHlc(entries[2]!.hlc).wallMs).toBe(decodeHlc(entries[0]!.hlc).wallMs + 5);
        expect(entries.map((e) => decodeHlc(e.hlc).nodeId)).toEqual(Array(4).fill('node-a'));
      });

      it('pages with readFrom(seq, limit) and returns nothing past the end', async () => {
        const { store } = await open();
        for (let i = 1; i <= 5; i += 1) await store.table('t').put(`k${i}`, i);
        expect((await store.oplog.readFrom(2, 2)).map((e) => e.seq)).toEqual([2, 3]);
        expect((await store.oplog.readFrom(0, 1)).map((e) => e.seq)).toEqual([1]);
        expect(await store.oplog.readFrom(6)).toEqual([]);
        await expect(store.oplog.readFrom(1, 0)).rejects.toMatchObject({
          code: 'SYNC_INVALID_QUERY',
        });
      });

      it('hands out strictly increasing HLCs even when the wall clock stalls or goes back', async () => {
        const { store, clock } = await open();
        const t = store.table('t');
        await t.put('a', 1);
        await t.put('b', 2);
        clock.advance(-60_000);
        await t.put('c', 3);
        await store.batch([
          { table: 't', key: 'd', value: 4 },
          { table: 't', key: 'e', value: 5 },
        ]);
        const stamps = (await readAll(store)).map((e) => e.hlc);
        expect(stamps).toHaveLength(5);
        for (let i = 1; i < stamps.length; i += 1) {
          expect(compareHlc(decodeHlc(stamps[i]!), decodeHlc(stamps[i - 1]!))).toBe(1);
        }
      });

      it('commits concurrent writes in call order, grouped into few LevelDB batches', async () => {
        const { store, backend } = await open();
        const spy = vi.spyOn(backend.db, 'batch');
        const t = store.table<number>('t');
        await Promise.all(Array.from({ length: 200 }, (_, i) => t.put('same', i)));
        expect(await t.get('same')).toBe(199);
        const entries = await readAll(store);
        expect(entries.map((e) => e.value)).toEqual(Array.from({ length: 200 }, (_, i) => i));
        expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
        expect(spy.mock.calls.length).toBeLessThan(10);
      });

      it('is all or nothing when LevelDB fails, and the next batch takes the next seq', async () => {
        const { store, backend } = await open();
        await store.table('t').put('before', 0);
        vi.spyOn(backend.db, 'batch').mockImplementationOnce((() =>
          Promise.reject(new Error('disk full'))) as never);
        await expect(
          store.batch([
            { table: 't', key: 'x', value: 1 },
            { table: 't', key: 'before', deleted: true },
          ]),
        ).rejects.toMatchObject({ code: 'SYNC_WRITE_FAILED' });
        expect(await store.table('t').get('x')).toBeUndefined();
        expect(await store.table('t').get('before')).toBe(0);
        expect(store.oplog.lastSeq).toBe(1);
        expect((await readAll(store)).map((e) => e.key)).toEqual(['before']);
        await store.table('t').put('after', 2);
        expect((await readAll(store)).map((e) => [e.seq, e.key])).toEqual([
          [1, 'before'],
          [2, 'after'],
        ]);
      });

      it('trims the oplog without touching data, and says when a reader fell behind', async () => {
        const { store } = await open();
        for (let i = 1; i <= 5; i += 1) await store.table('t').put(`k${i}`, i);
        expect(await store.oplog.trim(3)).toBe(3);
        expect(store.oplog.trimmedSeq).toBe(3);
        expect(store.oplog.lastSeq).toBe(5);
        await expect(store.oplog.readFrom(3)).rejects.toMatchObject({
          code: 'SYNC_OPLOG_TRIMMED',
          details: { fromSeq: 3, trimmedSeq: 3 },
        });
        expect((await store.oplog.readFrom(4)).map((e) => e.seq)).toEqual([4, 5]);
        expect(await store.table('t').count()).toBe(5);
        expect(await store.oplog.trim(2)).toBe(3);
        expect(await store.oplog.trim(99)).toBe(5);
        expect(await store.oplog.readFrom(6)).toEqual([]);
        await store.table('t').put('k6', 6);
        expect((await store.oplog.readFrom(6)).map((e) => e.seq)).toEqual([6]);
      });
    });

    describe('applyRemote', () => {
      it('applies newer entries, keeps their origin and hlc, and logs them under local seqs', async () => {
        const a = await open('node-a', manualClock(1_000));
        const b = await open('node-b', manualClock(2_000));
        await a.store.table('t').put('k', 'from a');
        const [entry] = await readAll(a.store);
        await b.store.table('t').put('other', 'b');
        expect(await b.store.applyRemote([{ ...entry!, seq: 99 }])).toEqual({
          applied: 1,
          skipped: 0,
        });
        expect(await b.store.table('t').get('k')).toBe('from a');
        const logged = await b.store.oplog.readFrom(2);
        expect(logged).toEqual([{ ...entry!, seq: 2 }]);
        expect(await b.store.table('t').version('k')).toEqual({
          hlc: entry!.hlc,
          origin: 'node-a',
          deleted: false,
        });
      });

      it('is idempotent: the same entries again change nothing', async () => {
        const a = await open('node-a');
        const b = await open('node-b');
        await a.store.batch([
          { table: 't', key: 'x', value: 1 },
          { table: 't', key: 'y', value: 2 },
        ]);
        await a.store.table('t').del('x');
        const entries = await readAll(a.store);
        expect(await b.store.applyRemote(entries)).toEqual({ applied: 2, skipped: 1 });
        const seqAfterFirst = b.store.oplog.lastSeq;
        const digest = await b.store.digest('t');
        const events: ChangeEvent[] = [];
        b.store.onChange((e) => events.push(e));
        expect(await b.store.applyRemote(entries)).toEqual({ applied: 0, skipped: 3 });
        expect(await b.store.applyRemote(await readAll(b.store))).toEqual({
          applied: 0,
          skipped: 2,
        });
        expect(b.store.oplog.lastSeq).toBe(seqAfterFirst);
        expect(await b.store.digest('t')).toBe(digest);
        expect(events).toEqual([]);
      });

      it('does not take back its own entries that a peer served onward', async () => {
        const a = await open('node-a');
        const b = await open('node-b');
        await a.store.table('t').put('k', 1);
        await b.store.applyRemote(await readAll(a.store));
        expect(await a.store.applyRemote(await readAll(b.store))).toEqual({
          applied: 0,
          skipped: 1,
        });
        expect(a.store.oplog.lastSeq).toBe(1);
      });

      it('keeps the newer local value against an older remote put', async () => {
        const early = await open('node-a', manualClock(1_000));
        const late = await open('node-b', manualClock(9_000));
        await early.store.table('t').put('k', 'old');
        await late.store.table('t').put('k', 'new');
        expect(await late.store.applyRemote(await readAll(early.store))).toEqual({
          applied: 0,
          skipped: 1,
        });
        expect(await late.store.table('t').get('k')).toBe('new');
        expect(await early.store.applyRemote(await readAll(late.store))).toEqual({
          applied: 1,
          skipped: 0,
        });
        expect(await early.store.table('t').get('k')).toBe('new');
      });

      it('breaks equal wall time and counter by origin', async () => {
        const a = await open('node-a', manualClock(5_000));
        const b = await open('node-b', manualClock(5_000));
        await a.store.table('t').put('k', 'a');
        await b.store.table('t').put('k', 'b');
        const [fromA] = await readAll(a.store);
        const [fromB] = await readAll(b.store);
        expect(fromA!.hlc.slice(0, 18)).toBe(fromB!.hlc.slice(0, 18));
        await a.store.applyRemote([fromB!]);
        await b.store.applyRemote([fromA!]);
        expect(await a.store.table('t').get('k')).toBe('b');
        expect(await b.store.table('t').get('k')).toBe('b');
      });

      it('keeps a tombstone so a late older put does not resurrect the key', async () => {
        const a = await open('node-a', manualClock(1_000));
        const c = await open('node-c', manualClock(1_000));
        await a.store.table('t').put('k', 'v1');
        const [put] = await readAll(a.store);
        a.clock.advance(10);
        await a.store.table('t').del('k');
        const [, del] = await readAll(a.store);
        expect(await c.store.applyRemote([del!])).toEqual({ applied: 1, skipped: 0 });
        expect(await c.store.table('t').version('k')).toEqual({
          hlc: del!.hlc,
          origin: 'node-a',
          deleted: true,
        });
        expect(await c.store.applyRemote([put!])).toEqual({ applied: 0, skipped: 1 });
        expect(await c.store.table('t').get('k')).toBeUndefined();
        expect(await c.store.table('t').has('k')).toBe(false);
      });

      it('takes only the newest of several entries for one key in one call', async () => {
        const a = await open('node-a');
        const b = await open('node-b');
        for (let i = 0; i < 3; i += 1) {
          await a.store.table('t').put('k', i);
          a.clock.advance(1);
        }
        const entries = await readAll(a.store);
        expect(await b.store.applyRemote([...entries].reverse())).toEqual({
          applied: 1,
          skipped: 2,
        });
        expect(await b.store.table('t').get('k')).toBe(2);
      });

      it('advances the clock so a later local write wins over what it received', async () => {
        const ahead = await open('node-z', manualClock(50_000));
        const behind = await open('node-a', manualClock(1_000));
        await ahead.store.table('t').put('k', 'remote');
        await behind.store.applyRemote(await readAll(ahead.store));
        await behind.store.table('t').put('k', 'local');
        const [, local] = await readAll(behind.store);
        const [remote] = await readAll(ahead.store);
        expect(compareHlc(decodeHlc(local!.hlc), decodeHlc(remote!.hlc))).toBe(1);
        await ahead.store.applyRemote([local!]);
        expect(await ahead.store.table('t').get('k')).toBe('local');
      });

      it.each([
        ['an invalid hlc', { hlc: 'nope' }, 'SYNC_INVALID_HLC'],
        ['an invalid origin', { origin: 'no spaces' }, 'SYNC_INVALID_ENTRY'],
        ['a missing value', { value: undefined }, 'SYNC_INVALID_VALUE'],
        ['an invalid key', { key: '' }, 'SYNC_INVALID_KEY'],
        ['a local table', { table: 'frames' }, 'SYNC_INVALID_TABLE'],
      ])('rejects a call with %s and applies none of it', async (_what, patch, code) => {
        const a = await open('node-a');
        const b = await open('node-b');
        b.store.table('frames', { replicated: false });
        await a.store.batch([
          { table: 't', key: 'good', value: 1 },
          { table: 't', key: 'bad', value: 2 },
        ]);
        const [good, bad] = await readAll(a.store);
        await expect(b.store.applyRemote([good!, { ...bad!, ...patch }])).rejects.toMatchObject({
          code,
        });
        expect(await b.store.table('t').get('good')).toBeUndefined();
        expect(b.store.oplog.lastSeq).toBe(0);
      });

      it('converges from any delivery order and chunking to the last writer per key', async () => {
        for (const seed of [1, 2, 3]) {
          const random = seededRandom(seed);
          const nodes = await Promise.all(
            ['node-a', 'node-b', 'node-c'].map((id) => open(id, manualClock(10_000))),
          );
          const keys = ['k0', 'k1', 'k2', 'k3', 'k4'];
          for (let step = 0; step < 40; step += 1) {
            const node = nodes[Math.floor(random() * nodes.length)]!;
            // Small, sometimes zero, clock moves make equal wall times common.
            node.clock.advance(Math.floor(random() * 3));
            const key = keys[Math.floor(random() * keys.length)]!;
            if (random() < 0.25) await node.store.table('t').del(key);
            else await node.store.table('t').put(key, { step, by: node.store.nodeId });
          }
          const logs = await Promise.all(nodes.map((n) => readAll(n.store)));
          // What last-writer-wins must give: per key, the entry with the greatest (hlc, origin).
          const expected = new Map<string, OplogEntry>();
          for (const entry of logs.flat()) {
            const seen = expected.get(entry.key);
            if (seen === undefined || entry.hlc > seen.hlc) expected.set(entry.key, entry);
          }
          for (const [i, node] of nodes.entries()) {
            const incoming = shuffle(logs.filter((_, j) => j !== i).flat(), random);
            while (incoming.length > 0) {
              await node.store.applyRemote(incoming.splice(0, 1 + Math.floor(random() * 4)));
            }
          }
          const model = [...expected.values()]
            .filter((e) => e.deleted !== true)
            .sort((x, y) => (x.key < y.key ? -1 : 1))
            .map((e) => ({ key: e.key, value: e.value }));
          const digests = new Set<string>();
          for (const node of nodes) {
            expect(await node.store.table('t').list()).toEqual(model);
            digests.add(await node.store.digest('t'));
          }
          expect(digests.size).toBe(1);
          // Entries served onward by a third node change nothing more.
          const positions = nodes.map((n) => n.store.oplog.lastSeq);
          for (const node of nodes) {
            for (const other of nodes) {
              if (other === node) continue;
              const result = await node.store.applyRemote(await readAll(other.store));
              expect(result.applied).toBe(0);
            }
          }
          expect(nodes.map((n) => n.store.oplog.lastSeq)).toEqual(positions);
          for (const node of nodes) expect(await node.store.digest('t')).toBe([...digests][0]);
          for (const n of nodes) await n.store.close();
        }
      });
    });

    describe('merge', () => {
      const merges = { s: maxCounter };

      function openMerging(nodeId: string, clock: ManualClock): ReturnType<typeof open> {
        return open(nodeId, clock, undefined, merges);
      }

      it('stores merge(incoming, stored) when the incoming put wins', async () => {
        const old = await openMerging('node-a', manualClock(1_000));
        const late = await openMerging('node-b', manualClock(9_000));
        const receiver = await openMerging('node-c', manualClock(9_000));
        await old.store.table<Counter>('s').put('k', { by: 'a', fCnt: 10 });
        await late.store.table<Counter>('s').put('k', { by: 'b', fCnt: 5 });
        await receiver.store.applyRemote(await readAll(old.store));
        const [newer] = await readAll(late.store);
        expect(await receiver.store.applyRemote([newer!])).toEqual({ applied: 1, skipped: 0 });
        expect(await receiver.store.table('s').get('k')).toEqual({ by: 'b', fCnt: 10 });
        expect(await receiver.store.table('s').version('k')).toEqual({
          hlc: newer!.hlc,
          origin: 'node-b',
          deleted: false,
        });
        const logged = await receiver.store.oplog.readFrom(2);
        expect(logged).toEqual([{ ...newer!, seq: 2, value: { by: 'b', fCnt: 10 } }]);
      });

      it('merges a losing put into the stored value in place: same version, digest, log', async () => {
        const old = await openMerging('node-a', manualClock(1_000));
        const late = await openMerging('node-b', manualClock(9_000));
        await old.store.table<Counter>('s').put('k', { by: 'a', fCnt: 10 });
        await late.store.table<Counter>('s').put('k', { by: 'b', fCnt: 5 });
        const version = await late.store.table('s').version('k');
        const digest = await late.store.digest('s');
        const seq = late.store.oplog.lastSeq;
        const events: ChangeEvent[] = [];
        late.store.onChange((e) => events.push(e));
        expect(await late.store.applyRemote(await readAll(old.store))).toEqual({
          applied: 1,
          skipped: 0,
        });
        expect(await late.store.table('s').get('k')).toEqual({ by: 'b', fCnt: 10 });
        expect(await late.store.table('s').version('k')).toEqual(version);
        expect(await late.store.digest('s')).toBe(digest);
        expect(late.store.oplog.lastSeq).toBe(seq);
        expect(events).toEqual([
          {
            source: 'remote',
            ops: [
              {
                table: 's',
                key: 'k',
                deleted: false,
                value: { by: 'b', fCnt: 10 },
                hlc: version!.hlc,
                origin: 'node-b',
              },
            ],
          },
        ]);
      });

      it('writes nothing when merging a losing put leaves the stored value as it is', async () => {
        const old = await openMerging('node-a', manualClock(1_000));
        const late = await openMerging('node-b', manualClock(9_000));
        await old.store.table<Counter>('s').put('k', { by: 'a', fCnt: 3 });
        await late.store.table<Counter>('s').put('k', { by: 'b', fCnt: 5 });
        const events: ChangeEvent[] = [];
        late.store.onChange((e) => events.push(e));
        expect(await late.store.applyRemote(await readAll(old.store))).toEqual({
          applied: 0,
          skipped: 1,
        });
        expect(await late.store.table('s').get('k')).toEqual({ by: 'b', fCnt: 5 });
        expect(events).toEqual([]);
      });

      it('is idempotent: entries applied again change nothing', async () => {
        const a = await openMerging('node-a', manualClock(1_000));
        const b = await openMerging('node-b', manualClock(2_000));
        const c = await openMerging('node-c', manualClock(3_000));
        await a.store.table<Counter>('s').put('k', { by: 'a', fCnt: 9 });
        await b.store.table<Counter>('s').put('k', { by: 'b', fCnt: 2 });
        const entries = [...(await readAll(b.store)), ...(await readAll(a.store))];
        await c.store.applyRemote(entries);
        expect(await c.store.table('s').get('k')).toEqual({ by: 'b', fCnt: 9 });
        const digest = await c.store.digest('s');
        const events: ChangeEvent[] = [];
        c.store.onChange((e) => events.push(e));
        for (const entry of [...entries, ...entries.reverse()]) {
          expect(await c.store.applyRemote([entry])).toEqual({ applied: 0, skipped: 1 });
        }
        expect(await c.store.table('s').get('k')).toEqual({ by: 'b', fCnt: 9 });
        expect(await c.store.digest('s')).toBe(digest);
        expect(events).toEqual([]);
      });

      it('never merges tombstones, nor local writes', async () => {
        const calls: [Counter, Counter][] = [];
        const spy = (w: Counter, l: Counter): Counter => {
          calls.push([w, l]);
          return maxCounter(w, l);
        };
        const a = await open('node-a', manualClock(1_000), undefined, { s: spy });
        const b = await open('node-b', manualClock(5_000), undefined, { s: spy });
        await a.store.table<Counter>('s').put('k', { by: 'a', fCnt: 50 });
        a.clock.advance(10);
        await a.store.table('s').del('k');
        const [put, del] = await readAll(a.store);
        await b.store.table<Counter>('s').put('k', { by: 'b', fCnt: 1 });
        b.clock.advance(10);
        await b.store.table('s').del('k');
        const [bPut, bDel] = await readAll(b.store);
        const c = await open('node-c', manualClock(9_000), undefined, { s: spy });
        await c.store.applyRemote([del!]);
        // An older put meets the tombstone: skipped, not merged.
        expect(await c.store.applyRemote([put!])).toEqual({ applied: 0, skipped: 1 });
        expect(await c.store.table('s').has('k')).toBe(false);
        // A put newer than the tombstone is stored as it came.
        expect(await c.store.applyRemote([bPut!])).toEqual({ applied: 1, skipped: 0 });
        expect(await c.store.table('s').get('k')).toEqual({ by: 'b', fCnt: 1 });
        // A tombstone that wins over a stored put deletes it.
        await c.store.applyRemote([bDel!]);
        expect(await c.store.table('s').has('k')).toBe(false);
        // A local put over a stored value is last-writer-wins as everywhere.
        await c.store.table<Counter>('s').put('k3', { by: 'c', fCnt: 7 });
        await c.store.table<Counter>('s').put('k3', { by: 'c', fCnt: 1 });
        expect(await c.store.table('s').get('k3')).toEqual({ by: 'c', fCnt: 1 });
        expect(calls).toEqual([]);
      });

      it('converges three stores that receive the same entries in different orders', async () => {
        for (const seed of [4, 5, 6]) {
          const random = seededRandom(seed);
          const writers = await Promise.all(
            ['node-a', 'node-b', 'node-c'].map((id) => openMerging(id, manualClock(10_000))),
          );
          const keys = ['k0', 'k1', 'k2'];
          for (let step = 0; step < 60; step += 1) {
            const writer = writers[Math.floor(random() * writers.length)]!;
            writer.clock.advance(Math.floor(random() * 3));
            const key = keys[Math.floor(random() * keys.length)]!;
            await writer.store
              .table<Counter>('s')
              .put(key, { by: writer.store.nodeId, fCnt: Math.floor(random() * 100) });
          }
          const entries = (await Promise.all(writers.map((w) => readAll(w.store)))).flat();
          // Per key: the fields of the last writer, the greatest counter of all writes.
          const expected = new Map<string, { hlc: string; value: Counter }>();
          for (const entry of entries) {
            const value = entry.value as Counter;
            const seen = expected.get(entry.key);
            if (seen === undefined) {
              expected.set(entry.key, { hlc: entry.hlc, value });
            } else {
              const winner = entry.hlc > seen.hlc ? value : seen.value;
              expected.set(entry.key, {
                hlc: entry.hlc > seen.hlc ? entry.hlc : seen.hlc,
                value: { ...winner, fCnt: Math.max(value.fCnt, seen.value.fCnt) },
              });
            }
          }
          const model = [...expected.entries()]
            .sort(([x], [y]) => (x < y ? -1 : 1))
            .map(([key, { value }]) => ({ key, value }));
          const receivers = await Promise.all(
            ['node-x', 'node-y', 'node-z'].map((id) => openMerging(id, manualClock(20_000))),
          );
          const digests = new Set<string>();
          for (const receiver of receivers) {
            const incoming = shuffle(entries, random);
            while (incoming.length > 0) {
              await receiver.store.applyRemote(incoming.splice(0, 1 + Math.floor(random() * 5)));
            }
            expect(await receiver.store.table('s').list()).toEqual(model);
            digests.add(await receiver.store.digest('s'));
          }
          expect(digests.size).toBe(1);
          for (const n of [...writers, ...receivers]) await n.store.close();
        }
      });

      it('takes a merge given when the table is first opened, and refuses another later', async () => {
        const a = await open('node-a', manualClock(1_000));
        const b = await open('node-b', manualClock(9_000));
        b.store.table<Counter>('s', { merge: maxCounter });
        expect(() => b.store.table<Counter>('s', { merge: (w) => w })).toThrow(
          expect.objectContaining({ code: 'SYNC_INVALID_TABLE' }) as Error,
        );
        // Without a merge the handle is the same table, merge kept.
        expect(b.store.table('s')).toBe(b.store.table<Counter>('s', { merge: maxCounter }));
        await a.store.table<Counter>('s').put('k', { by: 'a', fCnt: 10 });
        await b.store.table<Counter>('s').put('k', { by: 'b', fCnt: 5 });
        await b.store.applyRemote(await readAll(a.store));
        expect(await b.store.table('s').get('k')).toEqual({ by: 'b', fCnt: 10 });
        expect(() => b.store.table('logs', { replicated: false, merge: maxCounter })).toThrow(
          expect.objectContaining({ code: 'SYNC_INVALID_TABLE' }) as Error,
        );
        const registered = await open('node-c', manualClock(1_000), undefined, merges);
        expect(() => registered.store.table<Counter>('s', { merge: (w) => w })).toThrow(
          expect.objectContaining({ code: 'SYNC_INVALID_TABLE' }) as Error,
        );
      });

      it('fails the whole call with SYNC_INVALID_VALUE when the merge throws', async () => {
        const failing = (): Counter => {
          throw new Error('merge bug');
        };
        const a = await open('node-a', manualClock(1_000));
        const b = await open('node-b', manualClock(9_000), undefined, { s: failing });
        await a.store.batch([
          { table: 's', key: 'k', value: { by: 'a', fCnt: 1 } },
          { table: 's', key: 'fresh', value: { by: 'a', fCnt: 1 } },
        ]);
        await b.store.table<Counter>('s').put('k', { by: 'b', fCnt: 2 });
        await expect(b.store.applyRemote(await readAll(a.store))).rejects.toMatchObject({
          code: 'SYNC_INVALID_VALUE',
          details: { table: 's', key: 'k' },
        });
        expect(await b.store.table('s').has('fresh')).toBe(false);
      });
    });

    describe('local tables', () => {
      it('writes without oplog entries or versions', async () => {
        const { store } = await open();
        const frames = store.table<{ rssi: number }>('frames', { replicated: false });
        expect(frames.replicated).toBe(false);
        await frames.put('f1', { rssi: -80 });
        await store.batch([
          { table: 'frames', key: 'f2', value: { rssi: -90 } },
          { table: 'devices', key: 'd1', value: 'dev' },
        ]);
        expect(await frames.list()).toEqual([
          { key: 'f1', value: { rssi: -80 } },
          { key: 'f2', value: { rssi: -90 } },
        ]);
        const entries = await readAll(store);
        expect(entries.map((e) => e.table)).toEqual(['devices']);
        await expect(store.digest('frames')).rejects.toMatchObject({ code: 'SYNC_INVALID_TABLE' });
      });

      it('keeps a table local or replicated for the life of the store', async () => {
        const { store } = await open();
        store.table('frames', { replicated: false });
        store.table('devices');
        expect(() => store.table('frames')).toThrow(
          expect.objectContaining({ code: 'SYNC_INVALID_TABLE' }),
        );
        expect(() => store.table('devices', { replicated: false })).toThrow(
          expect.objectContaining({ code: 'SYNC_INVALID_TABLE' }),
        );
      });

      it('appends under time-sortable keys and trims them by age', async () => {
        const { store, clock } = await open('node-a', manualClock(100_000));
        const events = store.table<string>('events', { replicated: false });
        const first = await events.append('a', { prefix: 'dev1/' });
        const second = await events.append('b', { prefix: 'dev1/' });
        clock.advance(1_000);
        const third = await events.append('c', { prefix: 'dev1/' });
        await events.append('other', { prefix: 'dev2/' });
        expect(first < second && second < third).toBe(true);
        expect(first.startsWith('dev1/')).toBe(true);
        await events.trimOlderThan(100_500, { prefix: 'dev1/' });
        expect(await events.list({ prefix: 'dev1/' })).toEqual([{ key: third, value: 'c' }]);
        expect(await events.count({ prefix: 'dev2/' })).toBe(1);
        expect(store.oplog.lastSeq).toBe(0);
      });

      it('keeps only the newest entries with trimToCount, and clears ranges', async () => {
        const { store } = await open();
        const log = store.table<number>('log', { replicated: false });
        await store.batch(
          Array.from({ length: 10 }, (_, i) => ({ table: 'log', key: `k${i}`, value: i })),
        );
        await log.trimToCount(4);
        expect((await log.list()).map((e) => e.value)).toEqual([6, 7, 8, 9]);
        await log.trimToCount(10);
        expect(await log.count()).toBe(4);
        await log.clear({ lt: 'k8' });
        expect((await log.list()).map((e) => e.key)).toEqual(['k8', 'k9']);
        await log.trimToCount(0);
        expect(await log.count()).toBe(0);
      });
    });

    describe('onChange', () => {
      it('reports local, remote and local-table commits after they are readable', async () => {
        const a = await open('node-a');
        const b = await open('node-b');
        const seen: ChangeEvent[] = [];
        const values: unknown[] = [];
        b.store.onChange((event) => {
          seen.push(event);
          void b.store
            .table('t')
            .get(event.ops[0]!.key)
            .then((v) => values.push(v));
        });
        await b.store.batch([
          { table: 't', key: 'x', value: 1 },
          { table: 't', key: 'y', deleted: true },
        ]);
        await b.store.table('frames', { replicated: false }).put('f', 'frame');
        await a.store.table('t').put('z', 'remote');
        await b.store.applyRemote(await readAll(a.store));
        expect(seen.map((e) => e.source)).toEqual(['local', 'local', 'remote']);
        expect(seen[0]!.ops).toEqual([
          expect.objectContaining({ table: 't', key: 'x', value: 1, deleted: false, seq: 1 }),
          expect.objectContaining({
            table: 't',
            key: 'y',
            deleted: true,
            seq: 2,
            origin: 'node-b',
          }),
        ]);
        expect(seen[1]!.ops).toEqual([
          { table: 'frames', key: 'f', value: 'frame', deleted: false },
        ]);
        expect(seen[2]!.ops).toEqual([
          expect.objectContaining({ key: 'z', value: 'remote', origin: 'node-a', seq: 3 }),
        ]);
        await vi.waitFor(() => expect(values[0]).toBe(1));
      });

      it('stops after unsubscribe and survives a throwing listener', async () => {
        const log = new CapturingLogger();
        const b = await backend();
        const store = await b.open({ nodeId: 'node-a', now: manualClock().now, log });
        stores.push(store);
        const calls: string[] = [];
        const off = store.onChange((e) => calls.push(e.ops[0]!.key));
        store.onChange(() => {
          throw new Error('listener bug');
        });
        await store.table('t').put('one', 1);
        off();
        await store.table('t').put('two', 2);
        expect(calls).toEqual(['one']);
        expect(await store.table('t').get('two')).toBe(2);
        expect(log.find('change listener failed')).toHaveLength(2);
      });
    });

    describe('digest', () => {
      it('is equal for equal records whatever the write order, and changes with any record', async () => {
        const a = await open('node-a');
        const b = await open('node-b');
        await a.store.batch([
          { table: 't', key: 'x', value: 1 },
          { table: 't', key: 'y', value: 2 },
        ]);
        const entries = await readAll(a.store);
        await b.store.applyRemote([entries[1]!]);
        await b.store.applyRemote([entries[0]!]);
        expect(await b.store.digest('t')).toBe(await a.store.digest('t'));
        expect(await a.store.digest('t')).toMatch(/^[0-9a-f]{64}$/);
        const before = await a.store.digest('t');
        await a.store.table('t').del('x');
        const afterDelete = await a.store.digest('t');
        expect(afterDelete).not.toBe(before);
        expect(await a.store.digest('t', { gt: 'x' })).toBe(await b.store.digest('t', { gt: 'x' }));
        expect(await a.store.digest('empty')).toBe(await b.store.digest('empty'));
      });
    });

    describe('lifecycle', () => {
      it('keeps data, seq, trim point and clock order across a reopen', async () => {
        const clock = manualClock(100_000);
        const first = await open('node-a', clock);
        await first.store.batch([
          { table: 't', key: 'a', value: 1 },
          { table: 't', key: 'b', value: 2 },
        ]);
        await first.store.table('t').del('b');
        await first.store.oplog.trim(1);
        await first.store.table('frames', { replicated: false }).put('f', 'kept');
        const lastHlc = (await readAll(first.store)).at(-1)!.hlc;
        await first.store.close();

        clock.set(1_000);
        const store = await first.backend.open({ nodeId: 'node-a', now: clock.now });
        stores.push(store);
        expect(await store.table('t').list()).toEqual([{ key: 'a', value: 1 }]);
        expect(store.oplog.lastSeq).toBe(3);
        expect(store.oplog.trimmedSeq).toBe(1);
        expect((await store.oplog.readFrom(2)).map((e) => e.seq)).toEqual([2, 3]);
        expect(await store.table('frames', { replicated: false }).get('f')).toBe('kept');
        expect(await store.table('t').version('b')).toMatchObject({ deleted: true });
        await store.table('t').put('c', 3);
        const [next] = await store.oplog.readFrom(4);
        expect(next!.seq).toBe(4);
        expect(next!.hlc > lastHlc).toBe(true);
      });

      it('finishes queued writes on close, then refuses everything with SYNC_CLOSED', async () => {
        const { store, backend: b } = await open();
        const t = store.table<number>('t');
        const writes = [t.put('a', 1), t.put('b', 2), t.put('c', 3)];
        const closing = store.close();
        await Promise.all(writes);
        await closing;
        expect(store.closed).toBe(true);
        await expect(t.put('d', 4)).rejects.toMatchObject({ code: 'SYNC_CLOSED' });
        await expect(t.get('a')).rejects.toMatchObject({ code: 'SYNC_CLOSED' });
        await expect(store.batch([])).rejects.toMatchObject({ code: 'SYNC_CLOSED' });
        await expect(store.applyRemote([])).rejects.toMatchObject({ code: 'SYNC_CLOSED' });
        await expect(store.oplog.readFrom(1)).rejects.toMatchObject({ code: 'SYNC_CLOSED' });
        expect(() => store.table('t')).toThrow(expect.objectContaining({ code: 'SYNC_CLOSED' }));
        await expect(store.close()).resolves.toBeUndefined();
        const reopened = await b.open({ nodeId: 'node-a' });
        stores.push(reopened);
        expect(await reopened.table('t').getMany(['a', 'b', 'c'])).toEqual([1, 2, 3]);
      });
    });
  });
}
