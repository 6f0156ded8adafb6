import { describe, expect, it } from 'vitest';
import { compareValues, fieldValue, matchesFilter, queryArray, runQuery } from './query.js';

interface Rec {
  id: string;
  name: string;
  n?: number;
  tags?: string[];
  location?: { lat: number };
}

const recs: Rec[] = [
  { id: 'a', name: 'Alpha', n: 3, tags: ['x'], location: { lat: 1 } },
  { id: 'b', name: 'beta', n: 1, tags: ['y', 'z'] },
  { id: 'c', name: 'Gamma', location: { lat: -1 } },
];

async function* scan(reverse: boolean): AsyncGenerator<Rec> {
  await Promise.resolve();
  yield* reverse ? [...recs].reverse() : recs;
}

describe('list query engine', () => {
  it('exact match compares as text, arrays mean any of', () => {
    expect(matchesFilter(recs[0], { n: '3' })).toBe(true);
    expect(matchesFilter(recs[0], { n: 4 })).toBe(false);
    expect(matchesFilter(recs[1], { id: ['a', 'b'] })).toBe(true);
    expect(matchesFilter(recs[2], { id: [] })).toBe(false);
    expect(matchesFilter(recs[1], { tags: 'z' })).toBe(true);
  });

  it('q searches strings case-insensitively, nested too', () => {
    expect(matchesFilter(recs[0], { q: 'ALP' })).toBe(true);
    expect(matchesFilter(recs[1], { q: 'z' })).toBe(true);
    expect(matchesFilter(recs[2], { q: 'beta' })).toBe(false);
    expect(matchesFilter(recs[2], { q: '' })).toBe(true);
  });

  it('reads dotted fields and virtual fields', () => {
    expect(fieldValue(recs[0], 'location.lat')).toBe(1);
    expect(fieldValue(recs[1], 'location.lat')).toBeUndefined();
    expect(fieldValue(recs[0]!, 'x', { fields: { x: (r: Rec) => r.name.length } })).toBe(5);
  });

  it('sorts numbers numerically and puts missing values last either way', () => {
    expect(compareValues(2, 10, 'ASC')).toBeLessThan(0);
    expect(compareValues(undefined, 1, 'ASC')).toBeGreaterThan(0);
    expect(compareValues(undefined, 1, 'DESC')).toBeGreaterThan(0);
    const asc = queryArray(recs, { sort: { field: 'n', order: 'ASC' } });
    expect(asc.items.map((r) => r.id)).toEqual(['b', 'a', 'c']);
    const desc = queryArray(recs, { sort: { field: 'n', order: 'DESC' } });
    expect(desc.items.map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });

  it('runQuery streams key order, pages and counts the matches', async () => {
    const page = await runQuery(scan, { range: { start: 1, end: 1 } });
    expect(page).toEqual({ items: [recs[1]], total: 3 });
    const desc = await runQuery(scan, { sort: { field: 'id', order: 'DESC' } });
    expect(desc.items.map((r) => r.id)).toEqual(['c', 'b', 'a']);
    const filtered = await runQuery(scan, { filter: { q: 'a' }, range: { start: 0, end: 0 } });
    expect(filtered.total).toBe(3);
    const byName = await runQuery(scan, { sort: { field: 'name', order: 'ASC' } });
    expect(byName.items.map((r) => r.name)).toEqual(['Alpha', 'Gamma', 'beta']);
  });

  it('runQuery stops at the end of the page when the count is known', async () => {
    let read = 0;
    async function* counting(): AsyncGenerator<Rec> {
      for (const r of recs) {
        await Promise.resolve();
        read += 1;
        yield r;
      }
    }
    const page = await runQuery(
      counting,
      { range: { start: 0, end: 0 } },
      {
        count: () => Promise.resolve(42),
      },
    );
    expect(page).toEqual({ items: [recs[0]], total: 42 });
    expect(read).toBe(1);
  });
});
