import { SyncError } from '../errors.js';
import type { RemoteEntry } from '../oplog/index.js';
import type { RecordRow } from '../store/index.js';
import type { Message } from '../transport/index.js';

/**
 * Independent flow-controlled streams on one link, each with its own frame numbers and window:
 * the oplog stream (with its catch-up snapshots), `cluster push`, joins and repair records.
 */
export type Channel = 'stream' | 'push' | 'join' | 'ae';

/** One oplog entry on the wire: table, key, HLC, value JSON text (null: delete). */
export type OpRow = readonly [table: string, key: string, hlc: string, json: string | null];

/** Per origin node: the log id and the last position of its log that a snapshot contains. */
export type PositionVector = Readonly<Record<string, LogPosition>>;

/** A position in one node's oplog. `logId` changes whenever that node's database is replaced. */
export interface LogPosition {
  readonly logId: string;
  readonly seq: number;
}

/** A version on the wire for repair: key, HLC, origin, 1 when a tombstone. */
export type VersionRow = readonly [key: string, hlc: string, origin: string, deleted: 0 | 1];

/** Throws SYNC_PROTOCOL naming the message type and field. */
export function badMessage(m: Message, field: string): SyncError {
  return new SyncError('SYNC_PROTOCOL', `malformed ${m.t} message`, {
    type: m.t.slice(0, 40),
    field,
  });
}

/** `m[field]` as a string; throws SYNC_PROTOCOL otherwise. */
export function str(m: Message, field: string): string {
  const v = m[field];
  if (typeof v !== 'string') throw badMessage(m, field);
  return v;
}

/** `m[field]` as a non-negative safe integer; throws SYNC_PROTOCOL otherwise. */
export function int(m: Message, field: string): number {
  const v = m[field];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw badMessage(m, field);
  return v;
}

/** `m[field]` as a string, or undefined when absent or null. */
export function optStr(m: Message, field: string): string | undefined {
  const v = m[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw badMessage(m, field);
  return v;
}

/** `m[field]` as an array of strings. */
export function strings(m: Message, field: string): string[] {
  const v = m[field];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw badMessage(m, field);
  return v;
}

/** `m[field]` as an array of non-negative integers. */
export function ints(m: Message, field: string): number[] {
  const v = m[field];
  if (!Array.isArray(v) || !v.every((x) => Number.isSafeInteger(x) && (x as number) >= 0)) {
    throw badMessage(m, field);
  }
  return v as number[];
}

/** The channel a flow-controlled frame belongs to. */
export function channelOf(m: Message): Channel {
  const ch = m.ch;
  if (ch === 'stream' || ch === 'push' || ch === 'join' || ch === 'ae') return ch;
  throw badMessage(m, 'ch');
}

/**
 * `m[field]` as rows of three strings and a last column that `last` accepts: the shape of
 * record rows, oplog rows (last: JSON text or null) and version rows (last: 0 or 1).
 */
function quadRows(m: Message, field: 'rows' | 'e', last: (v: unknown) => boolean): unknown[] {
  const rows = m[field];
  if (!Array.isArray(rows)) throw badMessage(m, field);
  for (const row of rows as unknown[]) {
    if (
      !Array.isArray(row) ||
      row.length !== 4 ||
      typeof row[0] !== 'string' ||
      typeof row[1] !== 'string' ||
      typeof row[2] !== 'string' ||
      !last(row[3])
    ) {
      throw badMessage(m, field);
    }
  }
  return rows as unknown[];
}

const isJsonOrNull = (v: unknown): boolean => v === null || typeof v === 'string';

/** `m.rows` as record rows (snapshots, repair records). */
export function recordRows(m: Message): RecordRow[] {
  return quadRows(m, 'rows', isJsonOrNull) as RecordRow[];
}

/**
 * One record or oplog entry from the wire as an entry for `applyRemote`: `json` null is a
 * tombstone; throws SYNC_PROTOCOL when the value text is not JSON.
 */
export function remoteEntry(
  table: string,
  key: string,
  hlc: string,
  origin: string,
  json: string | null,
): RemoteEntry {
  if (json === null) return { table, key, hlc, origin, deleted: true };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    throw new SyncError('SYNC_PROTOCOL', 'value is not json', { table, key }, { cause: err });
  }
  return { table, key, hlc, origin, value };
}

/** Record rows of `table` (snapshots, repair, push) as remote entries. */
export function recordEntries(table: string, rows: readonly RecordRow[]): RemoteEntry[] {
  return rows.map(([key, hlc, origin, json]) => remoteEntry(table, key, hlc, origin, json));
}

/** Oplog rows of `origin`'s stream as remote entries. */
export function opEntries(rows: readonly OpRow[], origin: string): RemoteEntry[] {
  return rows.map(([table, key, hlc, json]) => remoteEntry(table, key, hlc, origin, json));
}

/** `m.e` as oplog rows. */
export function opRows(m: Message): OpRow[] {
  return quadRows(m, 'e', isJsonOrNull) as OpRow[];
}

/** `m.rows` as version rows. */
export function versionRows(m: Message): VersionRow[] {
  return quadRows(m, 'rows', (v) => v === 0 || v === 1) as VersionRow[];
}

/** `m[field]` as a position vector. */
export function positionVector(m: Message, field: string): PositionVector {
  const v = m[field];
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw badMessage(m, field);
  const out: Record<string, LogPosition> = {};
  for (const [origin, pos] of Object.entries(v as Record<string, unknown>)) {
    if (typeof pos !== 'object' || pos === null) throw badMessage(m, field);
    const { logId, seq } = pos as { logId?: unknown; seq?: unknown };
    if (typeof logId !== 'string' || typeof seq !== 'number' || !Number.isSafeInteger(seq)) {
      throw badMessage(m, field);
    }
    out[origin] = { logId, seq };
  }
  return out;
}
