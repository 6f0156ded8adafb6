import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { compareVersions, decodeVersion } from '../codec.js';
import type { RecordRow, StoreInternals } from '../store/index.js';
import type { VersionRow } from './messages.js';

/**
 * Records are spread over this many buckets by a hash of their key. Each side hashes every
 * bucket in one scan; only the buckets whose hashes differ are compared record by record.
 */
export const BUCKETS = 256;

/** Buckets compared per round, which bounds the versions held in memory for one exchange. */
export const BUCKETS_PER_ROUND = 32;

/** FNV-1a over the UTF-16 units of `key`, folded to a bucket number: the same on every node. */
export function bucketOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h ^ (h >>> 8) ^ (h >>> 16) ^ (h >>> 24)) & (BUCKETS - 1);
}

/**
 * One hash per bucket over the (key, version) pairs of `table`, in key order. The version text
 * is deterministic (see codec.encodeVersion), so equal states give equal hashes everywhere.
 */
export async function bucketDigests(internals: StoreInternals, table: string): Promise<string[]> {
  const hashes: (Hash | undefined)[] = new Array<Hash | undefined>(BUCKETS).fill(undefined);
  const iterator = internals.tableSubs(table).versions.iterator();
  try {
    for (;;) {
      const rows = await iterator.nextv(2000);
      if (rows.length === 0) break;
      for (const [key, text] of rows) {
        const b = bucketOf(key);
        let hash = hashes[b];
        if (hash === undefined) {
          hash = createHash('sha256');
          hashes[b] = hash;
        }
        hash.update(`${JSON.stringify(key)}${text}\n`);
      }
    }
  } finally {
    await iterator.close();
  }
  return hashes.map((h) => (h === undefined ? '' : h.digest('hex').slice(0, 32)));
}

/** Bucket numbers whose digests differ between `a` and `b`. */
export function differingBuckets(a: readonly string[], b: readonly string[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < BUCKETS; i += 1) if ((a[i] ?? '') !== (b[i] ?? '')) out.push(i);
  return out;
}

/** The versions of every record of `table` that falls in one of `buckets`. */
export async function versionsInBuckets(
  internals: StoreInternals,
  table: string,
  buckets: ReadonlySet<number>,
): Promise<VersionRow[]> {
  const out: VersionRow[] = [];
  const iterator = internals.tableSubs(table).versions.iterator();
  try {
    for (;;) {
      const rows = await iterator.nextv(2000);
      if (rows.length === 0) break;
      for (const [key, text] of rows) {
        if (!buckets.has(bucketOf(key))) continue;
        const v = decodeVersion(text, table, key);
        out.push([key, v.hlc, v.origin, v.deleted ? 1 : 0]);
      }
    }
  } finally {
    await iterator.close();
  }
  return out;
}

/**
 * Compares the versions one side holds (`theirs`) with ours for the same buckets. Returns the
 * keys where ours is newer or they lack the record (`send`), and the keys where theirs is
 * newer or we lack it (`want`).
 */
export function compareBuckets(
  ours: readonly VersionRow[],
  theirs: readonly VersionRow[],
): { send: string[]; want: string[] } {
  const mine = new Map<string, VersionRow>();
  for (const row of ours) mine.set(row[0], row);
  const send: string[] = [];
  const want: string[] = [];
  const seen = new Set<string>();
  for (const row of theirs) {
    const key = row[0];
    seen.add(key);
    const own = mine.get(key);
    if (own === undefined) {
      want.push(key);
      continue;
    }
    const order = compareVersions({ hlc: own[1], origin: own[2] }, { hlc: row[1], origin: row[2] });
    if (order > 0) send.push(key);
    else if (order < 0) want.push(key);
  }
  for (const key of mine.keys()) if (!seen.has(key)) send.push(key);
  return { send, want };
}

/** The current records (value and version) of `keys`; keys never written are left out. */
export async function readRows(
  internals: StoreInternals,
  table: string,
  keys: readonly string[],
): Promise<RecordRow[]> {
  if (keys.length === 0) return [];
  const subs = internals.tableSubs(table);
  // One snapshot for both reads: a version must travel with the value it was written with.
  const snapshot = internals.db.snapshot();
  let versions: (string | undefined)[];
  let values: (string | undefined)[];
  try {
    [versions, values] = await Promise.all([
      subs.versions.getMany(keys.slice(), { snapshot }),
      subs.data.getMany(keys.slice(), { snapshot }),
    ]);
  } finally {
    await snapshot.close();
  }
  const out: RecordRow[] = [];
  keys.forEach((key, i) => {
    const text = versions[i];
    if (text === undefined) return;
    const v = decodeVersion(text, table, key);
    const json = values[i];
    if (!v.deleted && json === undefined) return;
    out.push([key, v.hlc, v.origin, v.deleted ? null : (json as string)]);
  });
  return out;
}
