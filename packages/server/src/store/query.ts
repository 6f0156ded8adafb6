/**
 * The list dialect of SPEC "HTTP" evaluated over records: exact-match and "any of" filters,
 * `q` full-text search, sort by any (dotted) field and an inclusive range. Repositories feed
 * it records in key order, so the common case (sorted by id, or by time for logs) streams and
 * never holds more than one page.
 */
import type { ListResult, RecordQuery, SortOrder } from './types.js';

/** Reads a virtual filter field from a record (e.g. frames' `gateway`, from `gateways[]`). */
export type FieldAccessor<T> = (record: T) => unknown;

export interface QueryOptions<T> {
  /** Filter and sort fields that are computed rather than stored under that name. */
  readonly fields?: Readonly<Record<string, FieldAccessor<T>>> | undefined;
  /** Order when the query names none: ASC for configuration, DESC (newest first) for logs. */
  readonly defaultOrder?: SortOrder | undefined;
  /** Fields whose order is the key order, so sorting on them streams (`id`; `time` for logs). */
  readonly keyOrderedFields?: readonly string[] | undefined;
  /** Number of records, when the source knows it without a scan (used when nothing filters). */
  readonly count?: (() => Promise<number>) | undefined;
  /** Top-level fields `q` does not search (RecordQuery.unsearched). */
  readonly unsearched?: readonly string[] | undefined;
}

function withQueryOptions<T>(options: QueryOptions<T>, query: RecordQuery): QueryOptions<T> {
  return query.unsearched === undefined ? options : { ...options, unsearched: query.unsearched };
}

function searchable(record: unknown, unsearched: readonly string[] | undefined): unknown {
  if (unsearched === undefined || typeof record !== 'object' || record === null) return record;
  const copy: Record<string, unknown> = { ...(record as Record<string, unknown>) };
  for (const field of unsearched) delete copy[field];
  return copy;
}

const SEARCH_DEPTH = 3;

/** The value of `field` (dotted paths reach into objects) or of a virtual field. */
export function fieldValue<T>(record: T, field: string, options: QueryOptions<T> = {}): unknown {
  // Own properties only: a field named `constructor` or `__proto__` is no accessor.
  const fields = options.fields;
  if (fields !== undefined && Object.hasOwn(fields, field)) return fields[field]?.(record);
  let value: unknown = record;
  for (const part of field.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, part)) {
      return undefined;
    }
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function textOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function equalsOne(actual: unknown, wanted: unknown): boolean {
  if (Array.isArray(actual)) return actual.some((item) => equalsOne(item, wanted));
  return textOf(actual) === textOf(wanted);
}

function containsText(value: unknown, needle: string, depth: number): boolean {
  if (typeof value === 'string') return value.toLowerCase().includes(needle);
  if (depth <= 0 || typeof value !== 'object' || value === null) return false;
  const children: unknown[] = Array.isArray(value) ? value : Object.values(value);
  return children.some((child) => containsText(child, needle, depth - 1));
}

/** True when `record` matches every entry of `filter`. */
export function matchesFilter<T>(
  record: T,
  filter: Readonly<Record<string, unknown>>,
  options: QueryOptions<T> = {},
): boolean {
  for (const [field, wanted] of Object.entries(filter)) {
    if (field === 'q') {
      const needle = textOf(wanted)?.toLowerCase() ?? '';
      const haystack = searchable(record, options.unsearched);
      if (needle !== '' && !containsText(haystack, needle, SEARCH_DEPTH)) return false;
      continue;
    }
    const actual = fieldValue(record, field, options);
    const ok = Array.isArray(wanted)
      ? wanted.some((one) => equalsOne(actual, one))
      : equalsOne(actual, wanted);
    if (!ok) return false;
  }
  return true;
}

/** Orders two field values: numbers numerically, the rest as text; missing values last. */
export function compareValues(a: unknown, b: unknown, order: SortOrder): number {
  const ta = typeof a === 'number' ? a : textOf(a);
  const tb = typeof b === 'number' ? b : textOf(b);
  if (ta === undefined || tb === undefined) {
    if (ta === tb) return 0;
    return ta === undefined ? 1 : -1;
  }
  let result: number;
  if (typeof ta === 'number' && typeof tb === 'number') result = ta - tb;
  else {
    const sa = String(ta);
    const sb = String(tb);
    result = sa < sb ? -1 : sa > sb ? 1 : 0;
  }
  return order === 'ASC' ? result : -result;
}

function idOf(record: unknown): string {
  return textOf(fieldValue(record, 'id')) ?? '';
}

/** Filters, sorts and pages records already in memory (e.g. a getMany by ids). */
export function queryArray<T>(
  records: readonly T[],
  query: RecordQuery,
  given: QueryOptions<T> = {},
): ListResult<T> {
  const options = withQueryOptions(given, query);
  const filter = query.filter ?? {};
  const field = query.sort?.field ?? 'id';
  const order = query.sort?.order ?? options.defaultOrder ?? 'ASC';
  const matches = records.filter((r) => matchesFilter(r, filter, options));
  matches.sort(
    (a, b) =>
      compareValues(fieldValue(a, field, options), fieldValue(b, field, options), order) ||
      compareValues(idOf(a), idOf(b), order),
  );
  const start = query.range?.start ?? 0;
  const end = query.range?.end ?? Number.MAX_SAFE_INTEGER;
  return { items: matches.slice(start, end + 1), total: matches.length };
}

/**
 * Runs `query` over `scan(reverse)`, which yields records in key order (reversed when asked).
 * Sorting on a key-ordered field streams; any other sort collects the matches first.
 */
export async function runQuery<T>(
  scan: (reverse: boolean) => AsyncIterable<T>,
  query: RecordQuery,
  given: QueryOptions<T> = {},
): Promise<ListResult<T>> {
  const options = withQueryOptions(given, query);
  const filter = query.filter ?? {};
  const field = query.sort?.field ?? 'id';
  const order = query.sort?.order ?? options.defaultOrder ?? 'ASC';
  const keyOrdered = field === 'id' || (options.keyOrderedFields ?? []).includes(field);
  if (!keyOrdered) {
    const all: T[] = [];
    for await (const record of scan(false)) {
      if (matchesFilter(record, filter, options)) all.push(record);
    }
    return queryArray(all, { ...query, filter: {} }, options);
  }
  const start = query.range?.start ?? 0;
  const end = query.range?.end ?? Number.MAX_SAFE_INTEGER;
  const unfiltered = Object.keys(filter).length === 0;
  const items: T[] = [];
  let total = 0;
  for await (const record of scan(order === 'DESC')) {
    if (!matchesFilter(record, filter, options)) continue;
    if (total >= start && total <= end) items.push(record);
    total += 1;
    // Without a filter the total is known apart, so the scan can stop at the page's end.
    if (unfiltered && options.count !== undefined && total > end) {
      return { items, total: await options.count() };
    }
  }
  return { items, total };
}
