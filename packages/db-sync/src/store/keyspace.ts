/**
 * The sublevel layout of a store, in one place: data `d/<table>`, versions `v/<table>`
 * (replicated tables only), oplog `o` and meta `m` with the log head. abstract-level encodes a
 * nested sublevel as `!d!!<table>!<key>`; code outside this file never spells that out.
 */
import { SyncError } from '../errors.js';
import type { LevelDb, LevelOp, LevelSnapshot, LevelSub } from '../level.js';

/** Every sublevel stores UTF-8 text keys and values (values are JSON). */
export const SUBLEVEL = { keyEncoding: 'utf8', valueEncoding: 'utf8' } as const;

/** Table names: safe in keys, logs and file names. */
export const TABLE_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/** Which sublevel family a table's rows live in. */
export type TableKind = 'd' | 'v';

const HEAD_KEY = 'head';

/** Persisted position of the log, rewritten in every batch that appends to it. */
export interface Head {
  readonly seq: number;
  readonly hlc: string | undefined;
  readonly trimmed: number;
}

/** The oplog and meta sublevels of `db`. */
export function rootSubs(db: LevelDb): { readonly oplog: LevelSub; readonly meta: LevelSub } {
  return {
    oplog: db.sublevel<string, string>('o', SUBLEVEL),
    meta: db.sublevel<string, string>('m', SUBLEVEL),
  };
}

/** The data sublevel (`d`) or version sublevel (`v`) of table `name`. */
export function tableSub(db: LevelDb, kind: TableKind, name: string): LevelSub {
  return db.sublevel<string, string>([kind, name], SUBLEVEL);
}

/**
 * Names of the tables of `kind` that hold at least one key, in order (unchecked: a foreign key
 * may name no valid table): one key read per table, then a seek past the rest of it.
 */
export async function tableNames(
  db: LevelDb,
  kind: TableKind,
  snapshot?: LevelSnapshot,
): Promise<string[]> {
  // Inside the family sublevel a table's keys are `!<table>!<key>`.
  const family = db.sublevel<string, string>(kind, SUBLEVEL);
  const iterator = family.keys({
    gt: '!',
    lt: '"',
    ...(snapshot === undefined ? {} : { snapshot }),
  });
  const names: string[] = [];
  try {
    for (;;) {
      const key = await iterator.next();
      if (key === undefined) break;
      const end = key.indexOf('!', 1);
      if (end < 0) break;
      const name = key.slice(1, end);
      names.push(name);
      iterator.seek(`!${name}"`);
    }
  } finally {
    await iterator.close();
  }
  return names;
}

/** Reads the log head (through `snapshot` when given); the initial one when the database is new. */
export async function readHead(meta: LevelSub, snapshot?: LevelSnapshot): Promise<Head> {
  let text: string | undefined;
  try {
    text = await meta.get(HEAD_KEY, snapshot === undefined ? {} : { snapshot });
  } catch (err) {
    throw new SyncError('SYNC_OPEN_FAILED', 'store state unreadable', {}, { cause: err });
  }
  return parseHead(text);
}

/** The batch operation that stores `head`. */
export function headOp(meta: LevelSub, head: Head): LevelOp {
  return { type: 'put', sublevel: meta, key: HEAD_KEY, value: JSON.stringify(head) };
}

function parseHead(text: string | undefined): Head {
  if (text === undefined) return { seq: 0, hlc: undefined, trimmed: 0 };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new SyncError('SYNC_CORRUPT', 'unreadable log head', {}, { cause: err });
  }
  const r = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<
    string,
    unknown
  >;
  const { seq, trimmed, hlc } = r;
  if (
    typeof seq !== 'number' ||
    typeof trimmed !== 'number' ||
    !Number.isSafeInteger(seq) ||
    !Number.isSafeInteger(trimmed) ||
    (hlc !== undefined && typeof hlc !== 'string')
  ) {
    throw new SyncError('SYNC_CORRUPT', 'malformed log head', {});
  }
  return { seq, trimmed, hlc };
}
