import { SyncError } from '../errors.js';

/** A replicated write as the oplog holds it: `seq` is its position in this node's log. */
export interface OplogPut<V = unknown> {
  readonly seq: number;
  readonly table: string;
  readonly key: string;
  readonly value: V;
  readonly deleted?: undefined;
  /** Encoded hybrid logical clock timestamp of the original write (see `encodeHlc`). */
  readonly hlc: string;
  /** Node that made the original write; kept when the entry is applied elsewhere. */
  readonly origin: string;
}

/** A replicated delete; the key keeps a tombstone so an older put cannot bring it back. */
export interface OplogDelete {
  readonly seq: number;
  readonly table: string;
  readonly key: string;
  readonly value?: undefined;
  readonly deleted: true;
  readonly hlc: string;
  readonly origin: string;
}

/** One oplog entry: a put or a delete of one key in one replicated table. */
export type OplogEntry<V = unknown> = OplogPut<V> | OplogDelete;

/** An entry received from a peer. Its `seq` is a position in the peer's log and is ignored. */
export type RemoteEntry =
  | (Omit<OplogPut, 'seq'> & { readonly seq?: number })
  | (Omit<OplogDelete, 'seq'> & { readonly seq?: number });

// 16 decimal digits hold every safe integer, so keys sort in sequence order.
const SEQ_DIGITS = 16;

/** Fixed-width sortable key of a sequence number. */
export function encodeSeq(seq: number): string {
  return String(seq).padStart(SEQ_DIGITS, '0');
}

/** Inverse of {@link encodeSeq}; throws SYNC_CORRUPT on a malformed key. */
export function decodeSeq(key: string): number {
  const seq = Number(key);
  if (key.length !== SEQ_DIGITS || !Number.isSafeInteger(seq)) {
    throw new SyncError('SYNC_CORRUPT', 'malformed oplog key', { key });
  }
  return seq;
}

/**
 * Stored form of an entry. The value arrives already serialised (`json`) because the data
 * write needs the same text: building the record around it avoids a second stringify.
 */
export function encodeStoredEntry(
  table: string,
  key: string,
  hlc: string,
  origin: string,
  json: string | undefined,
): string {
  const head = `{"t":${JSON.stringify(table)},"k":${JSON.stringify(key)},"h":${JSON.stringify(hlc)},"o":${JSON.stringify(origin)}`;
  return json === undefined ? `${head},"d":1}` : `${head},"v":${json}}`;
}

interface StoredEntry {
  t: string;
  k: string;
  h: string;
  o: string;
  v?: unknown;
  d?: 1;
}

function isStoredEntry(x: unknown): x is StoredEntry {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  return (
    typeof r.t === 'string' &&
    typeof r.k === 'string' &&
    typeof r.h === 'string' &&
    typeof r.o === 'string' &&
    (r.d === 1 || 'v' in r)
  );
}

/** Parses a stored entry; throws SYNC_CORRUPT when it is not one. */
export function decodeStoredEntry(seqKey: string, text: string): OplogEntry {
  const seq = decodeSeq(seqKey);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new SyncError('SYNC_CORRUPT', 'unreadable oplog entry', { seq }, { cause: err });
  }
  if (!isStoredEntry(parsed)) {
    throw new SyncError('SYNC_CORRUPT', 'malformed oplog entry', { seq });
  }
  return parsed.d === 1
    ? { seq, table: parsed.t, key: parsed.k, deleted: true, hlc: parsed.h, origin: parsed.o }
    : { seq, table: parsed.t, key: parsed.k, value: parsed.v, hlc: parsed.h, origin: parsed.o };
}
