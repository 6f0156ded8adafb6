/**
 * Join-only operations on a whole database: replacing it with an empty one, bulk-loading
 * records without oplog entries, and the questions a join asks first (which tables hold data).
 */
import { rename, rm } from 'node:fs/promises';
import { assertKey, encodeVersion } from '../codec.js';
import { SyncError } from '../errors.js';
import { NODE_ID_PATTERN, decodeHlc } from '../hlc.js';
import type { LevelDb, LevelOp, LevelSnapshot, LevelSub } from '../level.js';
import type { TableSpec } from '../table.js';
import type { RecordRow } from './api.js';
import { openClassic } from './classic.js';
import { readFailed, writeFailed } from './errors.js';
import { TABLE_NAME_PATTERN, tableNames } from './keyspace.js';

/**
 * An empty database in place of `db`: a directory the store owns is closed, moved to
 * `backupLocation` (deleted when undefined) and reopened empty; a caller's database is cleared.
 */
export async function emptyDatabase(
  db: LevelDb,
  owned: { readonly location: string } | undefined,
  backupLocation: string | undefined,
  nodeId: string,
): Promise<LevelDb> {
  if (owned === undefined) {
    try {
      await db.clear();
    } catch (err) {
      throw writeFailed(err, nodeId);
    }
    return db;
  }
  const { location } = owned;
  try {
    await db.close();
    if (backupLocation !== undefined) await rename(location, backupLocation);
    else await rm(location, { recursive: true, force: true });
  } catch (err) {
    throw new SyncError(
      'SYNC_WRITE_FAILED',
      `database at ${location} could not be moved aside`,
      { location, backupLocation: backupLocation ?? null },
      { cause: err },
    );
  }
  return openClassic(location);
}

/** The operations that store `rows` of `spec` as they are, and the newest HLC among them. */
export function recordOps(
  spec: TableSpec,
  versions: LevelSub,
  rows: readonly RecordRow[],
): { readonly out: LevelOp[]; readonly newest: string | undefined } {
  const out: LevelOp[] = [];
  let newest: string | undefined;
  for (const [key, hlc, origin, json] of rows) {
    assertKey(key, spec.name);
    decodeHlc(hlc);
    if (!NODE_ID_PATTERN.test(origin)) {
      throw new SyncError('SYNC_INVALID_ENTRY', 'record has an invalid origin', {
        table: spec.name,
        key,
      });
    }
    if (json !== null) out.push({ type: 'put', sublevel: spec.data, key, value: json });
    out.push({
      type: 'put',
      sublevel: versions,
      key,
      value: encodeVersion(hlc, origin, json === null),
    });
    if (newest === undefined || hlc > newest) newest = hlc;
  }
  return { out, newest };
}

/** Names of the replicated tables that hold at least one version (tombstones count). */
export async function replicatedTableNames(
  db: LevelDb,
  snapshot?: LevelSnapshot,
): Promise<string[]> {
  try {
    const names = await tableNames(db, 'v', snapshot);
    return names.filter((name) => TABLE_NAME_PATTERN.test(name));
  } catch (err) {
    throw readFailed(err);
  }
}

/** True when some table other than `ignored` holds data (a value or a tombstone). */
export async function hasDataBeyond(db: LevelDb, ignored: readonly string[]): Promise<boolean> {
  const skip = new Set(ignored);
  try {
    for (const kind of ['d', 'v'] as const) {
      if ((await tableNames(db, kind)).some((name) => !skip.has(name))) return true;
    }
  } catch (err) {
    throw readFailed(err);
  }
  return false;
}
