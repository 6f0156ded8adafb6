import { describe, expect, it } from 'vitest';
import { compareKeys, prefixUpperBound, toLevelRange } from './range.js';

describe('prefixUpperBound', () => {
  it.each([
    ['abc', 'abd'],
    ['a\u{10ffff}', 'b'],
    ['\u{d7ff}', '\u{e000}'],
    ['x\u{ffff}', 'x\u{10000}'],
  ])('bounds %j by %j', (prefix, bound) => {
    expect(prefixUpperBound(prefix)).toBe(bound);
  });

  it('has no bound for a prefix made only of the last code point', () => {
    expect(prefixUpperBound('\u{10ffff}\u{10ffff}')).toBeUndefined();
  });

  it('sits above every key with the prefix and below the next ones, in byte order', () => {
    const prefix = 'dev/\u{ffff}';
    const bound = prefixUpperBound(prefix)!;
    for (const key of [prefix, `${prefix}\u{10ffff}zz`, `${prefix}\u{1f600}`]) {
      expect(compareKeys(key, bound)).toBe(-1);
    }
    expect(compareKeys('dev/\u{10000}', bound)).toBe(0);
  });
});

describe('toLevelRange', () => {
  it('passes plain bounds, limit and reverse through', () => {
    expect(toLevelRange({ gt: 'a', lte: 'z', limit: 5, reverse: true })).toEqual({
      gt: 'a',
      lte: 'z',
      limit: 5,
      reverse: true,
    });
  });

  it('turns a prefix into a half-open range', () => {
    expect(toLevelRange({ prefix: 'ab' })).toEqual({ gte: 'ab', lt: 'ac' });
  });

  it('intersects a prefix with tighter or looser bounds', () => {
    expect(toLevelRange({ prefix: 'ab', gt: 'ab1', lte: 'zz' })).toEqual({ gt: 'ab1', lt: 'ac' });
    expect(toLevelRange({ prefix: 'ab', gte: 'a', lt: 'ab5' })).toEqual({ gte: 'ab', lt: 'ab5' });
  });

  it('prefers the exclusive bound when two bounds are equal', () => {
    expect(toLevelRange({ gt: 'k', gte: 'k', lt: 'm', lte: 'm' })).toEqual({ gt: 'k', lt: 'm' });
  });

  it('ignores an empty prefix', () => {
    expect(toLevelRange({ prefix: '' })).toEqual({});
  });

  it.each([{ limit: -1 }, { limit: 1.5 }, { gt: 3 as unknown as string }])(
    'rejects %j with SYNC_INVALID_QUERY',
    (query) => {
      expect(() => toLevelRange(query)).toThrow(
        expect.objectContaining({ code: 'SYNC_INVALID_QUERY' }),
      );
    },
  );
});
