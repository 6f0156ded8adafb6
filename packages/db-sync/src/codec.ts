import { SyncError } from './errors.js';
import type { SyncErrorDetails } from './errors.js';
import type { RecordVersion } from './types.js';

/** Throws SYNC_INVALID_KEY unless `key` is a non-empty string. */
export function assertKey(key: unknown, table: string): asserts key is string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new SyncError('SYNC_INVALID_KEY', 'key must be a non-empty string', {
      table,
      keyType: typeof key,
    });
  }
}

/** JSON text of a value; throws SYNC_INVALID_VALUE when it has none (undefined, bigint, cycles). */
export function encodeValue(value: unknown, table: string, key: string): string {
  return encodeJson(value, 'value', { table, key });
}

/**
 * JSON text of `value`; throws SYNC_INVALID_VALUE ("`what` is not serialisable as json", with
 * `details`) when it has none.
 */
export function encodeJson(value: unknown, what: string, details: SyncErrorDetails): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (err) {
    throw new SyncError('SYNC_INVALID_VALUE', `${what} is not serialisable as json`, details, {
      cause: err,
    });
  }
  if (json === undefined) {
    throw new SyncError('SYNC_INVALID_VALUE', `${what} is not serialisable as json`, details);
  }
  return json;
}

/** Parses stored JSON; throws SYNC_CORRUPT when the stored text is not JSON. */
export function decodeValue<V>(text: string, table: string, key: string): V {
  try {
    return JSON.parse(text) as V;
  } catch (err) {
    throw new SyncError('SYNC_CORRUPT', 'stored value is not json', { table, key }, { cause: err });
  }
}

/** Stored form of a record version. */
export function encodeVersion(hlc: string, origin: string, deleted: boolean): string {
  const head = `{"h":${JSON.stringify(hlc)},"o":${JSON.stringify(origin)}`;
  return deleted ? `${head},"d":1}` : `${head}}`;
}

/** Parses a stored record version; throws SYNC_CORRUPT on anything else. */
export function decodeVersion(text: string, table: string, key: string): RecordVersion {
  const parsed = decodeValue<unknown>(text, table, key);
  if (typeof parsed === 'object' && parsed !== null) {
    const r = parsed as Record<string, unknown>;
    if (typeof r.h === 'string' && typeof r.o === 'string') {
      return { hlc: r.h, origin: r.o, deleted: r.d === 1 };
    }
  }
  throw new SyncError('SYNC_CORRUPT', 'malformed record version', { table, key });
}

/**
 * Last-writer-wins order: by HLC, then by origin. Both are printable ASCII (node ids are), so
 * string order is byte order and every node decides the same way.
 */
export function compareVersions(
  a: { readonly hlc: string; readonly origin: string },
  b: { readonly hlc: string; readonly origin: string },
): number {
  if (a.hlc !== b.hlc) return a.hlc < b.hlc ? -1 : 1;
  if (a.origin !== b.origin) return a.origin < b.origin ? -1 : 1;
  return 0;
}
