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

/** An oplog entry with its value as the stored JSON text (null for a delete), unparsed. */
export interface RawOplogEntry {
  readonly seq: number;
  readonly table: string;
  readonly key: string;
  readonly hlc: string;
  readonly origin: string;
  readonly json: string | null;
}

/**
 * End (exclusive) of the JSON string literal that opens at `start`, or -1 when there is none.
 * Inside a literal every `"` is escaped, so the first unescaped one closes it.
 */
function stringEnd(text: string, start: number): number {
  if (text.charCodeAt(start) !== 0x22) return -1;
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x22) return i + 1;
  }
  return -1;
}

/** The field `"name":<string>` at `pos`: its value and where the text goes on; or undefined. */
function readField(
  text: string,
  pos: number,
  name: string,
): { value: string; next: number } | undefined {
  const label = `"${name}":`;
  if (!text.startsWith(label, pos)) return undefined;
  const start = pos + label.length;
  const end = stringEnd(text, start);
  if (end < 0) return undefined;
  const literal = text.slice(start, end);
  // Most keys hold no escapes: slicing the quotes off is the value.
  const value = literal.includes('\\') ? (JSON.parse(literal) as string) : literal.slice(1, -1);
  return { value, next: end };
}

/**
 * A stored entry with its value left as JSON text: the replication stream sends values as
 * text, so parsing them only to stringify them again would be wasted. Reads the layout
 * {@link encodeStoredEntry} writes and falls back to a full parse for anything else; throws
 * SYNC_CORRUPT like {@link decodeStoredEntry}.
 */
export function decodeStoredEntryRaw(seqKey: string, text: string): RawOplogEntry {
  const seq = decodeSeq(seqKey);
  const t = text.startsWith('{') ? readField(text, 1, 't') : undefined;
  const k = t && text[t.next] === ',' ? readField(text, t.next + 1, 'k') : undefined;
  const h = k && text[k.next] === ',' ? readField(text, k.next + 1, 'h') : undefined;
  const o = h && text[h.next] === ',' ? readField(text, h.next + 1, 'o') : undefined;
  if (t && k && h && o && text.endsWith('}')) {
    const head = { seq, table: t.value, key: k.value, hlc: h.value, origin: o.value };
    const rest = text.slice(o.next, -1);
    if (rest === ',"d":1') return { ...head, json: null };
    if (rest.startsWith(',"v":') && rest.length > 5) return { ...head, json: rest.slice(5) };
  }
  const entry = decodeStoredEntry(seqKey, text);
  return {
    seq,
    table: entry.table,
    key: entry.key,
    hlc: entry.hlc,
    origin: entry.origin,
    json: entry.deleted === true ? null : JSON.stringify(entry.value),
  };
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
