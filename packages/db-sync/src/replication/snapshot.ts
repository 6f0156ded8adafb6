import { decodeVersion } from '../codec.js';
import { SyncError } from '../errors.js';
import type { LevelSnapshot } from '../level.js';
import type { RecordRow, Store, StoreInternals } from '../store/index.js';
import { recordEntries } from './messages.js';

/** Rows per snapshot chunk, and the JSON bytes after which a chunk is cut early. */
export const CHUNK_ROWS = 2000;
export const CHUNK_BYTES = 256 * 1024;

/** One chunk of a snapshot: rows of one table. */
export interface SnapshotChunk {
  readonly table: string;
  readonly rows: RecordRow[];
}

/**
 * A consistent view of every replicated table (records with their versions, tombstones
 * included) and the position of this node's oplog that it contains.
 */
export interface SnapshotSource {
  /** This node's oplog position at the snapshot: every entry up to it is in the data. */
  readonly lastSeq: number;
  readonly tables: readonly string[];
  /** Number of records (tombstones included); walks the version keys once. */
  count(): Promise<number>;
  chunks(): AsyncGenerator<SnapshotChunk, void, undefined>;
  close(): Promise<void>;
}

/** Takes an explicit LevelDB snapshot; the caller must {@link SnapshotSource.close} it. */
export async function openSnapshot(internals: StoreInternals): Promise<SnapshotSource> {
  const { snapshot, lastSeq } = await internals.takeSnapshot();
  let tables: string[];
  try {
    tables = await internals.replicatedTables(snapshot);
  } catch (err) {
    await snapshot.close();
    throw err;
  }
  return {
    lastSeq,
    tables,
    count: () => countRecords(internals, snapshot, tables),
    chunks: () => readChunks(internals, snapshot, tables),
    close: () => snapshot.close(),
  };
}

async function countRecords(
  internals: StoreInternals,
  snapshot: LevelSnapshot,
  tables: readonly string[],
): Promise<number> {
  let total = 0;
  for (const table of tables) {
    const iterator = internals.tableSubs(table).versions.keys({ snapshot });
    try {
      for (;;) {
        const keys = await iterator.nextv(5000);
        if (keys.length === 0) break;
        total += keys.length;
      }
    } finally {
      await iterator.close();
    }
  }
  return total;
}

async function* readChunks(
  internals: StoreInternals,
  snapshot: LevelSnapshot,
  tables: readonly string[],
): AsyncGenerator<SnapshotChunk, void, undefined> {
  for (const table of tables) {
    const subs = internals.tableSubs(table);
    const versions = subs.versions.iterator({ snapshot });
    const data = subs.data.iterator({ snapshot });
    // Both sublevels are in key order and every live version has its data row: a merge join.
    let dataRows: [string, string][] = [];
    let dataIndex = 0;
    let dataDone = false;
    const dataFor = async (key: string): Promise<string | undefined> => {
      for (;;) {
        if (dataIndex >= dataRows.length) {
          if (dataDone) return undefined;
          dataRows = await data.nextv(CHUNK_ROWS);
          dataIndex = 0;
          if (dataRows.length === 0) {
            dataDone = true;
            return undefined;
          }
        }
        const row = dataRows[dataIndex] as [string, string];
        if (row[0] === key) {
          dataIndex += 1;
          return row[1];
        }
        if (Buffer.compare(Buffer.from(row[0]), Buffer.from(key)) > 0) return undefined;
        dataIndex += 1;
      }
    };
    try {
      let rows: RecordRow[] = [];
      let bytes = 0;
      for (;;) {
        const batch = await versions.nextv(CHUNK_ROWS);
        if (batch.length === 0) break;
        for (const [key, text] of batch) {
          const version = decodeVersion(text, table, key);
          let json: string | null = null;
          if (!version.deleted) {
            const found = await dataFor(key);
            if (found === undefined) {
              throw new SyncError('SYNC_CORRUPT', 'record version without data', { table, key });
            }
            json = found;
          }
          rows.push([key, version.hlc, version.origin, json]);
          bytes += key.length + (json?.length ?? 0) + 64;
          if (rows.length >= CHUNK_ROWS || bytes >= CHUNK_BYTES) {
            yield { table, rows };
            rows = [];
            bytes = 0;
          }
        }
      }
      if (rows.length > 0) yield { table, rows };
    } finally {
      await versions.close();
      await data.close();
    }
  }
}

/** Merges rows into `store` last-writer-wins; returns how many were newer and written. */
export async function mergeRows(
  store: Store,
  table: string,
  rows: readonly RecordRow[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await store.applyRemote(recordEntries(table, rows));
  return result.applied;
}
