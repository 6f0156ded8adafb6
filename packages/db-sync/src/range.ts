import { SyncError } from './errors.js';

/**
 * A key range. Bounds combine: `prefix` with `gt`/`gte`/`lt`/`lte` selects their intersection.
 * Keys order by their UTF-8 bytes, as LevelDB stores them.
 */
export interface KeyRange {
  readonly gt?: string | undefined;
  readonly gte?: string | undefined;
  readonly lt?: string | undefined;
  readonly lte?: string | undefined;
  /** Only keys that start with this string. */
  readonly prefix?: string | undefined;
}

/** A key range plus paging: at most `limit` entries, from the high end when `reverse`. */
export interface ListQuery extends KeyRange {
  readonly limit?: number | undefined;
  readonly reverse?: boolean | undefined;
}

/** Bounds and paging in the shape abstract-level's iterator and clear options take. */
export interface LevelRange {
  gt?: string;
  gte?: string;
  lt?: string;
  lte?: string;
  limit?: number;
  reverse?: boolean;
}

interface Bound {
  readonly key: string;
  readonly inclusive: boolean;
}

/**
 * The smallest string greater than every string that starts with `prefix`, in UTF-8 byte
 * order; undefined when there is none (a prefix made only of U+10FFFF).
 */
export function prefixUpperBound(prefix: string): string | undefined {
  const codePoints = Array.from(prefix, (ch) => ch.codePointAt(0) ?? 0);
  for (let end = codePoints.length - 1; end >= 0; end -= 1) {
    const last = codePoints[end] ?? 0;
    if (last < 0x10ffff) {
      // Surrogate code points do not survive UTF-8 encoding: skip past them.
      const next = last + 1 >= 0xd800 && last + 1 <= 0xdfff ? 0xe000 : last + 1;
      return String.fromCodePoint(...codePoints.slice(0, end), next);
    }
  }
  return undefined;
}

/** Compares strings by their UTF-8 bytes (LevelDB order), not by UTF-16 code units. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function checkKey(name: string, key: unknown): string | undefined {
  if (key === undefined) return undefined;
  if (typeof key !== 'string') {
    throw new SyncError('SYNC_INVALID_QUERY', 'range bounds must be strings', { option: name });
  }
  return key;
}

function tighter(a: Bound | undefined, b: Bound | undefined, upper: boolean): Bound | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const order = compareKeys(a.key, b.key);
  if (order === 0) return a.inclusive ? b : a;
  return order < 0 === upper ? a : b;
}

function bound(key: string | undefined, inclusive: boolean): Bound | undefined {
  return key === undefined ? undefined : { key, inclusive };
}

/** Translates a query into iterator options; throws SYNC_INVALID_QUERY on bad input. */
export function toLevelRange(query: ListQuery = {}): LevelRange {
  const prefix = checkKey('prefix', query.prefix);
  let lower = tighter(
    bound(checkKey('gt', query.gt), false),
    bound(checkKey('gte', query.gte), true),
    false,
  );
  let upper = tighter(
    bound(checkKey('lt', query.lt), false),
    bound(checkKey('lte', query.lte), true),
    true,
  );
  if (prefix !== undefined && prefix !== '') {
    lower = tighter(lower, { key: prefix, inclusive: true }, false);
    upper = tighter(upper, bound(prefixUpperBound(prefix), false), true);
  }
  const options: LevelRange = {};
  if (lower !== undefined) {
    if (lower.inclusive) options.gte = lower.key;
    else options.gt = lower.key;
  }
  if (upper !== undefined) {
    if (upper.inclusive) options.lte = upper.key;
    else options.lt = upper.key;
  }
  if (query.limit !== undefined) {
    if (!Number.isSafeInteger(query.limit) || query.limit < 0) {
      throw new SyncError('SYNC_INVALID_QUERY', 'limit must be a non-negative integer', {
        limit: String(query.limit),
      });
    }
    options.limit = query.limit;
  }
  if (query.reverse === true) options.reverse = true;
  return options;
}
