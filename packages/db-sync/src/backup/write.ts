/**
 * Taking a backup of a running store: one consistent snapshot (the same the join sends), as
 * a stream of file bytes. Reading it never blocks writes; the snapshot holds the data as it
 * was when the backup started.
 */
import { storeInternals } from '../store/index.js';
import type { Store } from '../store/index.js';
import { openSnapshot } from '../replication/snapshot.js';
import { encodeFrame } from '../transport/index.js';
import { BACKUP_FORMAT, TRAILER_MAGIC, checksum } from './format.js';
import type { BackupHeader } from './format.js';

export interface BackupSource {
  /** Records in the backup (known before the first byte, for progress). */
  readonly total: number;
  readonly header: BackupHeader;
  /** The file's bytes; reading them to the end (or stopping early) releases the snapshot. */
  readonly bytes: AsyncGenerator<Buffer, void, undefined>;
}

export interface BackupOptions {
  readonly clusterId: string;
  readonly nodeId: string;
  readonly version: string;
  readonly now?: (() => number) | undefined;
}

/** Takes the snapshot now and returns the backup's bytes to stream. */
export async function openBackup(store: Store, options: BackupOptions): Promise<BackupSource> {
  const source = await openSnapshot(storeInternals(store));
  let total: number;
  try {
    total = await source.count();
  } catch (err) {
    await source.close();
    throw err;
  }
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    clusterId: options.clusterId,
    node: options.nodeId,
    version: options.version,
    createdAt: new Date((options.now ?? Date.now)()).toISOString(),
    total,
    upTo: source.lastSeq,
    tables: source.tables,
  };
  async function* bytes(): AsyncGenerator<Buffer, void, undefined> {
    const hash = checksum();
    const emit = (frame: Buffer): Buffer => {
      hash.update(frame);
      return frame;
    };
    try {
      yield emit(encodeFrame({ t: 'snap_begin', ...header }));
      let records = 0;
      for await (const chunk of source.chunks()) {
        records += chunk.rows.length;
        yield emit(encodeFrame({ t: 'snap_chunk', table: chunk.table, rows: chunk.rows }));
      }
      yield emit(encodeFrame({ t: 'snap_end', records }));
      yield Buffer.concat([TRAILER_MAGIC, hash.digest()]);
    } finally {
      await source.close();
    }
  }
  return { total, header, bytes: bytes() };
}
