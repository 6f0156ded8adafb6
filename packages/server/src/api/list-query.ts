/**
 * The react-admin simple-REST list dialect (ra-data-simple-rest): `sort=["field","ASC"]`,
 * `range=[0,24]` (inclusive), `filter={"field":"value"}`, all JSON in the query string. Bad
 * input is a 400 whose message says what was expected.
 */
import type { RecordQuery, SortOrder } from '../store/index.js';
import { ApiError } from './errors.js';
import { isPrototypeName, normaliseHexValue } from './normalise.js';

/**
 * Records per page at most: react-admin asks for 10-50, its export for 1000; a bound keeps one
 * request from reading a whole 100 000-entry log into memory.
 */
export const MAX_PAGE = 1000;

export interface ListQueryString {
  readonly sort?: string | undefined;
  readonly range?: string | undefined;
  readonly filter?: string | undefined;
}

function parseJson(name: string, text: string, expected: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError('API_INVALID_QUERY', `${name} must be JSON like ${expected}, got ${text}`, {
      parameter: name,
    });
  }
}

// A field is a dotted path of record keys (`location.lat`).
const FIELD_SEGMENT_RE = /^[A-Za-z0-9_]{1,64}$/;

/** Sort and filter fields name record keys; Object.prototype members are no fields. */
function checkField(parameter: string, field: string): string {
  const segments = field.split('.');
  const bad = segments.find((s) => !FIELD_SEGMENT_RE.test(s) || isPrototypeName(s));
  if (bad !== undefined || segments.length > 8) {
    throw new ApiError(
      'API_INVALID_QUERY',
      `${parameter} field ${JSON.stringify(field.slice(0, 100))} is not a field name (letters, digits, _ and . between them; no Object.prototype member)`,
      { parameter },
    );
  }
  return field;
}

function parseSort(text: string): RecordQuery['sort'] {
  const expected = '["name","ASC"]';
  const value = parseJson('sort', text, expected);
  if (
    !Array.isArray(value) ||
    value.length !== 2 ||
    typeof value[0] !== 'string' ||
    value[0] === '' ||
    (value[1] !== 'ASC' && value[1] !== 'DESC')
  ) {
    throw new ApiError(
      'API_INVALID_QUERY',
      `sort must be [field, "ASC" or "DESC"] like ${expected}, got ${text}`,
      { parameter: 'sort' },
    );
  }
  return { field: checkField('sort', value[0]), order: value[1] as SortOrder };
}

function parseRange(text: string): { start: number; end: number } {
  const value = parseJson('range', text, '[0,24]');
  const [start, end] = Array.isArray(value) ? (value as unknown[]) : [];
  if (
    !Array.isArray(value) ||
    value.length !== 2 ||
    !Number.isSafeInteger(start) ||
    !Number.isSafeInteger(end) ||
    (start as number) < 0 ||
    (end as number) < (start as number)
  ) {
    throw new ApiError(
      'API_INVALID_QUERY',
      `range must be [first, last] with 0 <= first <= last like [0,24], got ${text}`,
      { parameter: 'range' },
    );
  }
  if ((end as number) - (start as number) + 1 > MAX_PAGE) {
    throw new ApiError('API_INVALID_QUERY', `range may span at most ${MAX_PAGE} records`, {
      parameter: 'range',
    });
  }
  return { start: start as number, end: end as number };
}

function parseFilter(text: string): Record<string, unknown> {
  const value = parseJson('filter', text, '{"name":"x"}');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError(
      'API_INVALID_QUERY',
      `filter must be a JSON object like {"name":"x"}, got ${text}`,
      { parameter: 'filter' },
    );
  }
  for (const field of Object.keys(value)) checkField('filter', field);
  return value as Record<string, unknown>;
}

/**
 * Parses the list parameters. `hexFields` are filter fields holding EUIs or DevAddrs, whose
 * values are normalised like stored ones. Without a range the first {@link MAX_PAGE} come.
 */
export function parseListQuery(
  query: ListQueryString,
  hexFields: readonly string[] = [],
): RecordQuery {
  const filter = query.filter === undefined ? {} : parseFilter(query.filter);
  for (const field of hexFields) {
    if (Object.hasOwn(filter, field)) filter[field] = normaliseHexValue(filter[field]);
  }
  return {
    sort: query.sort === undefined ? undefined : parseSort(query.sort),
    range: query.range === undefined ? { start: 0, end: MAX_PAGE - 1 } : parseRange(query.range),
    filter,
  };
}

/** `Content-Range: <resource> <first>-<last>/<total>`; `*` for an empty page (RFC 9110 §14.4). */
export function contentRange(
  resource: string,
  start: number,
  count: number,
  total: number,
): string {
  return count === 0
    ? `${resource} */${total}`
    : `${resource} ${start}-${start + count - 1}/${total}`;
}
